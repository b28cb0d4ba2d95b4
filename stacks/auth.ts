/**
 * Secrets, one value per stage: `npx sst secret set JwtSecret "$(openssl rand -base64 48)" --stage <stage>`
 * and the same for WebhookSecret (shared with the payment provider).
 */
export function secrets() {
  return { jwtSecret: new sst.Secret("JwtSecret"), webhookSecret: new sst.Secret("WebhookSecret") };
}
export type Secrets = ReturnType<typeof secrets>;
