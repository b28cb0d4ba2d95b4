import { type CarryingTask, carryingTask, chargeAnswer, payingOrder, placedOrder } from "@shop/testkit/fixtures";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { Actor, Checkout, Order, Payment, Platform, Shop } from "../src";
import {
  expectInvariants,
  outcomes,
  type RacePlatform,
  racePlatform,
  replay,
  StatusHistory,
  underScheduler,
  type World,
} from "./race-harness";

/**
 * Every pair of operations that touch one order, raced against DynamoDB Local with fast-check's
 * scheduler deciding the order of every DynamoDB request and every port call. The orderings are
 * generated and shrunk, not left to luck; a failure prints the seed and path, and
 * `FC_SEED=… FC_PATH=… npx vitest run packages/core/test/races.test.ts` replays it.
 */
const RUNS = Number(process.env.RACE_RUNS ?? 15);
const STOCK = 5;
const history = new StatusHistory();
beforeAll(() => history.start());

/** One property: a fresh platform each run, the scheduler only around the race itself. */
async function race<T>(
  variant: fc.Arbitrary<T>,
  run: (s: fc.Scheduler, platform: RacePlatform, variant: T) => Promise<void>,
) {
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), variant, async (s, value) => {
      const platform = racePlatform();
      Platform.set(platform);
      await run(s, platform, value);
    }),
    { numRuns: RUNS, ...replay() },
  );
}
const only = fc.constant(undefined);

async function racing<A, B>(s: fc.Scheduler, platform: RacePlatform, a: () => Promise<A>, b: () => Promise<B>) {
  const release = underScheduler(s, platform);
  try {
    return await s.waitFor(Promise.allSettled([a(), b()] as const));
  } finally {
    release();
  }
}

/** A placed order (VALIDATED, 2 of a product with STOCK) and the world the invariants are checked in. */
async function validatedOrder(): Promise<World & { actor: Actor }> {
  const placed = await placedOrder({ stock: STOCK, quantity: 2 });
  return {
    orderId: placed.order.orderId,
    productId: placed.product.productId,
    initialStock: STOCK,
    succeededCharges: [],
    actor: placed.actor,
  };
}

/** An order whose attempt 1 has reserved its stock and asked for its charge (RequestPayment ran, the provider has not answered). */
async function awaitingCharge(): Promise<World & { task: CarryingTask; owner: Actor }> {
  const paying = await payingOrder({ stock: STOCK, quantity: 2 });
  await Checkout.reserve(paying.task);
  await Payment.request({ ...paying.task, paymentMethod: "tok_visa" });
  return {
    orderId: paying.task.orderId,
    productId: paying.product.productId,
    initialStock: STOCK,
    succeededCharges: [],
    task: paying.task,
    owner: paying.actor,
  };
}

/** The same, after the provider declined attempt 1 and the checkout compensated (VALIDATED again). */
async function declinedOnce() {
  const world = await awaitingCharge();
  await Checkout.applyPaymentResult(await chargeAnswer(world.task, "charge.failed"));
  await Checkout.compensate(world.task, "PaymentDeclined");
  return world;
}

async function succeededCharge(world: World & { task: { orderId: string; attempt: number } }) {
  const answer = await chargeAnswer(world.task);
  world.succeededCharges.push(answer.data.chargeId);
  return answer;
}

describe("the status history the invariants read", () => {
  it("sees every write to an order, an illegal one included", async () => {
    Platform.set(racePlatform());
    const { order } = await placedOrder();
    await Shop().entities.order.patch({ orderId: order.orderId }).set({ status: "PAID" }).go();
    await Shop().entities.order.patch({ orderId: order.orderId }).set({ status: "PENDING" }).go();
    await history.drain();
    const moves = history.movesOf(order.orderId);
    expect(moves).toEqual([
      [null, "PENDING"],
      ["PENDING", "VALIDATED"],
      ["VALIDATED", "PAID"],
      ["PAID", "PENDING"],
    ]);
    expect(moves.filter(([from, to]) => from && !Order.canMove(from as Order.Status, to as Order.Status))).toEqual([
      ["VALIDATED", "PAID"],
      ["PAID", "PENDING"],
    ]);
  });
});

describe("interleavings of two operations on one order", () => {
  it("pay × pay: one attempt and one execution; the same card is answered with the attempt, another card 409", async () => {
    await race(fc.constantFrom("tok_visa", "tok_delayed"), async (s, platform, second) => {
      const world = await validatedOrder();
      const results = await racing(
        s,
        platform,
        () => Payment.startCheckout(world.orderId, "tok_visa"),
        () => Payment.startCheckout(world.orderId, second),
      );
      const seen = outcomes(results);
      if (second === "tok_visa") expect(seen).toEqual(["ok", "ok"]);
      else expect([...seen].sort()).toEqual(["ok", "payment.already_started"]);
      // Express's StartExecution is not idempotent: only the request that began the attempt started one
      const attempts = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.attempt] : []));
      expect(new Set(attempts)).toEqual(new Set([1]));
      expect([...platform.executions.keys()]).toEqual([`${world.orderId}-1:1`]);
      const { order } = await expectInvariants(world, history, platform);
      expect(order).toMatchObject({ status: "PAYMENT_PENDING", paymentAttempt: 1 });
    });
  });

  it("pay × cancel: exactly one wins, and a cancelled order is never reserved or charged", async () => {
    await race(only, async (s, platform) => {
      const world = await validatedOrder();
      const results = await racing(
        s,
        platform,
        () => Actor.provide(world.actor, () => Payment.pay({ orderId: world.orderId, paymentMethod: "tok_visa" })),
        () => Actor.provide(world.actor, () => Order.cancel(world.orderId)),
      );
      const [pay, cancel] = outcomes(results);
      expect([pay, cancel].filter((o) => o === "ok")).toHaveLength(1);
      // the checkout goes on for whatever started: its reservation is refused for a cancelled order
      const reserved = await Checkout.reserve(await carryingTask(world.orderId, 1)).then(
        () => "reserved",
        (error: Error) => error.name,
      );
      const { order } = await expectInvariants(world, history, platform);
      if (pay === "ok") {
        expect(cancel).toBe("order.cannot_cancel");
        expect(order.status).toBe("PAYMENT_PENDING");
        expect(reserved).toBe("reserved");
      } else {
        expect(pay).toBe("order.invalid_transition");
        expect(order.status).toBe("CANCELLED");
        expect(reserved).toBe("OrderInvalid");
        expect(platform.executions.size).toBe(0);
      }
    });
  });

  it("cancel × webhook: a late success for a declined attempt never pays the cancelled order, it is refunded", async () => {
    await race(only, async (s, platform) => {
      const world = await declinedOnce();
      const late = await succeededCharge(world);
      const results = await racing(
        s,
        platform,
        () => Actor.provide(world.owner, () => Order.cancel(world.orderId)),
        () => Checkout.applyPaymentResult(late),
      );
      expect(outcomes(results)).toEqual(["ok", "ok"]);
      const { order, payments } = await expectInvariants(world, history, platform);
      expect(order.status).toBe("CANCELLED");
      expect(payments[0]).toMatchObject({ status: "DECLINED", refundStatus: "REFUNDED" });
    });
  });

  it("webhook × timeout: either paid and sold, or cancelled with the charge refunded", async () => {
    await race(only, async (s, platform) => {
      const world = await awaitingCharge();
      const success = await succeededCharge(world);
      const results = await racing(
        s,
        platform,
        () => Checkout.applyPaymentResult(success),
        // the sweeper's timeout: compensate-checkout's compensation, told (a PAID one finishes the sale)
        () => Checkout.compensateAttempt(world.task, "States.Timeout", "not paid in time"),
      );
      expect(outcomes(results)).toEqual(["ok", "ok"]);
      const compensation = results[1].status === "fulfilled" ? results[1].value : undefined;
      const { order, payments, reservations } = await expectInvariants(world, history, platform);
      if (order.status === "PAID") {
        expect(compensation?.status).toBe("PAID");
        expect(payments[0]?.status).toBe("APPROVED");
        expect(reservations.map((r) => r.status)).toEqual(["COMMITTED"]);
      } else {
        expect(order).toMatchObject({ status: "CANCELLED", statusReason: "payment_timeout" });
        expect(payments[0]?.refundStatus).toBe("REFUNDED");
        expect(reservations.map((r) => r.status)).toEqual(["RELEASED"]);
      }
    });
  });

  it("webhook × compensation: a success racing a failed checkout is kept only if it paid first", async () => {
    await race(fc.constantFrom("States.TaskFailed", "PaymentDeclined"), async (s, platform, error) => {
      const world = await awaitingCharge();
      const success = await succeededCharge(world);
      const results = await racing(
        s,
        platform,
        () => Checkout.applyPaymentResult(success),
        () => Checkout.compensate(world.task, error),
      );
      expect(outcomes(results)).toEqual(["ok", "ok"]);
      // the state machine's PaidAfterAll ends a PAID compensation: the payment result's consumer finishes the sale
      const compensation = results[1].status === "fulfilled" ? results[1].value : undefined;
      const { order, payments, reservations } = await expectInvariants(world, history, platform);
      if (order.status === "PAID") expect(reservations.map((r) => r.status)).toEqual(["COMMITTED"]);
      expect(order.status).toBe(
        compensation?.status === "PAID" ? "PAID" : error === "PaymentDeclined" ? "VALIDATED" : "CANCELLED",
      );
      if (order.status !== "PAID") expect(payments[0]?.refundStatus).toBe("REFUNDED");
    });
  });

  it("decline × retry: a late or repeated end of attempt 1 never touches attempt 2", async () => {
    await race(fc.boolean(), async (s, platform, retriedCompensation) => {
      const world = await declinedOnce();
      const stale: () => Promise<unknown> = retriedCompensation
        ? () => Checkout.compensate(world.task, "PaymentDeclined")
        : async () => Checkout.applyPaymentResult(await chargeAnswer(world.task, "charge.failed"));
      const results = await racing(s, platform, stale, async () => {
        const started = await Payment.startCheckout(world.orderId, "tok_delayed");
        await Checkout.reserve(await carryingTask(world.orderId, started.attempt));
        return started;
      });
      expect(outcomes(results)).toEqual(["ok", "ok"]);
      const { order, reservations } = await expectInvariants(world, history, platform);
      expect(order).toMatchObject({ status: "PAYMENT_PENDING", paymentAttempt: 2 });
      const byAttempt = reservations.map((r) => [r.attempt, r.status]);
      expect(byAttempt).toEqual([
        [1, "RELEASED"],
        [2, "RESERVED"],
      ]);
      const { data } = await Shop().entities.product.get({ productId: world.productId }).go();
      expect(data?.stock).toBe(STOCK - 2);
    });
  });
});
