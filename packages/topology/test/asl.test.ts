import { createRequire } from "node:module";
import * as CheckoutContract from "@shop/core/checkout/contract";
import { describe, expect, it } from "vitest";
import { functionEntries } from "../src";
import { CHECKOUT_WORKFLOW_TYPE, checkoutDefinition, checkoutTaskFunctions, localArn } from "../src/checkout";

const validate = createRequire(import.meta.url)("asl-validator") as (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errors: { message?: string; "Error code"?: string }[] };

/** asl-validator annotates what it checks; hand it a copy. */
const check = (definition: unknown) => validate(structuredClone(definition));

type State = {
  Type: string;
  Resource?: string;
  Next?: string;
  Retry?: { ErrorEquals: string[] }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
};

describe("the checkout state machine", () => {
  const deployed = checkoutDefinition((target) =>
    target.startsWith("integration:")
      ? `arn:aws:states:::${target.slice("integration:".length)}`
      : target.startsWith("topic:")
        ? `arn:aws:sns:eu-west-1:123456789012:shop-prod-${target.slice(6)}`
        : `arn:aws:lambda:eu-west-1:123456789012:function:shop-prod-${target}`,
  );

  it("is valid ASL, as deployed and as run locally", () => {
    const result = check(deployed);
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
    expect(check(checkoutDefinition(localArn)).isValid).toBe(true);
  });

  it("is refused by the validator when broken (the check can fail)", () => {
    const broken = structuredClone(deployed) as { States: Record<string, State> };
    (broken.States.ReserveInventory as State).Next = "NoSuchState";
    expect(check(broken).isValid).toBe(false);
  });

  it("runs every Lambda task by a catalogue function with a task trigger, read from the ASL", () => {
    expect(checkoutTaskFunctions()).toEqual({
      ValidateOrder: "validate-order",
      ReserveInventory: "update-inventory",
      RequestPayment: "request-payment",
      Compensate: "compensate-checkout",
    });
    const taskFunctions = functionEntries()
      .filter(([, spec]) => spec.trigger.type === "task")
      .map(([name]) => name)
      .sort();
    expect([...new Set(Object.values(checkoutTaskFunctions()))].sort()).toEqual(taskFunctions);
  });

  it("sends each task the event its contract declares", () => {
    const states = checkoutDefinition(localArn).States as Record<string, { Parameters?: Record<string, unknown> }>;
    // the execution's state when a task runs: its input, and ValidateOrder's result where it puts it
    const sample: Record<string, unknown> = {
      orderId: "o1",
      attempt: 1,
      paymentMethod: "tok_visa",
      order: { items: [{ productId: "p1", quantity: 2 }], totalAmount: 1998, currency: "USD" },
      error: { Error: "OutOfStock" },
    };
    expect((states.ValidateOrder as { ResultPath?: string }).ResultPath).toBe("$.order");
    for (const [state, schema] of Object.entries(CheckoutContract.Tasks)) {
      const parameters = states[state]?.Parameters ?? {};
      const payload = (parameters.Payload as Record<string, unknown> | undefined) ?? parameters;
      // each `key.$` path reads the execution's state
      const event = Object.fromEntries(
        Object.entries(payload).map(([key, value]) =>
          key.endsWith(".$") ? [key.slice(0, -2), sample[String(value).replace(/^\$\./, "")]] : [key, value],
        ),
      );
      expect(schema.safeParse(event).success, `${state}: ${JSON.stringify(event)}`).toBe(true);
    }
  });

  it("retries the contract's InventoryBusy on reservation", () => {
    const states = deployed.States as Record<string, State>;
    expect(states.ReserveInventory?.Retry?.flatMap((r) => r.ErrorEquals)).toContain(
      CheckoutContract.Errors.InventoryBusy,
    );
  });

  it("retries Lambda's transient errors and keeps States.ALL alone and last", () => {
    for (const [name, state] of Object.entries(deployed.States as Record<string, State>)) {
      for (const list of [state.Retry ?? [], state.Catch ?? []]) {
        list.forEach((entry, index) => {
          if (entry.ErrorEquals.includes("States.ALL")) {
            expect(entry.ErrorEquals, name).toEqual(["States.ALL"]);
            expect(index, `${name}: States.ALL must be last`).toBe(list.length - 1);
          }
        });
      }
      if (state.Type === "Task" && state.Resource !== "arn:aws:states:::sns:publish") {
        expect(state.Retry?.[0]?.ErrorEquals, name).toContain("Lambda.ServiceException");
      }
    }
  });

  it("compensates every failure of a Lambda task", () => {
    const states = deployed.States as Record<string, State>;
    for (const name of ["ValidateOrder", "ReserveInventory", "RequestPayment"]) {
      expect(states[name]?.Catch?.[0]).toMatchObject({ ErrorEquals: ["States.ALL"], Next: "Compensate" });
    }
  });

  // the Developer Guide's "Choosing workflow type": Express supports neither the callback
  // (.waitForTaskToken) nor the job-run (.sync) pattern, and runs at most five minutes
  it("fits an Express workflow: no .waitForTaskToken or .sync integration, at most five minutes", () => {
    expect(CHECKOUT_WORKFLOW_TYPE).toBe("EXPRESS");
    for (const [name, state] of Object.entries(deployed.States as Record<string, State>)) {
      expect(String(state.Resource ?? ""), name).not.toMatch(/\.(waitForTaskToken|sync)(:2)?$/);
    }
    const seconds = (deployed as { TimeoutSeconds?: number }).TimeoutSeconds;
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(300);
  });
});
