import { recordingPlatform } from "@shop/testkit/fixtures";
import { StatusHistory } from "@shop/testkit/status-history";

export { StatusHistory };

import type fc from "fast-check";
import { expect } from "vitest";
import {
  Checkout,
  CheckoutContract,
  createId,
  Inventory,
  Notification,
  Order,
  type Platform,
  PORT_NAMES,
  Platform as Ports,
  Product,
  Shop,
  SimulatedProvider,
} from "../src";
import { dynamoClient } from "../src/dynamo";

/*
 * The machinery of the interleaving tests: a platform that behaves like the AWS services behind the
 * ports (Step Functions' execution names included), a fast-check scheduler in front of every DynamoDB
 * request and every port call, and the order's real status history read from the table's stream.
 */

/** Ports as AWS answers them: StartExecution (Express) starts an execution on every call, whatever its name. */
export function racePlatform() {
  const executions = new Map<string, { input: string; running: boolean }>();
  const platform = recordingPlatform({
    validateCart: async (request) => Inventory.check(request.items),
    compensateAttempt: async (task) => Checkout.compensateTask(task),
    refundCharge: async (refund) => SimulatedProvider.refund(refund),
    startCheckout: async (name, input) => {
      const started = [...executions.keys()].filter((key) => key.startsWith(`${name}:`)).length;
      executions.set(`${name}:${started + 1}`, { input: JSON.stringify(input), running: true });
      return { executionArn: `arn:aws:states:::express:checkout:${name}:${started + 1}` };
    },
  });
  return Object.assign(platform, { executions });
}
export type RacePlatform = ReturnType<typeof racePlatform>;

/**
 * Puts the scheduler in front of every DynamoDB request (before it is sent) and every port call, so
 * fast-check decides the order in which concurrent operations reach the table and the other services.
 * Returns the function that takes it away again.
 */
export function underScheduler(s: fc.Scheduler, platform: RacePlatform): () => void {
  const client = dynamoClient();
  const name = `race-${createId()}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      await s.schedule(Promise.resolve(), String(context.commandName).replace(/Command$/, ""));
      return next(args);
    },
    { step: "initialize", name },
  );
  const originals = new Map<string, unknown>();
  const ports = platform as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const port of PORT_NAMES) {
    const original = ports[port];
    if (!original) continue;
    originals.set(port, original);
    // the call and its answer each wait their turn; the call itself runs unscheduled in between, so
    // a port whose work reaches the table (compensateAttempt) has its own requests scheduled too
    // (fast-check's scheduleFunction would hold every other task until the call resolved)
    ports[port] = async (...args: unknown[]) => {
      await s.schedule(Promise.resolve(), `${port} called`);
      const answer = await original(...args);
      await s.schedule(Promise.resolve(), `${port} answered`);
      return answer;
    };
  }
  Ports.set(platform as Platform);
  return () => {
    client.middlewareStack.remove(name);
    for (const [port, original] of originals) ports[port] = original as (...args: unknown[]) => Promise<unknown>;
  };
}

export interface World {
  orderId: string;
  productId: string;
  /** the stock the product had before the order took any */
  initialStock: number;
  /** charges the provider reported as succeeded (the customer's money was taken) */
  succeededCharges: string[];
}

/**
 * The invariants every interleaving must keep: status only along TRANSITIONS; no stock held for an
 * order that is not being paid or sold, none lost or made up; every succeeded charge is the paid
 * order's or refunded; the customer told "paid" only of a paid order.
 */
export async function expectInvariants(world: World, history: StatusHistory, platform: RacePlatform) {
  await history.drain();
  const moves = history.movesOf(world.orderId);
  // the stream saw the order from its creation, so the check below is over its whole life
  expect(moves[0]).toEqual([null, "PENDING"]);
  for (const [from, to] of moves) {
    if (from === null) expect(to).toBe("PENDING");
    else expect(Order.canMove(from as Order.Status, to as Order.Status), `${from} → ${to}`).toBe(true);
  }
  const order = await Order.require(world.orderId);
  const { data } = await Shop().collections.orderDetails({ orderId: world.orderId }).go({ pages: "all" });
  const held = data.reservation.filter((r) => r.status === "RESERVED");
  const sold = data.reservation.filter((r) => r.status === "COMMITTED");
  if (order.status !== "PAYMENT_PENDING" && order.status !== "PAID") expect(held, order.status).toEqual([]);
  if (order.status === "PAYMENT_PENDING") expect(held.every((r) => r.attempt === order.paymentAttempt)).toBe(true);
  const stock = (await Product.fromId(world.productId))?.stock ?? Number.NaN;
  const taken = [...held, ...sold].reduce((sum, r) => sum + r.quantity, 0);
  expect(stock + taken).toBe(world.initialStock);
  expect(stock).toBeGreaterThanOrEqual(0);
  for (const payment of data.payment) {
    if (payment.status === "APPROVED") expect(order).toMatchObject({ status: "PAID", paymentAttempt: payment.attempt });
    if (world.succeededCharges.includes(payment.chargeId ?? "")) {
      expect(payment.status === "APPROVED" || payment.refundStatus === "REFUNDED", JSON.stringify(payment)).toBe(true);
    }
  }
  // the customer is told "paid" only of a paid order
  const paidTold = platform.calls.some(
    (c) => c.port === "publishNotification" && String((c.args[0] as { body: string }).body).includes('"OrderPaid"'),
  );
  if (paidTold) expect(order.status).toBe("PAID");
  if (order.status !== "PAID") {
    const paidEmail = { eventType: "OrderPaid", channel: "EMAIL", orderId: world.orderId } as const;
    expect(await Notification.send(paidEmail)).toBe("stale");
  }
  return { order, payments: data.payment, reservations: data.reservation };
}

/** Outcomes of the racing operations: a value, or the error's code/name (anything else fails the run). */
export function outcomes<T extends readonly PromiseSettledResult<unknown>[]>(results: T) {
  return results.map((result) => {
    if (result.status === "fulfilled") return "ok";
    const error = result.reason as { code?: string; name?: string };
    return error.code ?? error.name ?? "unknown";
  });
}

export const replay = (): { seed?: number; path?: string } =>
  process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {};

export { CheckoutContract };
