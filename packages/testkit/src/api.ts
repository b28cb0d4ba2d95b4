import { type Role, userPool } from "@shop/auth-layer";
import { User } from "@shop/core";
import { cognitoClient, createAccount, createGateway } from "@shop/local";
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

let client: ReturnType<typeof cognitoClient> | undefined;

/** A confirmed account of the role in the run's user pool, with the profile create-profile would write. */
export async function createUser(role: Role = "CUSTOMER", password = PASSWORD) {
  const email = uniqueEmail(role.toLowerCase());
  const name = `${role} user`;
  client ??= cognitoClient(String(process.env.COGNITO_ENDPOINT));
  const userId = await createAccount(client, userPool(), { email, password, name, role });
  await asSystem(() => User.createProfile({ userId, email, name }));
  return { userId, email, name, password };
}

/**
 * A fresh confirmed user of the role in the run's user pool, with the profile create-profile would
 * write (no Lambda runs the pool's triggers in process), signed in through the API.
 */
export async function signIn(role: Role = "CUSTOMER") {
  const { userId, email, name } = await createUser(role);
  const login = await api<{ token: string; refreshToken: string }>("POST", "/users/login", {
    body: { email, password: PASSWORD },
  });
  if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
  return {
    userId,
    email,
    name,
    role,
    password: PASSWORD,
    token: login.body.token,
    refreshToken: login.body.refreshToken,
  };
}

/**
 * The code the run's pool last "emailed" to `email` (a sign-up's or a password reset's), asked of
 * the process that runs the pool (LocalCognito.serveCodes at COGNITO_CODES_URL): its data files are
 * rewritten while it runs, so reading them raced its writes.
 */
export async function pendingCode(email: string): Promise<string> {
  const response = await fetch(`${process.env.COGNITO_CODES_URL}?email=${encodeURIComponent(email)}`);
  const body = (await response.json()) as { code?: string };
  if (!body.code) throw new Error(`no code was sent to ${email}`);
  return body.code;
}

/** Signs up through the pool's API (the app client's SignUp) without confirming: an account waiting for its code. */
export async function signUpUnconfirmed(password = PASSWORD) {
  const email = uniqueEmail("unconfirmed");
  client ??= cognitoClient(String(process.env.COGNITO_ENDPOINT));
  const { SignUpCommand } = await import("@aws-sdk/client-cognito-identity-provider");
  await client.send(
    new SignUpCommand({
      ClientId: userPool().clientId,
      Username: email,
      Password: password,
      UserAttributes: [{ Name: "email", Value: email }],
    }),
  );
  return { email, code: await pendingCode(email) };
}

/** A confirmed account that asked for a password reset: its email and the code the pool sent. */
export async function resetRequested() {
  const { email } = await createUser();
  client ??= cognitoClient(String(process.env.COGNITO_ENDPOINT));
  const { ForgotPasswordCommand } = await import("@aws-sdk/client-cognito-identity-provider");
  await client.send(new ForgotPasswordCommand({ ClientId: userPool().clientId, Username: email }));
  return { email, code: await pendingCode(email) };
}
