import { Service } from "electrodb";
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

/** The entities are made here, on first use: an ElectroDB Entity validates its model when constructed. The domain reads the table through `./table` (one entity at a time); this Service of them all is for tests and tools. */
function build() {
  return new Service(
    {
      user: UserEntity(),
      product: ProductEntity(),
      cart: CartEntity(),
      order: OrderEntity(),
      reservation: ReservationEntity(),
      payment: PaymentEntity(),
      notification: NotificationEntity(),
      dailyMetric: DailyMetricEntity(),
      dailyReport: DailyReportEntity(),
      idempotency: IdempotencyEntity(),
      loginAttempt: LoginAttemptEntity(),
      staffThrottle: StaffThrottleEntity(),
      flashSale: FlashSaleEntity(),
      stockShard: StockShardEntity(),
      flashClaim: FlashClaimEntity(),
    },
    { client: electroClient(), table: tableName() },
  );
}
let service: ReturnType<typeof build> | undefined;

/**
 * Every entity of the single table, in one ElectroDB Service (collections span entities). Built on
 * first use, not at import: the table name and client come from the environment the function runs
 * with, which a deploy program or a test may not have when it merely imports the domain.
 */
export function Shop(): ReturnType<typeof build> {
  service ??= build();
  return service;
}

export { METRIC_SHARDS } from "./metric";
export { ORDER_STATUSES } from "./order";
export { PRODUCT_STATUSES } from "./product";
