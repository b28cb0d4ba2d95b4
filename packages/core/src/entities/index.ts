import { Service } from "electrodb";
import { dynamoClient, tableName } from "../dynamo/client";
import { CartEntity } from "./cart";
import { IdempotencyEntity } from "./idempotency";
import { DailyMetricEntity, DailyReportEntity } from "./metric";
import { NotificationEntity } from "./notification";
import { OrderEntity } from "./order";
import { PaymentEntity } from "./payment";
import { ProductEntity } from "./product";
import { ReservationEntity } from "./reservation";
import { UserEntity } from "./user";
import { UserEmailEntity } from "./user-email";

/** Every entity of the single table, in one ElectroDB Service (collections span entities). */
export const Shop = new Service(
  {
    user: UserEntity,
    userEmail: UserEmailEntity,
    product: ProductEntity,
    cart: CartEntity,
    order: OrderEntity,
    reservation: ReservationEntity,
    payment: PaymentEntity,
    notification: NotificationEntity,
    dailyMetric: DailyMetricEntity,
    dailyReport: DailyReportEntity,
    idempotency: IdempotencyEntity,
  },
  { client: dynamoClient(), table: tableName() },
);

export { METRIC_SHARDS } from "./metric";
export { ORDER_STATUSES } from "./order";
export { PRODUCT_STATUSES } from "./product";
