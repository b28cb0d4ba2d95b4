import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Memory-hard password hashing with node's scrypt. Parameters are stored in the hash
 * (`scrypt$N$r$p$salt$hash`), so raising the cost later keeps old hashes verifiable.
 * Default cost N=2^17, r=8, p=1 (OWASP's recommendation, 128 MiB); SCRYPT_LOG_N lowers it for tests.
 */
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function cost() {
  const logN = Number(process.env.SCRYPT_LOG_N ?? 17);
  return { N: 2 ** (Number.isInteger(logN) && logN >= 10 && logN <= 20 ? logN : 17), r: 8, p: 1 };
}

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = cost();
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, N, r, p);
  return ["scrypt", N, r, p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await scryptAsync(password, Buffer.from(salt, "base64url"), Number(N), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let decoy: Promise<string> | undefined;
/** A hash to verify against when the email is unknown, so both failures take the same time. */
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString("hex"));
  return decoy;
}
