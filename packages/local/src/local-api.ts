import { entriesWithTrigger, type FunctionName, PATTERN_NAMES } from "@shop/topology";
import { Hono } from "hono";
import type { LocalCognito } from "./cognito";
import type { HopRecorder } from "./emulators/hops";
import { EventSourceMappingStates } from "./emulators/mapping-states";
import type { LocalScheduler } from "./emulators/scheduler";
import type { LocalStepFunctions } from "./emulators/stepfunctions";

/**
 * Local-only endpoints (never deployed), for what has no AWS counterpart: the emulators' record of
 * every hop, schedules on demand, checkout executions, the codes the user pool would have emailed. An order's journey, the queues, redrive and
 * the demo order are the admin API's (admin-api), the same deployed.
 */
export function localApi(parts: {
  hops: HopRecorder;
  stepFunctions: LocalStepFunctions;
  scheduler: LocalScheduler;
  cognito: LocalCognito;
  mappings: EventSourceMappingStates;
}) {
  const { hops, stepFunctions, scheduler, cognito, mappings } = parts;
  const error = (code: string, message: string) => ({ error: { code, message } });
  return (
    new Hono()
      .get("/patterns", (c) => c.json(PATTERN_NAMES))
      // the emulators' own record of every hop, channels included (?correlationId= for one order's):
      // the runtime's view, with no AWS counterpart; the functions' records are the admin API's journey
      .get("/hops", (c) => {
        const correlationId = c.req.query("correlationId");
        const all = correlationId ? hops.forCorrelation(correlationId) : hops.all();
        return c.json({ hops: all.slice(-Number(c.req.query("limit") ?? 200)) });
      })
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
      .get("/executions", (c) => c.json({ executions: stepFunctions.list() }))
      // UpdateEventSourceMapping's Enabled for a queue- or stream-triggered function: disabled, its
      // messages stay queued and its stream records unread
      .put("/event-source-mappings/:function", async (c) => {
        const name = c.req.param("function") as FunctionName;
        const body = (await c.req.json().catch(() => ({}))) as { enabled?: unknown };
        if (typeof body.enabled !== "boolean") {
          return c.json(error("request.invalid", 'Send {"enabled": true|false}'), 400);
        }
        if (!EventSourceMappingStates.functions().includes(name)) {
          return c.json(error("mapping.not_found", `No event source mapping for ${name}`), 404);
        }
        mappings.setEnabled(name, body.enabled);
        return c.json({ function: name, enabled: mappings.isEnabled(name) });
      })
      // the codes the user pool "emailed" (Cognito sends them by email; cognito-local keeps them here)
      .get("/codes", (c) => {
        const email = c.req.query("email")?.toLowerCase();
        if (!email) return c.json({ codes: cognito.codes.slice(-50) });
        const code = cognito.latestCode(email);
        return code ? c.json({ email, code }) : c.json(error("code.not_found", `No code was sent to ${email}`), 404);
      })
  );
}
