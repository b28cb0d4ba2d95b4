import { api, createUser, signIn } from "@shop/testkit/api";
import { uniqueEmail } from "@shop/testkit/fixtures";
import { UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";

type ErrorBody = { error: { code: string; message: string; details?: { path: string }[] } };

describe("users API on the user pool", () => {
  it("signs up (the same answer for a taken email), signs in, refreshes, reads the profile, signs out", async () => {
    const email = uniqueEmail();
    const registered = await api("POST", "/users/register", {
      body: { email, password: "long-enough-pw", name: "Ann" },
      clientIp: "198.18.0.1",
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toEqual({ userId: expect.any(String), email, confirmation: "EMAIL" });
    const taken = await createUser();
    const again = await api("POST", "/users/register", {
      body: { email: taken.email, password: "long-enough-pw", name: "Ann" },
      clientIp: "198.18.0.1",
    });
    expect(again.status).toBe(201);
    expect(Object.keys(again.body).sort()).toEqual(Object.keys(registered.body).sort());

    const login = await api<{ token: string; refreshToken: string; expiresIn: number; user: { role: string } }>(
      "POST",
      "/users/login",
      { body: { email: taken.email, password: taken.password } },
    );
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({
      tokenType: "Bearer",
      expiresIn: 3600,
      user: { userId: taken.userId, role: "CUSTOMER" },
    });
    const me = await api("GET", "/users/me", { token: login.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ userId: taken.userId, email: taken.email, role: "CUSTOMER" });

    const refreshed = await api<{ token: string }>("POST", "/users/refresh", {
      body: { refreshToken: login.body.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    expect((await api("GET", "/users/me", { token: refreshed.body.token })).status).toBe(200);

    expect((await api("POST", "/users/logout", { body: { refreshToken: login.body.refreshToken } })).status).toBe(200);
    const afterLogout = await api<ErrorBody>("POST", "/users/refresh", {
      body: { refreshToken: login.body.refreshToken },
    });
    expect(afterLogout.status).toBe(401);
    expect(afterLogout.body.error.code).toBe("auth.invalid_refresh_token");
  });

  it("answers a wrong code with 400, an unknown email's reset request as a known one's", async () => {
    const { email } = await createUser();
    const wrong = await api<ErrorBody>("POST", "/users/confirm", { body: { email, code: "000000" } });
    expect(wrong.status).toBe(400);
    const known = await api("POST", "/users/forgot-password", { body: { email }, clientIp: "198.18.0.2" });
    const unknown = await api("POST", "/users/forgot-password", {
      body: { email: uniqueEmail("ghost") },
      clientIp: "198.18.0.2",
    });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(Object.keys(unknown.body)).toEqual(Object.keys(known.body));
  });

  it("answers invalid input with 400 and the offending fields", async () => {
    const response = await api<ErrorBody>("POST", "/users/register", {
      body: { email: "not-an-email", password: "short" },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_failed");
    expect(response.body.error.details?.map((d) => d.path).sort()).toEqual(["email", "name", "password"]);
  });

  it("answers a body that is not JSON with 400", async () => {
    const response = await api<ErrorBody>("POST", "/users/login", {
      rawBody: "{email:",
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("request.malformed_json");
  });

  it("does not reveal whether an email exists", async () => {
    const user = await createUser();
    const wrongPassword = await api("POST", "/users/login", { body: { email: user.email, password: "nope" } });
    const unknownEmail = await api("POST", "/users/login", { body: { email: uniqueEmail("ghost"), password: "nope" } });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
  });

  describe("the gateway's JWT authorizer, then the function's own check", () => {
    it("401 from the gateway without a token or with a forged one: the function never runs", async () => {
      const none = await api("GET", "/users/me");
      expect(none.status).toBe(401);
      expect(none.body).toEqual({ message: "Unauthorized" });
      const { token } = await signIn();
      const [header, payload] = token.split(".");
      expect((await api("GET", "/users/me", { token: `${header}.${payload}.${"A".repeat(43)}` })).body).toEqual({
        message: "Unauthorized",
      });
      const unsigned = new UnsecuredJWT({ token_use: "access", "cognito:groups": ["ADMIN"] })
        .setExpirationTime("1h")
        .encode();
      expect((await api("GET", "/users/me", { token: unsigned })).status).toBe(401);
      expect((await api("GET", "/users/me", { headers: { authorization: "Token abc" } })).status).toBe(401);
    });

    it("an id token passes the gateway (its audience is the client) and is refused by the function", async () => {
      const user = await createUser();
      const login = await api<{ idToken: string }>("POST", "/users/login", {
        body: { email: user.email, password: user.password },
      });
      const response = await api<ErrorBody>("GET", "/users/me", { token: login.body.idToken });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe("auth.invalid_token");
    });

    it("403 for the wrong role", async () => {
      const { token } = await signIn("CUSTOMER");
      const response = await api<ErrorBody>("POST", "/products", { token, body: { name: "x", price: 1, stock: 1 } });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe("auth.forbidden");
    });
  });
});
