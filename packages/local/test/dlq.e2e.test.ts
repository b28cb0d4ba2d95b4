import {
  Client,
  checkoutFinished,
  customer,
  expectAwsCallsWithinReach,
  placeOrder,
  product,
  settledOrder,
  startShop,
  waitFor,
} from "@shop/testkit/e2e";
import { invokeFunction } from "@shop/testkit/invoke";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime";

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startShop();
});
afterAll(() => runtime?.stop());

type SqsEvent = { Records: { messageId: string; body: string }[] };

describe("poison messages", () => {
  it("reach the DLQ after 3 receives, lose nothing else, and are re-processed by redrive", async () => {
    const shopper = await customer(runtime);
    const poisoned = await product(5);
    const healthy = await product(5);
    const poisonOrder = await placeOrder(shopper, poisoned.productId, 1);
    const other = await customer(runtime);
    const healthyOrder = await placeOrder(other, healthy.productId, 1);

    // A consumer bug that only this order's payment result trips over (fault injection).
    runtime.lambda.override("update-order-status", async (raw) => {
      const event = raw as SqsEvent;
      const poison = event.Records.filter((record) => record.body.includes(poisonOrder));
      const rest = event.Records.filter((record) => !record.body.includes(poisonOrder));
      const result = rest.length
        ? ((await invokeFunction("update-order-status", { Records: rest })) as {
            batchItemFailures: { itemIdentifier: string }[];
          })
        : { batchItemFailures: [] };
      return {
        batchItemFailures: [
          ...result.batchItemFailures,
          ...poison.map((record) => ({ itemIdentifier: record.messageId })),
        ],
      };
    });
    try {
      await shopper.call("POST", "/payment/process", { orderId: poisonOrder, paymentMethod: "tok_visa" });
      await other.call("POST", "/payment/process", { orderId: healthyOrder, paymentMethod: "tok_visa" });

      // the healthy order goes through while the poison one is retried
      expect((await checkoutFinished(runtime, healthyOrder)).status).toBe("SUCCEEDED");
      const dlq = runtime.sqs.queue("payment-updates-dlq");
      await waitFor("the poison message in the DLQ", () => dlq.peek().some((m) => m.body.includes(poisonOrder)));
      const receives = runtime.hops
        .forCorrelation(poisonOrder)
        .filter((h) => h.pattern === "P6" && h.to === "update-order-status");
      expect(receives.map((h) => h.outcome)).toEqual(["retry", "retry", "retry"]);
      expect(runtime.hops.forCorrelation(poisonOrder).some((h) => h.outcome === "dead-letter")).toBe(true);
      expect(runtime.sqs.queue("payment-updates").depth).toBe(0);
      expect((await shopper.call<{ status: string }>("GET", `/orders/${poisonOrder}`)).body.status).toBe(
        "PAYMENT_PENDING",
      );
    } finally {
      runtime.lambda.override("update-order-status", undefined);
    }

    // the bug is fixed: staff see the dead letter and redrive it through the admin API (StartMessageMoveTask)
    const staff = await customer(runtime, "ADMIN");
    const { body: seen } = await staff.call<{
      queues: { name: string; depth: number; deadLetters: { body: string }[] }[];
    }>("GET", "/admin/queues");
    const dead = seen.queues.find((queue) => queue.name === "payment-updates-dlq");
    expect(dead?.depth).toBe(1);
    expect(dead?.deadLetters[0]?.body).toContain(poisonOrder);
    const redrive = await staff.call<{ destination: string; queue: string }>(
      "POST",
      "/admin/queues/payment-updates-dlq/redrive",
    );
    expect(redrive.status).toBe(202);
    expect(redrive.body).toMatchObject({ queue: "payment-updates-dlq", destination: "payment-updates" });
    // a queue that is no DLQ is refused, machine-readably
    const refused = await staff.call<{ error: { code: string } }>("POST", "/admin/queues/payment-updates/redrive");
    expect([refused.status, refused.body.error.code]).toEqual([404, "queue.not_a_dlq"]);
    // a customer is not staff
    expect((await shopper.call("GET", "/admin/queues")).status).toBe(403);
    expect((await checkoutFinished(runtime, poisonOrder)).status).toBe("SUCCEEDED");
    expect((await settledOrder(shopper, poisonOrder)).status).toBe("PAID");
    expect(runtime.sqs.queue("payment-updates-dlq").depth).toBe(0);
  });

  it("refuses webhooks with a bad, missing or stale signature", async () => {
    const client = new Client(runtime.url);
    const body = JSON.stringify({
      id: "evt_x",
      type: "charge.succeeded",
      created: 1,
      data: { chargeId: "ch_x", orderId: "o", amount: 1 },
    });
    const { signWebhook } = await import("@shop/core");
    const missing = await client.call<{ error: { code: string } }>("POST", "/payment/webhook", body);
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe("webhook.signature_missing");
    const forged = await client.call<{ error: { code: string } }>("POST", "/payment/webhook", body, {
      "shop-signature": `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}`,
    });
    expect(forged.body.error.code).toBe("webhook.signature_invalid");
    const stale = await client.call<{ error: { code: string } }>("POST", "/payment/webhook", body, {
      "shop-signature": signWebhook(body, Math.floor(Date.now() / 1000) - 3600),
    });
    expect(stale.body.error.code).toBe("webhook.signature_expired");
    const tampered = await client.call<{ error: { code: string } }>(
      "POST",
      "/payment/webhook",
      body.replace("1}", "2}"),
      {
        "shop-signature": signWebhook(body),
      },
    );
    expect(tampered.body.error.code).toBe("webhook.signature_invalid");
    const garbage = await client.call("POST", "/payment/webhook", "not json", {
      "shop-signature": signWebhook("not json"),
    });
    expect(garbage.status).toBe(400);
  });
});

describe("the AWS calls this suite's functions made", () => {
  it("were each allowed by the function's role and lie inside what its code can reach", () => {
    expectAwsCallsWithinReach(runtime);
  });
});
