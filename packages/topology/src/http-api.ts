// A file that imports nothing: every HTTP function reads these at init, and a bundle loads a file
// with all it imports (./resources holds the links' table, which only the adapters read).

/**
 * CORS is answered by the functions, not by API Gateway, so the allowed origin can be the stage's own
 * admin panel: API Gateway's CORS settings live on the API, which the panel's build needs first (a
 * cycle). Preflights reach `preflightFunction` through one greedy OPTIONS route; every HTTP function
 * gets the panel's origin in `originEnv`. Locally the gateway answers CORS itself, with the same rules.
 */
export const HTTP_API_PREFLIGHT = {
  routeKey: "OPTIONS /{proxy+}",
  preflightFunction: "users-api",
  originEnv: "CORS_ALLOW_ORIGIN",
} as const;

export const HTTP_API_CORS = {
  allowMethods: ["GET", "POST", "PATCH", "DELETE", "OPTIONS"] as Array<"GET" | "POST" | "PATCH" | "DELETE" | "OPTIONS">,
  allowHeaders: ["authorization", "content-type", "idempotency-key"],
  exposeHeaders: ["idempotent-replayed"],
  maxAgeSeconds: 600,
};
