/**
 * The single table's entities for the domain: `Table.order().get(…)`, each made once, on its first
 * use, with the environment's client and table name. Imported as `import * as Table`, a function's
 * bundle keeps only the entities it uses, and its first invocation validates only their models
 * (ElectroDB validates a model when it makes an entity; the 13 of `Shop()` cost ~35 ms).
 */
import { createWriteTransaction, type EntityConfiguration, Service } from "electrodb";
import { electroClient, tableName } from "../dynamo/client";
import { CartEntity } from "./cart";
import { FlashClaimEntity } from "./flash-claim";
import { FlashSaleEntity } from "./flash-sale";
import { IdempotencyEntity } from "./idempotency";
import { LoginAttemptEntity } from "./login-attempt";
import { DailyMetricEntity, DailyReportEntity } from "./metric";
import { NotificationEntity } from "./notification";
import { OrderEntity } from "./order";
import { PaymentEntity } from "./payment";
import { ProductEntity } from "./product";
import { ReservationEntity } from "./reservation";
import { StaffThrottleEntity } from "./staff-throttle";
import { StockShardEntity } from "./stock-shard";
import { UserEntity } from "./user";

/* @__NO_SIDE_EFFECTS__ */
function madeOnce<T>(make: (config: EntityConfiguration) => T): () => T {
  let made: T | undefined;
  return () => {
    made ??= make({ client: electroClient(), table: tableName() });
    return made;
  };
}

export const user = /* @__PURE__ */ madeOnce(UserEntity);
export const product = /* @__PURE__ */ madeOnce(ProductEntity);
export const cart = /* @__PURE__ */ madeOnce(CartEntity);
export const order = /* @__PURE__ */ madeOnce(OrderEntity);
export const reservation = /* @__PURE__ */ madeOnce(ReservationEntity);
export const payment = /* @__PURE__ */ madeOnce(PaymentEntity);
export const notification = /* @__PURE__ */ madeOnce(NotificationEntity);
export const dailyMetric = /* @__PURE__ */ madeOnce(DailyMetricEntity);
export const dailyReport = /* @__PURE__ */ madeOnce(DailyReportEntity);
export const idempotency = /* @__PURE__ */ madeOnce(IdempotencyEntity);
export const loginAttempt = /* @__PURE__ */ madeOnce(LoginAttemptEntity);
export const staffThrottle = /* @__PURE__ */ madeOnce(StaffThrottleEntity);
export const flashSale = /* @__PURE__ */ madeOnce(FlashSaleEntity);
export const stockShard = /* @__PURE__ */ madeOnce(StockShardEntity);
export const flashClaim = /* @__PURE__ */ madeOnce(FlashClaimEntity);

/** An order with its payments, reservations and notifications: one Query of its partition. */
export const orderDetails = /* @__PURE__ */ madeOnce(
  (config) =>
    new Service(
      {
        order: OrderEntity(),
        payment: PaymentEntity(),
        reservation: ReservationEntity(),
        notification: NotificationEntity(),
      },
      config,
    ),
);

/** One TransactWriteItems over the entities it names (ElectroDB's, as a Service's `transaction.write`). */
export const write = createWriteTransaction;
