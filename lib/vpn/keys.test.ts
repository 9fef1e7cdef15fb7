import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { generateKeyPair, generatePresharedKey, isValidWireGuardKey, publicKeyFromPrivate } from "./keys";

const wg = (args: string[], input?: string) => execFileSync("wg", args, { input, encoding: "utf8" }).trim();

describe("WireGuard keys (X25519 via node:crypto)", () => {
  it("our private key piped into `wg pubkey` gives our public key", () => {
    for (let i = 0; i < 5; i++) {
      const pair = generateKeyPair();
      expect(isValidWireGuardKey(pair.privateKey)).toBe(true);
      expect(isValidWireGuardKey(pair.publicKey)).toBe(true);
      expect(wg(["pubkey"], pair.privateKey + "\n")).toBe(pair.publicKey);
      expect(publicKeyFromPrivate(pair.privateKey)).toBe(pair.publicKey);
    }
  });

  it("derives the same public key as `wg pubkey` for keys made by `wg genkey`", () => {
    for (let i = 0; i < 5; i++) {
      const privateKey = wg(["genkey"]);
      expect(publicKeyFromPrivate(privateKey)).toBe(wg(["pubkey"], privateKey + "\n"));
    }
  });

  it("preshared keys are 32 random bytes that `wg` accepts", () => {
    const psk = generatePresharedKey();
    expect(isValidWireGuardKey(psk)).toBe(true);
    expect(Buffer.from(psk, "base64")).toHaveLength(32);
    expect(generatePresharedKey()).not.toBe(psk);
    expect(isValidWireGuardKey(wg(["genpsk"]))).toBe(true);
  });

  it("accepts only canonical base64 of exactly 32 bytes", () => {
    const { publicKey } = generateKeyPair();
    expect(isValidWireGuardKey(publicKey)).toBe(true);
    expect(isValidWireGuardKey(publicKey.slice(0, 43))).toBe(false); // missing padding
    expect(isValidWireGuardKey(publicKey + "=")).toBe(false);
    expect(isValidWireGuardKey(" " + publicKey)).toBe(false);
    expect(isValidWireGuardKey(Buffer.alloc(31).toString("base64"))).toBe(false);
    expect(isValidWireGuardKey(Buffer.alloc(33).toString("base64"))).toBe(false);
    const withSlash = Buffer.alloc(32, 0xff).toString("base64"); // "////…"
    expect(isValidWireGuardKey(withSlash)).toBe(true);
    expect(isValidWireGuardKey(withSlash.replace(/\//g, "_"))).toBe(false); // base64url is not WireGuard's alphabet
    expect(isValidWireGuardKey("not a key")).toBe(false);
    expect(isValidWireGuardKey(null)).toBe(false);
    expect(isValidWireGuardKey(undefined)).toBe(false);
    expect(isValidWireGuardKey("<script>alert(1)</script>")).toBe(false);
    // Non-canonical: last character with unused low bits set decodes to the same bytes but is a different string.
    const canonical = Buffer.alloc(32, 7).toString("base64");
    const sloppy = canonical.slice(0, 42) + String.fromCharCode(canonical.charCodeAt(42) + 1) + "=";
    expect(Buffer.from(sloppy, "base64").equals(Buffer.from(canonical, "base64"))).toBe(true);
    expect(isValidWireGuardKey(canonical)).toBe(true);
    expect(isValidWireGuardKey(sloppy)).toBe(false);
  });

  it("publicKeyFromPrivate refuses malformed input", () => {
    expect(() => publicKeyFromPrivate("nope")).toThrow(TypeError);
  });
});
