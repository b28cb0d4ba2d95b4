/** Routes fetch's requests to https://cognito-idp.<region>.amazonaws.com to `host`; returns the undo. */
export function routeCognito(host: string): () => void;
