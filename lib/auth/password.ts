import "server-only";
/**
 * Password hashing: argon2id with OWASP's baseline parameters (19 MiB memory, 2 passes, 1 lane).
 * The PHC string carries its own parameters, so raising them later still verifies old hashes;
 * `passwordNeedsRehash` tells sign-in when to upgrade a hash in place.
 */
import { hash, parseOptions, verify } from "@node-rs/argon2";

// `Algorithm` is a const enum in the package's typings, which isolatedModules cannot import; 2 = Argon2id.
const ARGON2ID = 2;

export const PASSWORD_HASH_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

/** Longest password we hash: argon2 itself takes any length, but unbounded input is a cheap DoS. */
export const MAX_PASSWORD_LENGTH = 1024;

export async function hashPassword(plain: string): Promise<string> {
  if (plain.length === 0) throw new Error("Cannot hash an empty password");
  if (plain.length > MAX_PASSWORD_LENGTH) throw new Error("Password too long");
  return hash(plain.normalize("NFKC"), PASSWORD_HASH_OPTIONS);
}

/** False for a wrong password and for anything that is not a valid argon2 hash (never throws on bad input). */
export async function verifyPassword(passwordHash: string | null | undefined, plain: string): Promise<boolean> {
  if (!passwordHash || !plain || plain.length > MAX_PASSWORD_LENGTH) return false;
  try {
    return await verify(passwordHash, plain.normalize("NFKC"));
  } catch {
    return false;
  }
}

/** True when the stored hash was made with weaker parameters than today's. */
export function passwordNeedsRehash(passwordHash: string): boolean {
  try {
    const o = parseOptions(passwordHash);
    return (
      o.algorithm !== ARGON2ID ||
      o.memoryCost < PASSWORD_HASH_OPTIONS.memoryCost ||
      o.timeCost < PASSWORD_HASH_OPTIONS.timeCost ||
      o.outputLen < PASSWORD_HASH_OPTIONS.outputLen
    );
  } catch {
    return true;
  }
}
