import { logger } from "@shop/common-utils";
import { Actor } from "@shop/core/actor";
import { Platform } from "@shop/core/platform";
import type { FunctionName } from "@shop/topology";
import * as z from "zod/mini";
import { orderOf, withHopRecords } from "./hops";
import { loadSecrets } from "./secrets";

/** The AWS adapters: a chunk of the bundle of their own, loaded by the first invocation. */
const loadAwsPlatform = async (): Promise<Platform> => (await import("../adapters/aws")).awsPlatform();

/**
 * Installs the AWS adapters on the first invocation unless the process already has adapters (the
 * local runtime and the tests install theirs before any handler runs). Nothing happens at import.
 */
export async function useAwsPlatformUnlessSet(load: () => Promise<Platform> = loadAwsPlatform): Promise<void> {
  if (!Platform.installed()) Platform.set(await load());
}

/** Runs `work` as the function itself (the system actor), with its correlation id in every log line. */
export async function asSystem<R>(name: FunctionName, correlationId: string | undefined, work: () => Promise<R>) {
  await useAwsPlatformUnlessSet();
  await loadSecrets();
  if (correlationId) logger.appendKeys({ correlationId });
  try {
    return await Actor.provide({ type: "system", properties: { name } }, work);
  } finally {
    logger.removeKeys(["correlationId"]);
  }
}

/**
 * Wraps a non-HTTP handler: the event is validated with its zod schema (a malformed event fails
 * loudly, so the platform retries or dead-letters it), then the domain runs as the system actor.
 */
export function systemHandler<S extends z.core.$ZodType, R>(
  name: FunctionName,
  schema: S,
  run: (event: z.output<S>) => Promise<R>,
) {
  return withHopRecords(async (raw: unknown): Promise<R> => {
    const event = z.parse(schema, raw);
    return asSystem(name, orderOf(event), () => run(event));
  });
}
