import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ForbiddenError, UnauthorizedError } from "@shop/common-utils";
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate, bearerToken, requireRole, verifyToken } from "../src/index";

// a pool of the test's own: its signing key served as the pool's JWKS, as Cognito (or cognito-local) does
const CLIENT_ID = "test-client";
let server: Server;
let issuer = "";
let pool: Awaited<ReturnType<typeof generateKeyPair>>;
let stranger: Awaited<ReturnType<typeof generateKeyPair>>;

beforeAll(async () => {
  pool = await generateKeyPair("RS256");
  stranger = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(pool.publicKey)), kid: "pool-key", alg: "RS256", use: "sig" };
  server = createServer((request, response) => {
    if (request.url?.endsWith("/.well-known/jwks.json")) {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
    } else response.writeHead(404).end();
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/local_testpool`;
  process.env.USER_POOL = JSON.stringify({ id: "local_testpool", clientId: CLIENT_ID, issuer });
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const SUB = "6f1c2e4a-0000-4000-8000-000000000001";
/** An access token as the pool issues it; each field can be made wrong. */
function accessToken(
  claims: Record<string, unknown> = {},
  options: { key?: Parameters<SignJWT["sign"]>[0]; kid?: string; issuer?: string; expires?: string | number } = {},
) {
  return new SignJWT({ token_use: "access", client_id: CLIENT_ID, username: SUB, ...claims })
    .setProtectedHeader({ alg: "RS256", kid: options.kid ?? "pool-key" })
    .setSubject(SUB)
    .setIssuer(options.issuer ?? issuer)
    .setIssuedAt()
    .setExpirationTime(options.expires ?? "1h")
    .sign(options.key ?? pool.privateKey);
}

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnauthorizedError);
  return (error as UnauthorizedError).code;
}

describe("auth-layer: the user pool's access tokens", () => {
  it("takes a pool's access token, the role from its groups", async () => {
    expect(await verifyToken(await accessToken())).toEqual({ sub: SUB, role: "CUSTOMER" });
    expect(await verifyToken(await accessToken({ "cognito:groups": ["MANAGER"] }))).toEqual({
      sub: SUB,
      role: "MANAGER",
    });
    expect(await verifyToken(await accessToken({ "cognito:groups": ["MANAGER", "ADMIN"] }))).toMatchObject({
      role: "ADMIN",
    });
  });

  it("refuses an expired token", async () => {
    expect(await codeOf(verifyToken(await accessToken({}, { expires: Math.floor(Date.now() / 1000) - 60 })))).toBe(
      "auth.token_expired",
    );
  });

  it("refuses another pool's token (another issuer), even signed with a key it knows", async () => {
    const token = await accessToken({}, { issuer: issuer.replace("local_testpool", "local_otherpool") });
    expect(await codeOf(verifyToken(token))).toBe("auth.invalid_token");
  });

  it("refuses a token of another app client", async () => {
    expect(await codeOf(verifyToken(await accessToken({ client_id: "someone-else" })))).toBe("auth.invalid_token");
  });

  it("refuses an id token where an access token is expected", async () => {
    const idToken = await accessToken({ token_use: "id", client_id: undefined, aud: CLIENT_ID });
    expect(await codeOf(verifyToken(idToken))).toBe("auth.invalid_token");
  });

  it("refuses alg none, a stranger's signature, and groups edited after signing", async () => {
    const unsecured = new UnsecuredJWT({ token_use: "access", client_id: CLIENT_ID, "cognito:groups": ["ADMIN"] })
      .setSubject(SUB)
      .setIssuer(issuer)
      .setExpirationTime("1h")
      .encode();
    expect(await codeOf(verifyToken(unsecured))).toBe("auth.invalid_token");
    expect(await codeOf(verifyToken(await accessToken({}, { key: stranger.privateKey })))).toBe("auth.invalid_token");
    const [header, payload, signature] = (await accessToken()).split(".");
    const claims = JSON.parse(Buffer.from(String(payload), "base64url").toString()) as Record<string, unknown>;
    const tampered = Buffer.from(JSON.stringify({ ...claims, "cognito:groups": ["ADMIN"] })).toString("base64url");
    expect(await codeOf(verifyToken(`${header}.${tampered}.${signature}`))).toBe("auth.invalid_token");
    expect(await codeOf(verifyToken("not-a-jwt"))).toBe("auth.invalid_token");
  });

  it("reads the bearer header strictly", async () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(() => bearerToken("Basic abc")).toThrow(UnauthorizedError);
    expect(await authenticate(undefined)).toBeUndefined();
    expect(await authenticate(`Bearer ${await accessToken()}`)).toEqual({ sub: SUB, role: "CUSTOMER" });
  });

  it("guards roles: 401 without claims, 403 with the wrong role", () => {
    expect(() => requireRole(undefined, ["ADMIN"])).toThrow(UnauthorizedError);
    expect(() => requireRole({ sub: SUB, role: "CUSTOMER" }, ["ADMIN"])).toThrow(ForbiddenError);
    expect(requireRole({ sub: SUB, role: "ADMIN" }, ["ADMIN"])).toEqual({ sub: SUB, role: "ADMIN" });
  });
});
