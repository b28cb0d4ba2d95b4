import { Client, customer, startShop, waitFor } from "@shop/testkit/e2e";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime";

/**
 * Identity through the local runtime, as a customer and an admin meet it: the user pool
 * (cognito-local) emails a code, its PostConfirmation trigger runs create-profile in the local
 * Lambda, the gateway's JWT authorizer guards the protected routes, and a staff group added by an
 * admin lets its member in. Every request goes over HTTP to the runtime.
 */
let runtime: Runtime;
beforeAll(async () => {
  runtime = await startShop();
});
afterAll(() => runtime?.stop());

const password = "a-long-enough-password";

function codeFor(email: string): Promise<string> {
  return waitFor(`a code emailed to ${email}`, async () => {
    const sent = await new Client(runtime.url).call<{ code?: string }>(
      "GET",
      `/_local/codes?email=${encodeURIComponent(email)}`,
    );
    return sent.status === 200 ? sent.body.code : undefined;
  });
}

describe("identity on the user pool, through the local runtime", () => {
  it("signs up, confirms with the emailed code (the trigger writes the profile), signs in, refreshes and signs out", async () => {
    const anonymous = new Client(runtime.url);
    const email = `flow-${Date.now().toString(36)}@example.com`;
    const registered = await anonymous.call("POST", "/users/register", { email, password, name: "Grace Hopper" });
    expect(registered.status).toBe(201);
    // not confirmed yet: no sign-in, and no profile
    const early = await anonymous.call<{ error: { code: string } }>("POST", "/users/login", { email, password });
    expect(early.body.error.code).toBe("auth.not_confirmed");
    const wrong = await anonymous.call<{ error: { code: string } }>("POST", "/users/confirm", {
      email,
      code: "000000",
    });
    expect(wrong.status).toBe(400);
    const confirmed = await anonymous.call("POST", "/users/confirm", { email, code: await codeFor(email) });
    expect(confirmed.status).toBe(200);

    const login = await anonymous.call<{ token: string; refreshToken: string; user: { userId: string; role: string } }>(
      "POST",
      "/users/login",
      { email, password },
    );
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe("CUSTOMER");
    const signedIn = new Client(runtime.url, login.body.token);
    // the profile create-profile wrote when the pool confirmed the account
    const me = await signedIn.call<{ userId: string; email: string; name: string }>("GET", "/users/me");
    expect(me).toMatchObject({ status: 200, body: { userId: login.body.user.userId, email, name: "Grace Hopper" } });

    // the gateway's JWT authorizer: no token, or one that is not the pool's, never reaches the function
    expect((await anonymous.call("GET", "/users/me")).status).toBe(401);
    expect((await new Client(runtime.url, `${login.body.token}x`).call("GET", "/users/me")).status).toBe(401);

    const refreshed = await anonymous.call<{ token: string }>("POST", "/users/refresh", {
      refreshToken: login.body.refreshToken,
    });
    expect(refreshed.status).toBe(200);
    expect((await new Client(runtime.url, refreshed.body.token).call("GET", "/users/me")).status).toBe(200);

    const out = await anonymous.call("POST", "/users/logout", { refreshToken: login.body.refreshToken });
    expect(out.status).toBe(200);
    const after = await anonymous.call<{ error: { code: string } }>("POST", "/users/refresh", {
      refreshToken: login.body.refreshToken,
    });
    expect(after).toMatchObject({ status: 401, body: { error: { code: "auth.invalid_refresh_token" } } });
  });

  it("resets a forgotten password with the emailed code", async () => {
    const email = `reset-${Date.now().toString(36)}@example.com`;
    await runtime.cognito.createAccount(email, password, "Reset Me");
    const anonymous = new Client(runtime.url);
    expect((await anonymous.call("POST", "/users/forgot-password", { email })).status).toBe(202);
    const newPassword = "another-long-password";
    const reset = await anonymous.call("POST", "/users/reset-password", {
      email,
      code: await codeFor(email),
      password: newPassword,
    });
    expect(reset.status).toBe(200);
    expect((await anonymous.call("POST", "/users/login", { email, password })).status).toBe(401);
    expect((await anonymous.call("POST", "/users/login", { email, password: newPassword })).status).toBe(200);
  });

  it("lets a customer into the staff routes once an admin puts them in a staff group", async () => {
    const email = `promoted-${Date.now().toString(36)}@example.com`;
    const userId = await runtime.cognito.createAccount(email, password, "Soon Manager");
    const admin = await customer(runtime, "ADMIN");
    const signIn = async () => {
      const login = await new Client(runtime.url).call<{ token: string }>("POST", "/users/login", { email, password });
      return new Client(runtime.url, login.body.token);
    };
    const before = await signIn();
    expect((await before.call("GET", "/admin/queues")).status).toBe(403);
    // a customer cannot promote anyone, themselves included
    const self = await before.call("POST", `/admin/users/${userId}/role`, { role: "ADMIN" });
    expect(self.status).toBe(403);

    const promoted = await admin.call<{ role: string }>("POST", `/admin/users/${userId}/role`, { role: "MANAGER" });
    expect(promoted).toMatchObject({ status: 200, body: { role: "MANAGER" } });
    // a new sign-in carries the group in its token
    const after = await signIn();
    expect((await after.call("GET", "/admin/queues")).status).toBe(200);

    // back to customer: the old staff token stops working within the recheck (the pool's groups are read again)
    const demoted = await admin.call<{ role: string }>("POST", `/admin/users/${userId}/role`, { role: "CUSTOMER" });
    expect(demoted.body.role).toBe("CUSTOMER");
    await waitFor("the demoted token refused", async () => (await after.call("GET", "/admin/queues")).status === 403);
  });
});
