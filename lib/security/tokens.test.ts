import { describe, expect, it } from "vitest";
import { parseTokenInput, randomToken, safeEqual, sha256Hex } from "./tokens";

describe("randomToken", () => {
  it("is base64url of the requested number of random bytes", () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(randomToken(48)).toMatch(/^[A-Za-z0-9_-]{64}$/);
  });

  it("does not repeat", () => {
    const seen = new Set(Array.from({ length: 2000 }, () => randomToken()));
    expect(seen.size).toBe(2000);
  });

  it("refuses weak sizes", () => {
    expect(() => randomToken(8)).toThrow();
    expect(() => randomToken(16.5)).toThrow();
  });
});

describe("sha256Hex", () => {
  it("matches the standard test vectors", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex(Buffer.from("abc"))).toBe(sha256Hex("abc"));
  });
});

describe("safeEqual", () => {
  it("compares content, including different lengths and non-strings, without throwing", () => {
    expect(safeEqual("secret", "secret")).toBe(true);
    expect(safeEqual("secret", "secreT")).toBe(false);
    expect(safeEqual("secret", "secret-but-longer")).toBe(false);
    expect(safeEqual("", "")).toBe(true);
    expect(safeEqual("", "x")).toBe(false);
    expect(safeEqual("ü", "u\u0308")).toBe(false);
    expect(safeEqual(undefined as unknown as string, "x")).toBe(false);
    expect(safeEqual(null as unknown as string, null as unknown as string)).toBe(false);
  });
});

describe("parseTokenInput", () => {
  it("accepts exactly the shape randomToken makes", () => {
    const token = randomToken();
    expect(parseTokenInput(token)).toBe(token);
    expect(parseTokenInput(` ${token}\n`)).toBe(token);
    expect(parseTokenInput(token.slice(1))).toBeNull();
    expect(parseTokenInput(`${token}A`)).toBeNull();
    expect(parseTokenInput(`${token.slice(1)}=`)).toBeNull();
    expect(parseTokenInput("' OR 1=1 --" + "x".repeat(32))).toBeNull();
    expect(parseTokenInput("x".repeat(100_000))).toBeNull();
    expect(parseTokenInput(42)).toBeNull();
    expect(parseTokenInput({ token })).toBeNull();
  });
});
