import { entriesWithTrigger, type FunctionName } from "@shop/topology";
import { Hono } from "hono";
import { type HopRecorder, PATTERN_NAMES } from "./emulators/hops";
import type { LocalScheduler } from "./emulators/scheduler";
import type { LocalStepFunctions } from "./emulators/stepfunctions";

/**
 * Local-only endpoints (never deployed): an order's journey across the patterns, schedules on demand,
 * checkout executions. The queues and redrive are the admin API's (admin-api), the same deployed.
 */
export function localApi(parts: { hops: HopRecorder; stepFunctions: LocalStepFunctions; scheduler: LocalScheduler }) {
  const { hops, stepFunctions, scheduler } = parts;
  const error = (code: string, message: string) => ({ error: { code, message } });
  return new Hono()
    .get("/patterns", (c) => c.json(PATTERN_NAMES))
    .get("/journey/:orderId", (c) =>
      c.json({ orderId: c.req.param("orderId"), hops: hops.forCorrelation(c.req.param("orderId")) }),
    )
    .get("/hops", (c) => c.json({ hops: hops.all().slice(-Number(c.req.query("limit") ?? 200)) }))
    .post("/schedules/:name/run", async (c) => {
      const name = c.req.param("name") as FunctionName;
      const entry = entriesWithTrigger("schedule").find(([n]) => n === name);
      if (!entry) return c.json(error("schedule.not_found", `No scheduled function ${name}`), 404);
      const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
      return c.json({
        result: await scheduler.run(
          name,
          Object.keys(body).length ? body : { day: new Date().toISOString().slice(0, 10) },
        ),
      });
    })
    .get("/executions", (c) => c.json({ executions: stepFunctions.list() }));
}

export type LocalApiType = ReturnType<typeof localApi>;
