import { Entity } from "electrodb";
import { createdAt, SERVICE, updatedAt } from "./shared";

export const PAYMENT_STATUSES = ["PENDING", "APPROVED", "DECLINED", "TIMED_OUT"] as const;

export const PaymentEntity = new Entity({
  model: { entity: "payment", version: "1", service: SERVICE },
  attributes: {
    orderId: { type: "string", required: true, readOnly: true },
    paymentId: { type: "string", required: true, readOnly: true },
    /** integer cents */
    amount: { type: "number", required: true, readOnly: true },
    currency: { type: "string", required: true, default: "USD" },
    method: { type: "string", required: true, readOnly: true },
    status: { type: PAYMENT_STATUSES, required: true },
    /** the payment provider's charge id, used to match its webhooks */
    providerRef: { type: "string" },
    declineReason: { type: "string" },
    /** the checkout's task token, handed back with SendTaskSuccess/SendTaskFailure */
    taskToken: { type: "string" },
    createdAt,
    updatedAt,
  },
  indexes: {
    byOrder: {
      collection: "orderDetails",
      pk: { field: "pk", composite: ["orderId"] },
      sk: { field: "sk", composite: ["paymentId"] },
    },
    /** webhook → payment: the provider only knows its own charge id */
    byProviderRef: {
      index: "gsi1",
      pk: { field: "gsi1pk", composite: ["providerRef"] },
      sk: { field: "gsi1sk", composite: [] },
    },
  },
});
