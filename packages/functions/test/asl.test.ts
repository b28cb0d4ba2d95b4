import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { functionEntries } from "../src/catalogue";
import { checkoutDefinition, localCheckoutResources } from "../src/checkout";

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
  const deployed = checkoutDefinition({
    validateOrder: "arn:aws:lambda:eu-west-1:123456789012:function:shop-prod-ValidateOrder",
    updateInventory: "arn:aws:lambda:eu-west-1:123456789012:function:shop-prod-UpdateInventory",
    requestPayment: "arn:aws:lambda:eu-west-1:123456789012:function:shop-prod-RequestPayment",
    compensate: "arn:aws:lambda:eu-west-1:123456789012:function:shop-prod-CompensateCheckout",
    notificationsTopic: "arn:aws:sns:eu-west-1:123456789012:shop-prod-Notifications",
  });

  it("is valid ASL, as deployed and as run locally", () => {
    const result = check(deployed);
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
    expect(check(checkoutDefinition(localCheckoutResources)).isValid).toBe(true);
  });

  it("is refused by the validator when broken (the check can fail)", () => {
    const broken = structuredClone(deployed) as { States: Record<string, State> };
    (broken.States.ReserveInventory as State).Next = "NoSuchState";
    expect(check(broken).isValid).toBe(false);
  });

  it("runs exactly the task states the catalogue declares, each by one function", () => {
    const states = deployed.States as Record<string, State>;
    const lambdaTasks = Object.entries(states)
      .filter(([, state]) => state.Type === "Task" && state.Resource !== "arn:aws:states:::sns:publish")
      .map(([name]) => name)
      .sort();
    const declared = functionEntries()
      .flatMap(([, spec]) => (spec.trigger.type === "task" ? spec.trigger.states : []))
      .sort();
    expect(lambdaTasks).toEqual(declared);
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

  it("compensates every failure before the sale and times out the payment wait", () => {
    const states = deployed.States as Record<string, State & { TimeoutSecondsPath?: string }>;
    for (const name of ["ValidateOrder", "ReserveInventory", "ProcessPayment"]) {
      expect(states[name]?.Catch?.[0]).toMatchObject({ ErrorEquals: ["States.ALL"], Next: "Compensate" });
    }
    expect(states.ProcessPayment?.Resource).toBe("arn:aws:states:::lambda:invoke.waitForTaskToken");
    expect(states.ProcessPayment?.TimeoutSecondsPath).toBe("$.paymentTimeoutSeconds");
  });
});
