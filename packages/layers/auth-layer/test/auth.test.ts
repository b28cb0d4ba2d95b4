import { ForbiddenError, UnauthorizedError } from "@shop/common-utils";
import { base64url, SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { authenticate, bearerToken, requireRole, signToken, verifyToken } from "../src/index";

// a unit test owns its secret (the table-backed projects get a random one from testkit's table setup)
process.env.JWT_SECRET = "auth-layer-unit-test-secret-of-32+-chars";

const claims = { sub: "01J0000000000000000000000A", email: "a@example.com", role: "CUSTOMER" as const };
const key = () => new TextEncoder().encode(process.env.JWT_SECRET);

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnauthorizedError);
  return (error as UnauthorizedError).code;
}

describe("auth-layer tokens", () => {
  it("round-trips the claims it signed", async () => {
    const token = await signToken(claims);
    expect(await verifyToken(token)).toEqual(claims);
  });

  it("rejects an expired token", async () => {
    const token = await new SignJWT({ email: claims.email, role: claims.role })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(claims.sub)
      .setIssuer("serverless-ecommerce")
      .setAudience("shop-api")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(key());
    expect(await codeOf(verifyToken(token))).toBe("auth.token_expired");
  });

  it("rejects a token signed with another key", async () => {
    const token = await new SignJWT({ email: claims.email, role: claims.role })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(claims.sub)
      .setIssuer("serverless-ecommerce")
      .setAudience("shop-api")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("another-secret-that-is-long-enough-1234"));
    expect(await codeOf(verifyToken(token))).toBe("auth.invalid_token");
  });

  it("rejects alg: none", async () => {
    const token = new UnsecuredJWT({ email: claims.email, role: "ADMIN" })
      .setSubject(claims.sub)
      .setIssuer("serverless-ecommerce")
      .setAudience("shop-api")
      .setExpirationTime("1h")
      .encode();
    expect(await codeOf(verifyToken(token))).toBe("auth.invalid_token");
  });

  it("rejects a tampered payload (role escalated)", async () => {
    const [header, , signature] = (await signToken(claims)).split(".");
    const payload = base64url.encode(
      JSON.stringify({ ...claims, role: "ADMIN", iss: "serverless-ecommerce", aud: "shop-api", exp: 9999999999 }),
    );
    expect(await codeOf(verifyToken(`${header}.${payload}.${signature}`))).toBe("auth.invalid_token");
  });

  it("rejects a wrong audience and an unknown role", async () => {
    const wrongAudience = await new SignJWT({ email: claims.email, role: claims.role })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(claims.sub)
      .setIssuer("serverless-ecommerce")
      .setAudience("someone-else")
      .setExpirationTime("1h")
      .sign(key());
    expect(await codeOf(verifyToken(wrongAudience))).toBe("auth.invalid_token");
    const unknownRole = await new SignJWT({ email: claims.email, role: "ROOT" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(claims.sub)
      .setIssuer("serverless-ecommerce")
      .setAudience("shop-api")
      .setExpirationTime("1h")
      .sign(key());
    expect(await codeOf(verifyToken(unknownRole))).toBe("auth.invalid_token");
  });

  it("rejects garbage", async () => {
    expect(await codeOf(verifyToken("not-a-jwt"))).toBe("auth.invalid_token");
  });
});

describe("auth-layer header and role guard", () => {
  it("parses the bearer header", () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken("Bearer abc.def.ghi")).toBe("abc.def.ghi");
    expect(() => bearerToken("Basic dXNlcjpwYXNz")).toThrow(UnauthorizedError);
    expect(() => bearerToken("Bearer")).toThrow(UnauthorizedError);
  });

  it("authenticates anonymous callers as undefined", async () => {
    expect(await authenticate(undefined)).toBeUndefined();
    expect(await authenticate(`Bearer ${await signToken(claims)}`)).toEqual(claims);
  });

  it("guards roles: 401 without claims, 403 with the wrong role", () => {
    expect(() => requireRole(undefined, ["ADMIN"])).toThrow(UnauthorizedError);
    expect(() => requireRole(claims, ["ADMIN", "MANAGER"])).toThrow(ForbiddenError);
    expect(requireRole({ ...claims, role: "MANAGER" }, ["ADMIN", "MANAGER"]).role).toBe("MANAGER");
  });
});
