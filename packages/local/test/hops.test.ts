import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HopRecorder } from "../src/emulators/hops";

describe("hop recorder", () => {
  it("keeps the last `limit` hops in order, and a journey's hops are exactly those of its correlation id", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.option(fc.constantFrom("o1", "o2", "o3"), { nil: undefined }), { maxLength: 80 }),
        (limit, ids) => {
          const hops = new HopRecorder(limit);
          ids.forEach((correlationId, i) => {
            hops.record({
              pattern: "P1",
              from: "client",
              to: `f${i}`,
              messageId: `m${i}`,
              outcome: "ok",
              correlationId,
            });
          });
          const all = hops.all();
          expect(all.map((hop) => hop.to)).toEqual(ids.map((_, i) => `f${i}`).slice(-limit));
          for (const id of ["o1", "o2", "o3"]) {
            expect(hops.forCorrelation(id)).toEqual(all.filter((hop) => hop.correlationId === id));
          }
        },
      ),
    );
  });

  it("records a hop about several orders once per order, each in its own journey", () => {
    const hops = new HopRecorder();
    hops.record({
      pattern: "P4",
      from: "table",
      to: "order-events",
      messageId: "m",
      outcome: "ok",
      correlationIds: ["a", "b"],
    });
    expect(hops.forCorrelation("a").map((hop) => hop.to)).toEqual(["order-events"]);
    expect(hops.forCorrelation("b").map((hop) => hop.to)).toEqual(["order-events"]);
    expect(hops.all()).toHaveLength(2);
  });
});
