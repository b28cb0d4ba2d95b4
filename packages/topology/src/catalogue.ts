/**
 * The functions, declared once: every Lambda with its trigger, links, layers and limits. Its handler
 * is `packages/functions/src/<trigger type>/<name>.ts` (see `handlerOf`). `stacks/` builds the AWS
 * resources from it and `packages/local` wires the same triggers locally, so the cloud and a laptop
 * cannot drift. This file is data; the helpers that read it are in ./index.ts.
 */

import { type FunctionSpec, http, worker } from "./function-spec";
import { ASYNC_INVOKE_DEFAULTS } from "./resources";

export type { FunctionSpec } from "./function-spec";

export const catalogue = {
  // P1 — API Gateway → Hono services
  "users-api": http(
    "Users on Cognito: sign up and confirm, sign in, refresh, sign out, reset a password, profile",
    [
      "POST /users/register",
      "POST /users/confirm",
      "POST /users/login",
      "POST /users/refresh",
      "POST /users/logout",
      "POST /users/forgot-password",
      "POST /users/reset-password",
      "GET /users/me",
    ],
    ["userPool"],
    { table: ["GetItem", "PutItem", "UpdateItem", "DeleteItem"] },
  ),
  "products-api": http(
    "Products: list, read, create, update, soft delete",
    [
      "GET /products",
      "GET /products/:productId",
      "POST /products",
      "PATCH /products/:productId",
      "DELETE /products/:productId",
    ],
    ["userPool"],
    { table: ["GetItem", "PutItem", "UpdateItem", "DeleteItem", "QueryIndex"] },
  ),
  "cart-api": http(
    "Cart: add items, read, remove an item",
    ["GET /cart", "POST /cart", "DELETE /cart/items/:productId"],
    ["userPool"],
    { table: ["GetItem", "BatchGetItem", "PutItem", "UpdateItem", "DeleteItem"] },
  ),
  "create-order": http(
    "Places an order from the cart: validates it synchronously (P2), records demand asynchronously (P3)",
    ["POST /orders"],
    ["userPool", "function:validate-order", "function:record-demand"],
    { table: ["GetItem", "PutItem", "UpdateItem", "DeleteItem"] },
  ),
  "get-orders": http(
    "Orders: mine (newest first), by status (staff), one with its payments, reservations, notifications",
    ["GET /orders", "GET /orders/:orderId"],
    ["userPool"],
    { table: ["Query", "QueryIndex"] },
  ),
  "cancel-order": http(
    "Cancels an order while allowed and releases its stock",
    ["POST /orders/:orderId/cancel"],
    ["userPool"],
    { table: ["GetItem", "Query", "PutItem", "UpdateItem", "DeleteItem"] },
  ),
  "process-payment": http(
    "Starts the checkout state machine for an order (P7) → 202",
    ["POST /payment/process"],
    ["userPool", "checkoutStarter"],
    { table: ["GetItem", "PutItem", "UpdateItem", "DeleteItem"] },
  ),
  "payment-webhook": http(
    "The payment provider's webhook: checks the HMAC signature and enqueues (P6)",
    ["POST /payment/webhook"],
    ["webhookSecret", "queue:payment-updates"],
  ),
  "check-availability": http("Inventory: a product's available stock", ["GET /inventory/:productId"], ["userPool"], {
    table: ["GetItem"],
  }),
  "admin-api": http(
    "Staff's view of the running shop, the same locally and deployed: an order's journey, the queues and dead letters, redrive, a demo order",
    [
      "GET /admin/journey/:orderId",
      "GET /admin/queues",
      "POST /admin/queues/:name/redrive",
      "POST /admin/demo-order",
      "POST /admin/users/:userId/role",
    ],
    [
      "functionLogs",
      "logQueryResults",
      "userPool",
      "staffRoles",
      "queueMonitor",
      "queueMetrics",
      "deadLetterRedrive",
      "redriveDestinations",
      // the demo order is placed and paid as the demo customer: create-order's and process-payment's links
      "function:validate-order",
      "function:record-demand",
      "checkoutStarter",
    ],
    { table: ["GetItem", "BatchGetItem", "PutItem", "UpdateItem", "DeleteItem", "QueryIndex"] },
  ),
  "flash-sale-api": http(
    "Flash sales: open one (staff), read it, claim a unit (queued, or 409 sold out at once), a buyer's claim",
    [
      "POST /flash-sales",
      "GET /flash-sales/:saleId",
      "POST /flash-sales/:saleId/claims",
      "GET /flash-sales/:saleId/claims/me",
    ],
    ["userPool", "queue:flash-claims"],
    { table: ["GetItem", "BatchGetItem", "PutItem", "UpdateItem", "DeleteItem"] },
  ),
  "reports-api": http(
    "Daily reports, today's live counters and the notifications sent (staff)",
    ["GET /reports/daily", "GET /reports/notifications"],
    ["userPool"],
    { table: ["BatchGetItem", "Query", "QueryIndex"] },
  ),

  // P2 + P7 — invoked synchronously by create-order (port validateCart) and as the checkout's ValidateOrder task
  "validate-order": worker(
    "Checks that every line is an active product with enough stock, and prices it",
    { type: "task", stateMachine: "checkout" },
    [],
    // Query: on short stock, whether the attempt holds it already (a second run of the execution)
    { timeout: 5, table: ["GetItem", "BatchGetItem", "Query"] },
  ),
  // P7 — checkout tasks (which state runs which function: the ASL in ./checkout.ts)
  "update-inventory": worker(
    "Reserves an order's stock: a conditional decrement and a reservation per line, in one transaction",
    { type: "task", stateMachine: "checkout" },
    [],
    { table: ["Query", "PutItem", "UpdateItem", "ConditionCheckItem"] },
  ),
  "request-payment": worker(
    "Records the attempt's charge and asks the payment provider for it; the webhook answers later",
    { type: "task", stateMachine: "checkout" },
    ["function:payment-provider"],
    { table: ["GetItem", "PutItem", "ConditionCheckItem"] },
  ),
  // P7 + P2 — the checkout's Compensate task, and invoked synchronously (port compensateAttempt) by update-order-status and settle-payments
  "compensate-checkout": worker(
    "Compensation: releases reserved stock and cancels the order with the reason (or makes it payable again after a decline); asked through its port, tells the customer too",
    { type: "task", stateMachine: "checkout" },
    ["topic"],
    { table: ["GetItem", "Query", "UpdateItem"] },
  ),
  // P6 — queue consumer
  "update-order-status": worker(
    "Applies payment results from the queue (partial batch failures) and settles the attempt: paid (stock committed) or declined (compensate-checkout), the customer told",
    { type: "queue", queue: "payment-updates", batchSize: 10, maxBatchingWindowSeconds: 1 },
    ["topic", "function:payment-provider", "function:compensate-checkout"],
    { timeout: 10, table: ["GetItem", "Query", "UpdateItem", "QueryIndex"] },
  ),
  "allocate-flash-stock": worker(
    "Gives each queued flash-sale claim a unit from one of the sale's stock shards, or SOLD_OUT",
    // 20 batches of 10 claims, each claim one ~10 ms transaction: ~20,000 claims/s, twice what a sale's
    // 20 shards take at 10,000/s; never the thousand invocations an unbounded mapping would throw at them
    { type: "queue", queue: "flash-claims", batchSize: 10, maxBatchingWindowSeconds: 0, maxConcurrency: 20 },
    [],
    { timeout: 10, table: ["GetItem", "PutItem", "UpdateItem"] },
  ),
  // P4 — the table stream → the bus (transactional outbox)
  "order-events": worker(
    "Turns committed order writes from the table stream into domain events on the bus",
    {
      type: "stream",
      batchSize: 25,
      maxRetryAttempts: 3,
      // an order event is worth publishing however late (the stream keeps records 24 h)
      maxRecordAgeSeconds: -1,
      bisectOnFunctionError: true,
      onFailure: "stream-failures",
    },
    ["bus"],
  ),
  // P4 — bus rules
  "analytics-writer": worker(
    "Counts every order event into today's sharded metrics (idempotent)",
    { type: "bus", bus: "shop", rule: "analytics", pattern: { source: ["shop.orders"] } },
    [],
    { async: ASYNC_INVOKE_DEFAULTS, table: ["PutItem", "UpdateItem"] },
  ),
  "route-notification": worker(
    "Customer-facing order events → the notifications topic, one message per channel",
    {
      type: "bus",
      bus: "shop",
      rule: "customer-notifications",
      pattern: { source: ["shop.orders"], "detail-type": ["OrderCreated"] },
    },
    ["topic"],
    { async: ASYNC_INVOKE_DEFAULTS },
  ),
  // P5 — topic subscriber
  "send-notification": worker(
    "Sends (records) an email or SMS for a customer-facing event, once per event and channel",
    {
      type: "topic",
      topic: "notifications",
      filterPolicy: {
        eventType: ["OrderCreated", "OrderPaid", "OrderCancelled", "PaymentDeclined"],
        channel: ["EMAIL", "SMS"],
      },
    },
    ["emailSender", "smsSender"],
    { async: ASYNC_INVOKE_DEFAULTS, table: ["GetItem", "PutItem"] },
  ),
  // Cognito's PostConfirmation trigger, invoked synchronously by the user pool
  "create-profile": worker(
    "Creates a confirmed user's profile in the table, keyed by the token's sub (idempotent)",
    { type: "cognito", event: "PostConfirmation" },
    [],
    { timeout: 5, table: ["PutItem"] },
  ),
  // P3 — asynchronous invokes
  "record-demand": worker(
    "Records what was ordered (demand) when an order is placed; invoked with InvocationType Event",
    { type: "invoke", invocation: "async" },
    [],
    { async: ASYNC_INVOKE_DEFAULTS, table: ["PutItem", "UpdateItem"] },
  ),
  "payment-provider": worker(
    "A simulated payment provider (Stripe-like test tokens) that answers through the signed webhook and refunds on request",
    { type: "invoke", invocation: "async" },
    ["webhookSecret", "api"],
    { async: ASYNC_INVOKE_DEFAULTS, timeout: 30 },
  ),
  // P9 — schedule
  "generate-report": worker(
    "Rolls yesterday's (or a given day's) metric shards up into the daily report",
    { type: "schedule", cron: "5 0 * * ? *" },
    [],
    { table: ["BatchGetItem", "PutItem"] },
  ),
  "settle-payments": worker(
    "Settles payment attempts nothing else will: one unpaid past the payment timeout (compensate-checkout, the customer told), a charge the provider took for an order that was not paid",
    { type: "schedule", cron: "0/5 * * * ? *" },
    ["function:payment-provider", "function:compensate-checkout"],
    { table: ["QueryIndex", "Query", "GetItem", "UpdateItem"], timeout: 60 },
  ),
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof catalogue;
