// The network of a cold start: requests to Cognito's regional host (the pool's keys, which jose
// fetches from the issuer's address) go to the cognito-local that holds the stage's pool, the way DNS
// would send them there. Same path; nothing else changes.

/** Routes fetch's requests to https://cognito-idp.<region>.amazonaws.com to `host`; returns the undo. */
export function routeCognito(host) {
  const fetchOnAws = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (/^cognito-idp\.[a-z0-9-]+\.amazonaws\.com$/.test(url.hostname) && url.protocol === "https:") {
      const routed = new URL(`${url.pathname}${url.search}`, host);
      return fetchOnAws(input instanceof Request ? new Request(routed, input) : routed, init);
    }
    return fetchOnAws(input, init);
  };
  return () => {
    globalThis.fetch = fetchOnAws;
  };
}

if (process.env.LAMBDA_COGNITO_HOST) routeCognito(process.env.LAMBDA_COGNITO_HOST);
