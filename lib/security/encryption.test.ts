import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { TEST_SECRETS } from "@/lib/jobs/__fixtures__/setup";
import { DecryptionError, decryptSecret, encryptSecret } from "./encryption";

const OTHER_KEY = "f".repeat(64);

beforeAll(() => {
  Object.assign(process.env, TEST_SECRETS);
  resetEnvCache();
});
afterAll(() => {
  process.env.ENCRYPTION_KEY = TEST_SECRETS.ENCRYPTION_KEY;
  resetEnvCache();
});

/** Flips one bit of the decoded part `index` (1 iv, 2 tag, 3 ciphertext) and re-encodes it. */
function flip(blob: string, index: number): string {
  const parts = blob.split(".");
  const bytes = Buffer.from(parts[index]!, "base64url");
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
}

describe("encryptSecret / decryptSecret", () => {
  it("round-trips, including unicode and the empty string", () => {
    for (const plain of ["JBSWY3DPEHPK3PXP", "pässwörd ✓ 🔐", "", "x".repeat(10_000)]) {
      expect(decryptSecret(encryptSecret(plain))).toBe(plain);
    }
  });

  it("writes v1.<iv>.<tag>.<ciphertext> in base64url with a fresh 12-byte IV each time", () => {
    const a = encryptSecret("same secret");
    const b = encryptSecret("same secret");
    expect(a).not.toBe(b);
    for (const blob of [a, b]) {
      const parts = blob.split(".");
      expect(parts).toHaveLength(4);
      expect(parts[0]).toBe("v1");
      for (const p of parts.slice(1)) expect(p).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(parts[1]!, "base64url")).toHaveLength(12);
      expect(Buffer.from(parts[2]!, "base64url")).toHaveLength(16);
      expect(blob).not.toContain("same secret");
    }
    expect(a.split(".")[1]).not.toBe(b.split(".")[1]);
  });

  it("refuses tampering with the IV, the tag or the ciphertext", () => {
    const blob = encryptSecret("top secret value");
    for (const index of [1, 2, 3]) expect(() => decryptSecret(flip(blob, index))).toThrow(DecryptionError);
  });

  it("refuses truncated, re-versioned and malformed blobs without echoing them", () => {
    const blob = encryptSecret("top secret value");
    const [, iv, tag, data] = blob.split(".");
    const bad = [
      `v2.${iv}.${tag}.${data}`,
      `v1.${iv}.${tag}`,
      `v1.${iv}.${tag!.slice(0, 10)}.${data}`,
      `v1.${iv}.${tag}.${data!.slice(0, -2)}`,
      `v1.${iv}.${tag}.${data}.extra`,
      `v1.${iv}.${tag}.${data}!`,
      "",
      "not a blob",
      undefined as unknown as string,
    ];
    for (const b of bad) {
      let error: unknown;
      try {
        decryptSecret(b);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DecryptionError);
      if (b) expect((error as Error).message).not.toContain(b);
    }
  });

  it("binds a ciphertext to its context (associated data)", () => {
    const blob = encryptSecret("totp secret", "totp_secrets:user-a");
    expect(decryptSecret(blob, "totp_secrets:user-a")).toBe("totp secret");
    expect(() => decryptSecret(blob, "totp_secrets:user-b")).toThrow(DecryptionError);
    expect(() => decryptSecret(blob)).toThrow(DecryptionError);
  });

  it("does not decrypt under another key", () => {
    const blob = encryptSecret("rotating");
    process.env.ENCRYPTION_KEY = OTHER_KEY;
    resetEnvCache();
    try {
      expect(() => decryptSecret(blob)).toThrow(DecryptionError);
      expect(decryptSecret(encryptSecret("rotating"))).toBe("rotating");
    } finally {
      process.env.ENCRYPTION_KEY = TEST_SECRETS.ENCRYPTION_KEY;
      resetEnvCache();
    }
    expect(decryptSecret(blob)).toBe("rotating");
  });

  it("accepts the key in base64 as well as hex", () => {
    const blob = encryptSecret("same key, other spelling");
    process.env.ENCRYPTION_KEY = Buffer.from(TEST_SECRETS.ENCRYPTION_KEY, "hex").toString("base64");
    resetEnvCache();
    try {
      expect(decryptSecret(blob)).toBe("same key, other spelling");
    } finally {
      process.env.ENCRYPTION_KEY = TEST_SECRETS.ENCRYPTION_KEY;
      resetEnvCache();
    }
  });
});
