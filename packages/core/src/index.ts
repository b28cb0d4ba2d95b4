export { Actor } from "./actor";
export * as Admin from "./admin";
export * as Analytics from "./analytics";
export * as Cart from "./cart";
export * as Checkout from "./checkout";
export { CheckoutContract, OrderInvalidError } from "./checkout";
export { Shop } from "./entities";
export * from "./events";
export * as FlashSale from "./flash-sale";
export * as Idempotency from "./idempotency";
export * as Inventory from "./inventory";
export { InventoryBusyError, OutOfStockError } from "./inventory";
export type { NotificationProvider } from "./notification";
export * as Notification from "./notification";
export * as Order from "./order";
export * as OrderOutbox from "./order/outbox";
export * as Payment from "./payment";
export { UnknownChargeError } from "./payment";
export * as SimulatedProvider from "./payment/provider";
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
export * as Product from "./product";
export * as User from "./user";
export { fieldIssues, fn, parse, validationError } from "./util/fn";
export { createId, Id, idTime } from "./util/id";
export { type Page, PageInput } from "./util/page";
