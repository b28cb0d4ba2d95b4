/**
 * auth-layer: the JWT and role logic every protected function shares (shipped as a Lambda Layer on
 * AWS, imported as a workspace package locally). HS256 via jose; the key comes from JWT_SECRET,
 * an SST Secret on AWS and a generated dev key locally. jose is loaded on the first sign or verify
 * (a chunk of the layer of its own). The roles and the role guard, which every function's actor
 * context uses, are `@shop/auth-layer/roles` (./roles.ts): a function that verifies no token loads
 * only them.
 */

import { type Claims, ROLES, type Role } from "@shop/auth-layer/roles";
import { UnauthorizedError } from "@shop/common-utils";

export * from "@shop/auth-layer/roles";

const ISSUER = "serverless-ecommerce";
const AUDIENCE = "shop-api";
const ALGORITHM = "HS256";

let cachedKey: { secret: string; key: Uint8Array } | undefined;
function signingKey(): Uint8Array {
  const secret = process.env.JWT_SECRET;
  if (!secret || secret.length < 32) {
    // A deployment mistake, not a client error: fail loudly.
    throw new Error("JWT_SECRET is not set (it must be at least 32 characters)");
  }
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: new TextEncoder().encode(secret) };
  return cachedKey.key;
}

export function tokenTtlSeconds(): number {
  const ttl = Number(process.env.JWT_TTL_SECONDS ?? 3600);
  return Number.isInteger(ttl) && ttl > 0 ? ttl : 3600;
}

const jose = () => import("jose");

export async function signToken(claims: Claims, ttlSeconds = tokenTtlSeconds()): Promise<string> {
  const { SignJWT } = await jose();
  return new SignJWT({ email: claims.email, role: claims.role })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(signingKey());
}

function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Verifies signature, algorithm (never `none`), issuer, audience and expiry, then the claim shapes. */
export async function verifyToken(token: string): Promise<Claims> {
  const { errors, jwtVerify } = await jose();
  try {
    const { payload } = await jwtVerify(token, signingKey(), {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    const { sub, email, role } = payload;
    if (typeof sub !== "string" || sub === "" || typeof email !== "string" || !isRole(role)) {
      throw new UnauthorizedError("auth.invalid_token", "Token claims are malformed");
    }
    return { sub, email, role };
  } catch (error) {
    if (error instanceof UnauthorizedError) throw error;
    if (error instanceof errors.JWTExpired) {
      throw new UnauthorizedError("auth.token_expired", "Token has expired");
    }
    if (error instanceof errors.JOSEError) {
      throw new UnauthorizedError("auth.invalid_token", "Token is invalid");
    }
    throw error;
  }
}

/** Reads `Authorization: Bearer <jwt>`; undefined when the header is absent. */
export function bearerToken(header: string | undefined | null): string | undefined {
  if (header === undefined || header === null || header === "") return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new UnauthorizedError("auth.invalid_header", "Authorization must be 'Bearer <token>'");
  return match[1];
}

/** Verifies the Authorization header if there is one; undefined for anonymous callers. */
export async function authenticate(header: string | undefined | null): Promise<Claims | undefined> {
  const token = bearerToken(header);
  return token === undefined ? undefined : verifyToken(token);
}
