import { ConflictError, NotFoundError } from "@shop/common-utils";
import * as z from "zod";
import { Actor } from "../actor";
import { CheckoutContract } from "../checkout/contract";
import { isConditionFailure } from "../dynamo/errors";
import { Shop } from "../entities";
import { PAYMENT_METHODS, PaymentMethod } from "../events";
import { Order } from "../order";
import { Platform } from "../platform";
import { fn } from "../util/fn";
import { Settlement } from "./settlement";
import { acceptWebhook as acceptSignedWebhook } from "./webhook";

export { UnknownChargeError } from "./settlement";
export { SIGNATURE_HEADER, signWebhook, verifyWebhook } from "./webhook";

export namespace Payment {
  /** The provider's test tokens (see events). */
  export const METHODS = PAYMENT_METHODS;
  export const Method = PaymentMethod;
  export type Method = PaymentMethod;

  export const ProcessInput = z.object({ orderId: z.string().min(1).max(64), paymentMethod: Method });

  /** How long a checkout waits for the provider's answer (CHECKOUT_PAYMENT_TIMEOUT_SECONDS, default 300). */
  export function paymentTimeoutSeconds(): number {
    const seconds = Number(process.env.CHECKOUT_PAYMENT_TIMEOUT_SECONDS ?? 300);
    return Number.isInteger(seconds) && seconds > 0 ? seconds : 300;
  }

  /**
   * POST /payment/process: the caller pays their own order (staff may pay any); others learn nothing
   * about it (404). Starts the checkout and answers at once.
   */
  export const pay = fn(ProcessInput, async ({ orderId, paymentMethod }) => {
    if (!Actor.isStaff()) Actor.user(); // 401 before anything about the order is looked up
    const order = await Order.require(orderId);
    if (!Actor.isStaff() && order.userId !== Actor.userId()) {
      throw new NotFoundError("order.not_found", "No such order", { orderId });
    }
    const started = await startCheckout(orderId, paymentMethod, paymentTimeoutSeconds());
    return {
      orderId,
      status: started.order.status,
      paymentStatus: "PROCESSING" as const,
      attempt: started.attempt,
      executionArn: started.executionArn,
    };
  });

  /** POST /payment/webhook: in ./webhook.ts, a module of its own, so that the webhook's function loads no table code. */
  export const acceptWebhook = acceptSignedWebhook;

  /**
   * POST /payment/process: VALIDATED → PAYMENT_PENDING as a new attempt (one conditional write), then
   * that attempt's checkout starts, named `<orderId>-<attempt>` with an input that depends only on the
   * order: a concurrent or repeated request with the same payment method gets the same execution
   * (StartExecution is idempotent for a running execution with the same name and input); one with
   * another method is a 409 while the attempt runs. After a decline the order is VALIDATED again and
   * can be paid with another card as the next attempt.
   */
  export async function startCheckout(orderId: string, paymentMethod: Method, paymentTimeoutSeconds: number) {
    const { order, changed } = await Order.beginPayment(orderId, paymentMethod);
    if (!changed) {
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
    }
    const attempt = order.paymentAttempt;
    const input: CheckoutContract.Input = {
      orderId,
      attempt,
      paymentMethod,
      paymentTimeoutSeconds,
      correlationId: order.correlationId,
    };
    let executionArn: string;
    try {
      ({ executionArn } = await Platform.use().startCheckout(CheckoutContract.executionName(orderId, attempt), input));
    } catch (error) {
      // the attempt's execution already ran to its end (this request read the order just before)
      if ((error as Error).name === "ExecutionAlreadyExists") throw alreadyStarted(await Order.require(orderId));
      throw error;
    }
    await Order.recordExecution(orderId, attempt, executionArn);
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
   * The checkout's ProcessPayment task: record the attempt's charge with the task token and ask the
   * provider. A retried task (a new token) finds the charge: a pending one gets the new token and is
   * asked again (the provider is idempotent per charge id); an answered one resumes the new token.
   */
  export async function request(input: { orderId: string; attempt: number; paymentMethod: Method; taskToken: string }) {
    const { orderId, attempt, taskToken } = input;
    const order = await Order.require(orderId);
    if (order.status !== "PAYMENT_PENDING" || order.paymentAttempt !== attempt) {
      throw new ConflictError(
        "payment.not_expected",
        `Order is ${order.status}, not awaiting payment attempt ${attempt}`,
      );
    }
    const paymentId = paymentIdOf(attempt);
    const chargeId = chargeIdOf(orderId, attempt);
    try {
      await Shop()
        .entities.payment.create({
          orderId,
          paymentId,
          attempt,
          amount: order.totalAmount,
          currency: order.currency,
          method: input.paymentMethod,
          status: "PENDING",
          providerRef: chargeId,
          taskToken,
        })
        .go();
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { data: answered } = await Shop()
        .entities.payment.patch({ orderId, paymentId })
        .set({ taskToken })
        .go({ response: "all_new" });
      if (answered.status !== "PENDING") {
        await Settlement.answerCheckout(answered);
        return { paymentId, chargeId };
      }
    }
    await Platform.use().requestCharge({
      chargeId,
      orderId,
      amount: order.totalAmount,
      currency: order.currency,
      token: input.paymentMethod,
      correlationId: order.correlationId,
    });
    return { paymentId, chargeId };
  }

  export const applyResult = Settlement.applyResult;
  export const expirePending = Settlement.expirePending;
}
