import { Entity, type EntityConfiguration } from "electrodb";
import { createdAt, SERVICE, updatedAt } from "./shared";

export const PAYMENT_STATUSES = ["PENDING", "APPROVED", "DECLINED", "TIMED_OUT"] as const;
/** A charge the provider took that no paid order stands behind is refunded: asked, then confirmed. */
export const REFUND_STATUSES = ["REQUESTED", "REFUNDED"] as const;

export const PaymentEntity = (config?: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: "payment", version: "1", service: SERVICE },
      attributes: {
        orderId: { type: "string", required: true, readOnly: true },
        paymentId: { type: "string", required: true, readOnly: true },
        /** the order's payment attempt this charge belongs to */
        attempt: { type: "number", required: true, readOnly: true },
        /** integer cents */
        amount: { type: "number", required: true, readOnly: true },
        currency: { type: "string", required: true, default: "USD" },
        paymentMethod: { type: "string", required: true, readOnly: true },
        status: { type: PAYMENT_STATUSES, required: true },
        /** the payment provider's charge id (`ch_<orderId>_<attempt>`), used to match its webhooks */
        chargeId: { type: "string" },
        declineReason: { type: "string" },
        /** what the provider reported when it differs from the charge asked for (recorded, then declined) */
        reportedAmount: { type: "number" },
        reportedCurrency: { type: "string" },
        refundStatus: { type: REFUND_STATUSES },
        /** why a succeeded charge was given back: amount_mismatch, order_not_payable */
        refundReason: { type: "string" },
        refundId: { type: "string" },
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
        byCharge: {
          index: "gsi1",
          pk: { field: "gsi1pk", composite: ["chargeId"] },
          sk: { field: "gsi1sk", composite: [] },
        },
      },
    },
    config,
  );
