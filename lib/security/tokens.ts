import "server-only";
/** Random tokens and their comparison. Tokens are stored only as their SHA-256; a database leak reveals no usable token. */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** `bytes` random bytes as base64url (32 bytes → 43 characters, 256 bits). */
export function randomToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 16) throw new Error("randomToken: at least 16 bytes");
  return randomBytes(bytes).toString("base64url");
}

export function sha256Hex(value: string | Buffer): string {
  return createHash("sha256").update(value).digest("hex");
}

/**
 * Constant-time string equality. Both sides are hashed first so the buffers always have equal length and the
 * comparison time reveals neither the content nor the length of the secret.
 */
export function safeEqual(a: string, b: string): boolean {
  if (typeof a !== "string" || typeof b !== "string") return false;
  const da = createHash("sha256").update(a, "utf8").digest();
  const db = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}

/** A token as it arrives from a link or header: the shape randomToken produces, or null (never throws). */
export function parseTokenInput(value: unknown, bytes = 32): string | null {
  if (typeof value !== "string") return null;
  const length = Math.ceil((bytes * 4) / 3);
  const trimmed = value.trim();
  if (trimmed.length !== length || !/^[A-Za-z0-9_-]+$/.test(trimmed)) return null;
  return trimmed;
}
