export { Actor } from "./actor";
export { Admin } from "./admin";
export { Analytics } from "./analytics";
export { Cart } from "./cart";
export { Checkout, CheckoutContract, OrderInvalidError } from "./checkout";
export { Shop } from "./entities";
export * from "./events";
export { Idempotency } from "./idempotency";
export { Inventory, InventoryBusyError, OutOfStockError } from "./inventory";
export { Notification, type NotificationProvider } from "./notification";
export { Order } from "./order";
export { OrderOutbox } from "./order/outbox";
export { Payment, UnknownChargeError } from "./payment";
export { SimulatedProvider } from "./payment/provider";
export { SIGNATURE_HEADER, signWebhook, verifyWebhook } from "./payment/webhook";
export {
  type DomainEventEntry,
  FunctionInvokeError,
  type HopRecord,
  type Message,
  type PeekedMessage,
  Platform,
  PORT_NAMES,
  type PortName,
  type QueueStatus,
} from "./platform";
export { Product } from "./product";
export { User } from "./user";
export { fieldIssues, fn, parse, validationError } from "./util/fn";
export { createId, Id, idTime } from "./util/id";
export { type Page, PageInput } from "./util/page";
