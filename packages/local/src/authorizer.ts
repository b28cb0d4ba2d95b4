import { type UserPool, userPool } from "@shop/auth-layer";
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from "jose";

/**
 * API Gateway's JWT authorizer, as an HTTP API runs it before the route's function: a bearer token
 * signed by the issuer's keys (its JWKS), `iss` the issuer, `exp`/`nbf` in force, and `aud` (or, for
 * an access token with no `aud`, `client_id`) one of the audiences. It checks nothing else: an id
 * token of the same client passes here; the function's own check (auth-layer) refuses it.
 * Documented: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */
export function jwtAuthorizer(pool: () => UserPool = userPool) {
  let keys: { issuer: string; set: ReturnType<typeof createRemoteJWKSet> } | undefined;
  /** The token's claims, or undefined where API Gateway answers 401 `{"message":"Unauthorized"}`. */
  return async (authorization: string | undefined): Promise<JWTPayload | undefined> => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
    if (!token) return undefined;
    const { issuer, clientId } = pool();
    if (keys?.issuer !== issuer) keys = { issuer, set: createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`)) };
    try {
      const { payload } = await jwtVerify(token, keys.set, { issuer });
      const audiences = payload.aud === undefined ? [payload.client_id] : [payload.aud].flat();
      return audiences.includes(clientId) ? payload : undefined;
    } catch {
      return undefined;
    }
  };
}
