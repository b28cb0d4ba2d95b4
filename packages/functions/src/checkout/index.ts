export { type CheckoutResources, checkoutDefinition, localCheckoutResources } from "./definition";
