import { api, signIn } from "@shop/testkit/api";
import { uniqueEmail } from "@shop/testkit/fixtures";
import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";

const secret = () => new TextEncoder().encode(process.env.JWT_SECRET);
type ErrorBody = { error: { code: string; message: string; details?: { path: string }[] } };

describe("users API", () => {
  it("registers, logs in and returns the profile", async () => {
    const email = uniqueEmail();
    const registered = await api("POST", "/users/register", {
      body: { email, password: "long-enough-pw", name: "Ann" },
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ email, name: "Ann", role: "CUSTOMER", userId: expect.any(String) });
    expect(registered.body).not.toHaveProperty("passwordHash");

    const login = await api<{ token: string; tokenType: string; expiresIn: number }>("POST", "/users/login", {
      body: { email, password: "long-enough-pw" },
    });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ tokenType: "Bearer", expiresIn: 3600 });

    const me = await api("GET", "/users/me", { token: login.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual(registered.body);
  });

  it("cannot register as staff through the API", async () => {
    const response = await api("POST", "/users/register", {
      body: { email: uniqueEmail(), password: "long-enough-pw", name: "Sneaky", role: "ADMIN" },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ role: "CUSTOMER" });
  });

  it("answers a duplicate email with 409", async () => {
    const email = uniqueEmail();
    const body = { email, password: "long-enough-pw", name: "Ann" };
    expect((await api("POST", "/users/register", { body })).status).toBe(201);
    const again = await api<ErrorBody>("POST", "/users/register", { body: { ...body, email: email.toUpperCase() } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("user.email_taken");
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
    const user = await signIn();
    const wrongPassword = await api("POST", "/users/login", { body: { email: user.email, password: "nope" } });
    const unknownEmail = await api("POST", "/users/login", {
      body: { email: uniqueEmail("ghost"), password: "nope" },
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
  });

  describe("authentication failures", () => {
    const claims = { email: "x@example.com", role: "ADMIN" };
    const sub = "01J00000000000000000000000";

    it("401 without a token", async () => {
      const response = await api<ErrorBody>("GET", "/users/me");
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe("auth.unauthorized");
    });

    it("401 for a bad signature", async () => {
      const { token } = await signIn();
      const [header, payload] = token.split(".");
      const forged = `${header}.${payload}.${"A".repeat(43)}`;
      expect((await api("GET", "/users/me", { token: forged })).status).toBe(401);
    });

    it("401 for an expired token", async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = await new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(sub)
        .setIssuer("serverless-ecommerce")
        .setAudience("shop-api")
        .setIssuedAt(now - 7200)
        .setExpirationTime(now - 60)
        .sign(secret());
      const response = await api<ErrorBody>("GET", "/users/me", { token: expired });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe("auth.token_expired");
    });

    it("401 for alg: none", async () => {
      const unsigned = new UnsecuredJWT(claims)
        .setSubject(sub)
        .setIssuer("serverless-ecommerce")
        .setAudience("shop-api")
        .setExpirationTime("1h")
        .encode();
      expect((await api("GET", "/users/me", { token: unsigned })).status).toBe(401);
    });

    it("401 for a malformed Authorization header", async () => {
      const response = await api<ErrorBody>("GET", "/users/me", { headers: { authorization: "Token abc" } });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe("auth.invalid_header");
    });

    it("403 for the wrong role", async () => {
      const { token } = await signIn("CUSTOMER");
      const response = await api<ErrorBody>("POST", "/products", {
        token,
        body: { name: "x", price: 1, stock: 1 },
      });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe("auth.forbidden");
    });
  });
});
