import * as z from "zod/mini";
import { OrderLine, PaymentMethod } from "../events";
import { lazy } from "../util/lazy";

/**
 * The checkout's contract, in one place: what an execution starts with, what each Task state sends
 * its function, and the error names the functions raise and the state machine Retries or Catches on
 * (Lambda reports a thrown error's `name` as its errorType). The ASL (packages/topology) and the
 * handlers both read it, so a renamed error cannot silently stop matching a Catch.
 */
/** Error names the checkout's tasks raise or the state machine produces. */
export const Errors = {
  /** a line's stock ran out (at validation or at reservation): compensate */
  OutOfStock: "OutOfStock",
  /** the reservation transaction collided with another: Retry */
  InventoryBusy: "InventoryBusy",
  /** the order cannot be paid as it is (a product gone, a price problem): compensate */
  OrderInvalid: "OrderInvalid",
  /** the provider declined the charge (the payment result's consumer compensates): the order may be paid again */
  PaymentDeclined: "PaymentDeclined",
  /** the attempt was not paid in time (the sweeper compensates), or the execution ran out of time */
  Timeout: "States.Timeout",
} as const;
export type ErrorName = (typeof Errors)[keyof typeof Errors];

/** The reason recorded on a compensated order, per error the state machine caught. */
export const COMPENSATION_REASONS: Record<ErrorName, string> = {
  OutOfStock: "out_of_stock",
  InventoryBusy: "inventory_busy",
  OrderInvalid: "order_invalid",
  PaymentDeclined: "payment_declined",
  "States.Timeout": "payment_timeout",
};
/** Anything else the checkout caught (a task that kept failing) */
export const FALLBACK_REASON = "checkout_failed";

export function compensationReason(error: string): string {
  return Object.hasOwn(COMPENSATION_REASONS, error) ? COMPENSATION_REASONS[error as ErrorName] : FALLBACK_REASON;
}

/**
 * The execution of an order's payment attempt, by name (an Express workflow: the name labels it, it
 * does not make StartExecution idempotent; the attempt's conditional write does).
 */
export function executionName(orderId: string, attempt: number): string {
  return `${orderId}-${attempt}`;
}

/** StartExecution's input. */
export const Input = /* @__PURE__ */ lazy(() =>
  z.object({
    orderId: z.string().check(z.minLength(1)),
    /** the order's payment attempt this execution runs (its name is `<orderId>-<attempt>`) */
    attempt: z.int().check(z.positive()),
    paymentMethod: PaymentMethod,
  }),
);
export type Input = z.infer<typeof Input>;

const orderTask = () => ({
  orderId: z.string().check(z.minLength(1)),
  attempt: z.int().check(z.positive()),
});

/**
 * What ValidateOrder hands on (ResultPath `$.order`): the order's lines and amount as they will be
 * reserved and charged. Carried by the execution to the tasks after it, so that none of them reads
 * the order again; whether the order still awaits this attempt is checked in their own conditional
 * writes, not by a read before them. Only our functions write an execution's state.
 */
export const CarriedOrder = /* @__PURE__ */ lazy(() =>
  z.object({
    items: z.array(OrderLine).check(z.minLength(1)),
    totalAmount: z.int().check(z.nonnegative()),
    currency: z.string().check(z.minLength(1)),
  }),
);
export type CarriedOrder = z.infer<typeof CarriedOrder>;

/** What each Task state passes to its function (the ASL's Parameters/Payload). */
export const Tasks = {
  ValidateOrder: /* @__PURE__ */ lazy(() => z.object(orderTask())),
  ReserveInventory: /* @__PURE__ */ lazy(() => z.object({ ...orderTask(), order: CarriedOrder })),
  RequestPayment: /* @__PURE__ */ lazy(() =>
    z.object({ ...orderTask(), order: CarriedOrder, paymentMethod: PaymentMethod }),
  ),
  Compensate: /* @__PURE__ */ lazy(() =>
    z.object({
      ...orderTask(),
      error: z.object({ Error: z.string(), Cause: z.optional(z.unknown()) }),
      /**
       * sent by the payment result's consumer and the sweeper (port compensateAttempt): the customer
       * is told here too; the workflow tells through its own Notify states
       */
      tell: z.optional(z.literal(true)),
    }),
  ),
} as const;

export type CompensateTask = z.infer<typeof Tasks.Compensate>;

/**
 * What Compensate answers (the ASL's ResultPath `$.compensation`, whose `status` PaidAfterAll reads):
 * the order's status after it (PAID when the payment landed first), or SUPERSEDED for an attempt a
 * later one replaced; and the reason the order records.
 */
export const Compensation = /* @__PURE__ */ lazy(() =>
  z.object({ orderId: z.string(), attempt: z.int(), status: z.string(), reason: z.string() }),
);
export type Compensation = z.infer<typeof Compensation>;

/** Thrown by a checkout task when the order cannot be paid as it is (the state machine compensates). */
export class OrderInvalidError extends Error {
  override name = Errors.OrderInvalid;
}
