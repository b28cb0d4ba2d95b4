import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

/**
 * A dev secret (the webhook's), generated once and kept with the data so it survives restarts.
 *
 * @example
 * process.env.WEBHOOK_SECRET ??= devSecret(".data", "webhook-secret");
 */
export function devSecret(dataDir: string | undefined, name: string): string {
  if (!dataDir) return randomBytes(32).toString("base64url");
  const file = resolve(dataDir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
