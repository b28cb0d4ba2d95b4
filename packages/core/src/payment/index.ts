import { ConflictError, NotFoundError, UnavailableError } from "@shop/common-utils";
import * as z from "zod/mini";
import { Actor } from "../actor";
import * as CheckoutContract from "../checkout/contract";
import { cancellationCodes, committed, isConditionFailure, refusedAt } from "../dynamo/errors";
import * as Table from "../entities/table";
import { PaymentMethod } from "../events";
import * as Order from "../order";
import { Platform } from "../platform";
import { fn } from "../util/fn";
import { lazy } from "../util/lazy";
import * as Settlement from "./settlement";

export { UnknownChargeError } from "./settlement";
export { SIGNATURE_HEADER, signWebhook, verifyWebhook } from "./webhook";

/** The provider's test tokens (see events). */
export const Method = PaymentMethod;
export type Method = PaymentMethod;

export const ProcessInput = /* @__PURE__ */ lazy(() =>
  z.object({
    orderId: z.string().check(z.minLength(1), z.maxLength(64)),
    paymentMethod: Method,
  }),
);

/**
 * How long an attempt waits for the provider's answer (CHECKOUT_PAYMENT_TIMEOUT_SECONDS, default
 * 300): past it the sweeper ends the attempt unpaid, within one of its runs.
 */
export function paymentTimeoutSeconds(): number {
  const seconds = Number(process.env.CHECKOUT_PAYMENT_TIMEOUT_SECONDS ?? 300);
  return Number.isInteger(seconds) && seconds > 0 ? seconds : 300;
}

/**
 * POST /payment/process: the caller pays their own order (staff may pay any); others learn nothing
 * about it (404). Starts the checkout and answers at once.
 */
export const pay = /* @__PURE__ */ fn(ProcessInput, async ({ orderId, paymentMethod }) => {
  // 401 before anything about the order is looked up; the owner is part of the write's condition
  const owner = Actor.isStaff() ? undefined : Actor.userId();
  const started = await startCheckout(orderId, paymentMethod, owner);
  return {
    orderId,
    status: started.order.status,
    paymentStatus: "PROCESSING" as const,
    attempt: started.attempt,
    ...(started.executionArn ? { executionArn: started.executionArn } : {}),
  };
});

/**
 * POST /payment/process: VALIDATED → PAYMENT_PENDING as a new attempt (one conditional write), then
 * that attempt's checkout starts, named `<orderId>-<attempt>`. Only the request whose write began the
 * attempt starts it: Express workflows' StartExecution is not idempotent by name, so a concurrent or
 * repeated request with the same payment method is answered with the running attempt (no second
 * execution); one with another method is a 409. After a decline the order is VALIDATED again and can
 * be paid with another card as the next attempt.
 */
export async function startCheckout(orderId: string, paymentMethod: Method, owner?: string) {
  const { order, changed } = await Order.beginPayment(orderId, paymentMethod, owner);
  if (!changed) {
    // not theirs: the same 404 as no order at all (ids are not confirmed)
    if (owner !== undefined && order.userId !== owner) {
      throw new NotFoundError("order.not_found", "No such order", { orderId });
    }
    if (order.status === "PAID")
      throw new ConflictError("order.already_paid", "The order is already paid", { orderId });
    if (order.status !== "PAYMENT_PENDING") {
      throw new ConflictError("order.invalid_transition", `An order that is ${order.status} cannot be paid`, {
        orderId,
        from: order.status,
        to: "PAYMENT_PENDING",
      });
    }
    if (order.paymentMethod !== paymentMethod) throw alreadyStarted(order);
    // the same request again: the attempt another request began runs (or the sweeper ends it)
    return { order, attempt: order.paymentAttempt, executionArn: undefined };
  }
  const attempt = order.paymentAttempt;
  const input: CheckoutContract.Input = { orderId, attempt, paymentMethod };
  let executionArn: string;
  try {
    ({ executionArn } = await Platform.use().startCheckout(CheckoutContract.executionName(orderId, attempt), input));
  } catch (error) {
    // Step Functions refused (a throttle, an outage): the attempt this request began goes back, so the
    // customer can pay again at once
    await Order.endAttempt(orderId, attempt, "VALIDATED", "checkout_not_started");
    throw new UnavailableError("payment.unavailable", "The payment could not be started; try again", {
      orderId,
      reason: (error as Error).name,
    });
  }
  // not written on the order: an attempt's execution is `<orderId>-<attempt>` (executionName) on the checkout
  return { order, attempt, executionArn };
}

function alreadyStarted(order: Order.Info) {
  return new ConflictError("payment.already_started", "A payment for this order is already in progress", {
    orderId: order.orderId,
    status: order.status,
    attempt: order.paymentAttempt,
  });
}

/** A payment attempt's charge id at the provider: one per attempt, so a retried task asks once. */
const chargeIdOf = (orderId: string, attempt: number) => `ch_${orderId.toLowerCase()}_${attempt}`;
const paymentIdOf = (attempt: number) => `attempt-${String(attempt).padStart(3, "0")}`;

/**
 * The checkout's RequestPayment task: record the attempt's charge and ask the provider, whose answer
 * comes later through the webhook (its consumer settles the attempt; the sweeper, if it never comes).
 * A retried task, or a second run of the execution (Express runs one at least once), finds the
 * charge: a pending one is asked again (the provider is idempotent per charge id), an answered one
 * needs nothing more.
 */
export async function request(input: {
  orderId: string;
  attempt: number;
  order: CheckoutContract.CarriedOrder;
  paymentMethod: Method;
}) {
  const { orderId, attempt, order } = input;
  const paymentId = paymentIdOf(attempt);
  const chargeId = chargeIdOf(orderId, attempt);
  // ONE transaction, no read first: the order still awaits this attempt, and the charge is new
  try {
    await committed(
      Table.write({ order: Table.order(), payment: Table.payment() }, ({ order: orders, payment }) => [
        orders
          .check({ orderId })
          .where((attr, op) => `${op.eq(attr.status, "PAYMENT_PENDING")} AND ${op.eq(attr.paymentAttempt, attempt)}`)
          .commit(),
        payment
          .create({
            orderId,
            paymentId,
            attempt,
            amount: order.totalAmount,
            currency: order.currency,
            paymentMethod: input.paymentMethod,
            status: "PENDING",
            chargeId,
          })
          .commit(),
      ]).go(),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    if (refusedAt(cancellationCodes(error), 0)) {
      // only when refused: what the order is instead, for the message
      const { status } = await Order.require(orderId);
      throw new ConflictError("payment.not_expected", `Order is ${status}, not awaiting payment attempt ${attempt}`);
    }
    // the charge exists: a retried task; asked again only while the provider has not answered
    const { data: existing } = await Table.payment().get({ orderId, paymentId }).go({ consistent: true });
    if (existing && existing.status !== "PENDING") return { paymentId, chargeId };
  }
  await Platform.use().requestCharge({
    chargeId,
    orderId,
    amount: order.totalAmount,
    currency: order.currency,
    paymentMethod: input.paymentMethod,
  });
  return { paymentId, chargeId };
}

export const applyResult = Settlement.applyResult;
export const expirePending = Settlement.expirePending;
