import "server-only";
/**
 * Secrets at rest (TOTP secrets, gateway and server API tokens): AES-256-GCM from node:crypto with the key in
 * ENCRYPTION_KEY. GCM authenticates as well as encrypts, so a tampered or truncated blob fails to decrypt instead
 * of yielding garbage. The "v1" prefix leaves room for a future key or algorithm without guessing formats.
 *
 * `context` (optional associated data, e.g. the owning user id) binds a ciphertext to its row: a blob copied
 * into another user's row does not decrypt there.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { decodeKey, serverEnv } from "@/lib/env";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class DecryptionError extends Error {
  constructor(options?: { cause?: unknown }) {
    // Never echo the blob: it may be a secret in another form.
    super("The encrypted value could not be decrypted (wrong key, wrong context, or tampered data).", options);
    this.name = "DecryptionError";
  }
}

function encryptionKey(): Buffer {
  const key = decodeKey(serverEnv().ENCRYPTION_KEY);
  // serverEnv() already refuses a malformed key; this keeps the type honest.
  if (!key) throw new Error("ENCRYPTION_KEY must be 32 bytes");
  return key;
}

export function encryptSecret(plain: string, context?: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv, { authTagLength: TAG_BYTES });
  if (context !== undefined) cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export function decryptSecret(blob: string, context?: string): string {
  const parts = typeof blob === "string" ? blob.split(".") : [];
  if (parts.length !== 4 || parts[0] !== VERSION) throw new DecryptionError();
  const [, ivText, tagText, dataText] = parts as [string, string, string, string];
  const base64url = /^[A-Za-z0-9_-]*$/;
  if (!base64url.test(ivText) || !base64url.test(tagText) || !base64url.test(dataText)) throw new DecryptionError();
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DecryptionError();
  try {
    const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), iv, { authTagLength: TAG_BYTES });
    if (context !== undefined) decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(dataText, "base64url")), decipher.final()]).toString("utf8");
  } catch (error) {
    throw new DecryptionError({ cause: error });
  }
}
