import type { Client } from "../e2e";
import type { Model, World } from "./world";

/**
 * One API request of a command, held to "no 5xx": a 500 is never a fair answer, a 503 only after a
 * platform fault was injected. Every request and answer is traced for the report of a failing run.
 */
export async function request<T = Record<string, unknown>>(
  world: World,
  model: Model,
  client: Client,
  method: string,
  path: string,
  body?: unknown,
) {
  const answer = await client.call<T>(method, path, body);
  world.trace.push(
    `${method} ${path} ${body === undefined ? "" : JSON.stringify(body).slice(0, 200)} → ${answer.status}`,
  );
  const fair = answer.status < 500 || (answer.status === 503 && model.platformFaults);
  if (!fair) {
    throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer;
}

/**
 * The answer is one of `statuses` (a 4xx the model allows) or a 503 (which `request` lets through
 * only after a platform fault), or the run fails with what came back.
 */
export function expectStatus(answer: { status: number; body: unknown }, what: string, ...statuses: number[]) {
  if (answer.status !== 503 && !statuses.includes(answer.status)) {
    throw new Error(`${what}: expected ${statuses.join("/")}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}
