/**
 * auth-layer: the token and role logic every protected function shares (shipped as a Lambda Layer on
 * AWS, imported as a workspace package locally). Tokens are the user pool's (Amazon Cognito) access
 * tokens, verified with jose against the pool's JWKS, fetched once per execution environment and kept.
 * API Gateway's JWT authorizer checks the same token first; this is the function's own check, the one
 * that builds the actor. jose is loaded on the first verify (a chunk of the layer of its own). The
 * roles and the role guard are `@shop/auth-layer/roles` (./roles.ts): a function that verifies no
 * token loads only them.
 */

import { type Claims, roleOfGroups } from "@shop/auth-layer/roles";
import { UnauthorizedError } from "@shop/common-utils";
import { LINK_ENV } from "@shop/topology/link-env";

export * from "@shop/auth-layer/roles";

/** The `userPool` link's value: the pool, its app client, and the issuer its tokens name. */
export interface UserPool {
  id: string;
  clientId: string;
  /** `https://cognito-idp.<region>.amazonaws.com/<pool id>`; cognito-local's address locally */
  issuer: string;
}

/** The linked user pool (USER_POOL, JSON); a deployment mistake, not a client error, when it is missing. */
export function userPool(): UserPool {
  const raw = process.env[LINK_ENV.userPool];
  let value: Partial<UserPool> | undefined;
  try {
    value = raw ? (JSON.parse(raw) as Partial<UserPool>) : undefined;
  } catch {
    value = undefined;
  }
  if (!value?.id || !value.clientId || !value.issuer) {
    throw new Error(`${LINK_ENV.userPool} is not set: is the user pool linked to this function?`);
  }
  return { id: value.id, clientId: value.clientId, issuer: value.issuer };
}

const jose = () => import("jose");
type KeySet = ReturnType<Awaited<ReturnType<typeof jose>>["createRemoteJWKSet"]>;
let keys: { issuer: string; set: KeySet } | undefined;

/** The pool's signing keys, fetched on first use and kept (jose refetches only for an unknown key id). */
async function keySet(issuer: string): Promise<KeySet> {
  if (keys?.issuer !== issuer) {
    const { createRemoteJWKSet } = await jose();
    const url = new URL(`${issuer}/.well-known/jwks.json`) as Parameters<typeof createRemoteJWKSet>[0];
    keys = { issuer, set: createRemoteJWKSet(url) };
  }
  return keys.set;
}

const invalid = () => new UnauthorizedError("auth.invalid_token", "Token is invalid");

/**
 * Verifies an access token of the linked pool: signature (RS256 against the pool's keys; never
 * `none`), `iss`, `exp`, `token_use: access` (an id token is refused) and `client_id` (the app
 * client's). The role comes from the token's `cognito:groups`.
 */
export async function verifyToken(token: string): Promise<Claims> {
  const { errors, jwtVerify } = await jose();
  const pool = userPool();
  try {
    const { payload } = await jwtVerify(token, await keySet(pool.issuer), {
      algorithms: ["RS256"],
      issuer: pool.issuer,
      requiredClaims: ["exp", "sub"],
    });
    if (payload.token_use !== "access" || payload.client_id !== pool.clientId) throw invalid();
    const groups = payload["cognito:groups"] ?? [];
    if (typeof payload.sub !== "string" || payload.sub === "" || !Array.isArray(groups)) throw invalid();
    return { sub: payload.sub, role: roleOfGroups(groups.filter((g): g is string => typeof g === "string")) };
  } catch (error) {
    if (error instanceof UnauthorizedError) throw error;
    if (error instanceof errors.JWTExpired) {
      throw new UnauthorizedError("auth.token_expired", "Token has expired");
    }
    if (error instanceof errors.JOSEError || error instanceof TypeError) throw invalid();
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
