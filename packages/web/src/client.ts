import type { AppType } from "@shop/functions/api";
import { hc } from "hono/client";

export interface ClientOptions {
  /** the API's base URL, e.g. http://localhost:3000 or the API Gateway URL */
  baseUrl: string;
  /** a bearer token from POST /users/login */
  token?: string;
  /** for tests and SSR: a fetch to send requests with */
  fetch?: typeof fetch;
}

/**
 * The admin panel's only way to reach the API: a client typed from the Hono routers' own types, so a
 * changed route or body shape is a compile error here rather than a runtime surprise.
 */
export function createClient(options: ClientOptions) {
  return hc<AppType>(options.baseUrl, {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    headers: (): Record<string, string> => (options.token ? { authorization: `Bearer ${options.token}` } : {}),
  });
}

export type ApiClient = ReturnType<typeof createClient>;
