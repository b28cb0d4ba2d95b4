import type { Role } from "@shop/auth-layer";
import { User } from "@shop/core";
import { createGateway } from "@shop/local";
import { asSystem, uniqueEmail } from "@shop/testkit/fixtures";
import { invokeFunction } from "./invoke";

let gateway: ReturnType<typeof createGateway> | undefined;

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * Calls the API the way a client does: an HTTP request into the local API Gateway emulation, which
 * builds the payload v2 event and invokes the handler the catalogue names.
 */
export async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  options: {
    token?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    /** the client's address, as the TCP peer the gateway sees */
    clientIp?: string;
  } = {},
): Promise<ApiResponse<T>> {
  gateway ??= createGateway((name, event) => invokeFunction(name, event));
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await gateway.fetch(
    new Request(`http://localhost${path}`, { method, headers, ...(body !== undefined ? { body } : {}) }),
    { incoming: { socket: { remoteAddress: options.clientIp ?? "127.0.0.1" } } },
  );
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

const PASSWORD = "test-password-123";

/** A fresh user of the role, logged in through the API. */
export async function signIn(role: Role = "CUSTOMER") {
  const email = uniqueEmail(role.toLowerCase());
  const user = await asSystem(() => User.register({ email, password: PASSWORD, name: `${role} user`, role }));
  const login = await api<{ token: string }>("POST", "/users/login", { body: { email, password: PASSWORD } });
  if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
  return { ...user, password: PASSWORD, token: login.body.token };
}
