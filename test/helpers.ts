import type { Role } from "@shop/auth-layer";
import { Actor, type Platform, PORT_NAMES, type PortName, Product, User } from "@shop/core";
import { createGateway } from "../packages/local/src/gateway";

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
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  gateway ??= createGateway();
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await gateway.fetch(
    new Request(`http://localhost${path}`, { method, headers, ...(body !== undefined ? { body } : {}) }),
  );
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

let counter = 0;
export function uniqueEmail(prefix = "user") {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}@example.com`;
}

const PASSWORD = "test-password-123";

/** A fresh user of the role, logged in through the API. */
export async function signIn(role: Role = "CUSTOMER") {
  const email = uniqueEmail(role.toLowerCase());
  const user = await Actor.provide({ type: "system", properties: { name: "test" } }, () =>
    User.register({ email, password: PASSWORD, name: `${role} user`, role }),
  );
  const login = await api<{ token: string }>("POST", "/users/login", { body: { email, password: PASSWORD } });
  if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
  return { ...user, password: PASSWORD, token: login.body.token };
}

export const asSystem = <R>(run: () => R): R => Actor.provide({ type: "system", properties: { name: "test" } }, run);

export function createProduct(input: Partial<Product.CreateInput> = {}) {
  return asSystem(() =>
    Product.create({ name: "Test product", price: 1999, stock: 10, description: "for tests", ...input }),
  );
}

/**
 * A Platform for in-process tests: every port call is recorded in `calls`; `overrides` answer the
 * ports a test needs (the rest resolve with a message id or nothing).
 */
export function recordingPlatform(overrides: Partial<Platform> = {}) {
  const calls: { port: PortName; args: unknown[] }[] = [];
  const platform = Object.fromEntries(
    PORT_NAMES.map((port) => [
      port,
      async (...args: unknown[]) => {
        calls.push({ port, args });
        const override = overrides[port] as ((...a: unknown[]) => Promise<unknown>) | undefined;
        if (override) return override(...args);
        if (port === "startCheckout") return { executionArn: `arn:local:execution:${String(args[0])}` };
        return port === "publishNotification" || port === "enqueuePaymentUpdate" ? "message-id" : undefined;
      },
    ]),
  ) as unknown as Platform;
  return Object.assign(platform, { calls });
}
