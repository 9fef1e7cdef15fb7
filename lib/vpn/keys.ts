import "server-only";
/**
 * WireGuard keys are raw 32-byte X25519 keys in standard base64 (44 characters, one `=`). Node's crypto does
 * X25519 natively; the raw bytes come out of the JWK export (`d` = private scalar, `x` = public point, both
 * base64url), which avoids hand-slicing DER prefixes.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from "node:crypto";

export interface WireGuardKeyPair {
  privateKey: string;
  publicKey: string;
}

const fromBase64Url = (value: string) => Buffer.from(value, "base64url").toString("base64");

export function generateKeyPair(): WireGuardKeyPair {
  const { privateKey } = generateKeyPairSync("x25519");
  const jwk = privateKey.export({ format: "jwk" });
  return { privateKey: fromBase64Url(jwk.d!), publicKey: fromBase64Url(jwk.x!) };
}

/** The public key of a base64 private key, like `wg pubkey` (X25519 clamps the scalar, so any 32 bytes work). */
export function publicKeyFromPrivate(privateKey: string): string {
  if (!isValidWireGuardKey(privateKey)) throw new TypeError("Not a WireGuard key (32 bytes, base64)");
  // Node needs `x` in the JWK; derive it by importing the private scalar alone via PKCS#8 DER instead.
  const der = Buffer.concat([PKCS8_X25519_PREFIX, Buffer.from(privateKey, "base64")]);
  const key = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  const jwk = createPublicKey(key).export({ format: "jwk" });
  return fromBase64Url(jwk.x!);
}

/** RFC 8410 PKCS#8 header for an X25519 private key: the 32 raw bytes follow it. */
const PKCS8_X25519_PREFIX = Buffer.from("302e020100300506032b656e04220420", "hex");

/** A WireGuard preshared key: 32 random bytes, base64 (what `wg genpsk` prints). */
export function generatePresharedKey(): string {
  return randomBytes(32).toString("base64");
}

const CANONICAL_KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

/**
 * True for exactly 32 bytes in canonical standard base64 (44 characters). The last-character class rejects
 * non-canonical encodings (unused low bits set), which `wg` also refuses, so two spellings of one key can't
 * slip past the unique index.
 */
export function isValidWireGuardKey(value: unknown): value is string {
  if (typeof value !== "string" || !CANONICAL_KEY.test(value)) return false;
  const bytes = Buffer.from(value, "base64");
  return bytes.length === 32 && bytes.toString("base64") === value;
}
