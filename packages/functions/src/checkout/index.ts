export {
  CHECKOUT_TASK_STATES,
  type CheckoutResources,
  checkoutDefinition,
  localCheckoutResources,
} from "./definition";
