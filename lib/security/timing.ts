import "server-only";
/**
 * Equal work for unequal paths: when there is no real password hash to check (unknown email, OAuth-only account,
 * malformed input), verify against a throw-away argon2id hash instead, so the response takes about as long as a
 * real check and its timing does not tell whether the account exists.
 */
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { randomToken } from "./tokens";

let dummyHash: Promise<string> | undefined;

/** A hash with today's parameters (made once per process) of a random value nobody knows. */
function throwAwayHash(): Promise<string> {
  dummyHash ??= hashPassword(randomToken(24)).catch((error: unknown) => {
    dummyHash = undefined;
    throw error;
  });
  return dummyHash;
}

/** Runs one argon2id verification that always fails. Always resolves to false. */
export async function dummyPasswordCheck(password?: unknown): Promise<false> {
  const candidate = typeof password === "string" && password.length > 0 && password.length <= 1024 ? password : "not-a-password";
  await verifyPassword(await throwAwayHash(), candidate);
  return false;
}

/** Makes the first request after start-up as slow as the others (optional; call at boot). */
export async function warmUpDummyPasswordCheck(): Promise<void> {
  await throwAwayHash();
}
