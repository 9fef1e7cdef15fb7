import { describe, expect, it } from "vitest";
import {
  allocate,
  currencyExponent,
  divRound,
  inclusiveTaxOf,
  multiplyMinor,
  parseDecimal,
  percentOf,
  sumMinor,
  toCurrency,
  toDecimalString,
} from "./money";

describe("money", () => {
  it("knows the minor-unit exponents of the currencies we sell in and refuses others", () => {
    expect(currencyExponent("USD")).toBe(2);
    expect(currencyExponent("eur")).toBe(2);
    expect(currencyExponent("GBP")).toBe(2);
    expect(() => toCurrency("JPY")).toThrow(/Unsupported currency/);
    expect(() => toCurrency("usd ")).not.toThrow();
  });

  it("rounds half away from zero, once", () => {
    expect(divRound(5n, 2n)).toBe(3n);
    expect(divRound(-5n, 2n)).toBe(-3n);
    expect(divRound(7n, 3n)).toBe(2n);
    expect(divRound(8n, 3n)).toBe(3n);
    expect(divRound(5n, -2n)).toBe(-3n);
    // 19.99 at 20 % = 3.998 → 4.00; 0.125 cents style half cases go up.
    expect(percentOf(1999, 2000)).toBe(400);
    expect(percentOf(25, 5000)).toBe(13);
    expect(percentOf(-25, 5000)).toBe(-13);
    expect(percentOf(1000, 0)).toBe(0);
    expect(() => percentOf(10.5, 100)).toThrow(/integer/);
    expect(() => percentOf(100, -1)).toThrow(/basis points/);
  });

  it("extracts inclusive tax exactly", () => {
    expect(inclusiveTaxOf(1200, 2000)).toBe(200);
    expect(inclusiveTaxOf(1199, 2000)).toBe(200); // 199.83 → 200
    expect(inclusiveTaxOf(999, 1900)).toBe(160); // 159.50… → 160
    expect(inclusiveTaxOf(0, 2000)).toBe(0);
  });

  it("allocates proportionally with the largest remainder, summing exactly", () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [3, 3, 4])).toEqual([3, 3, 4]);
    expect(allocate(1000, [499, 899])).toEqual([357, 643]);
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocate(5, [0, 0])).toEqual([3, 2]);
    expect(allocate(0, [])).toEqual([]);
    expect(() => allocate(1, [])).toThrow();
    // Many random splits: the parts always add up and stay within one unit of the exact share.
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 200; n++) {
      const weights = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => Math.floor(rand() * 10_000));
      const total = Math.floor(rand() * 1_000_000);
      const parts = allocate(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      const sumW = weights.reduce((a, b) => a + b, 0) || weights.length;
      parts.forEach((p, i) => {
        const exact = (total * (sumW === weights.length && weights.every((w) => w === 0) ? 1 : weights[i]!)) / sumW;
        expect(Math.abs(p - exact)).toBeLessThan(1);
      });
    }
  });

  it("adds and multiplies integers only, within the safe range", () => {
    expect(sumMinor([1, 2, 3])).toBe(6);
    expect(multiplyMinor(1999, 3)).toBe(5997);
    expect(() => sumMinor([0.1, 0.2])).toThrow();
    expect(() => multiplyMinor(Number.MAX_SAFE_INTEGER, 2)).toThrow(/safe integer/);
  });

  it("parses and prints decimal strings exactly", () => {
    expect(parseDecimal("19.99", "USD")).toBe(1999);
    expect(parseDecimal("19.9", "USD")).toBe(1990);
    expect(parseDecimal("20", "EUR")).toBe(2000);
    expect(parseDecimal("-0.05", "GBP")).toBe(-5);
    expect(parseDecimal("0.10", "USD")).toBe(10);
    expect(() => parseDecimal("19.999", "USD")).toThrow(/decimals/);
    expect(() => parseDecimal("1e3", "USD")).toThrow();
    expect(toDecimalString(1999, "USD")).toBe("19.99");
    expect(toDecimalString(5, "USD")).toBe("0.05");
    expect(toDecimalString(-1205, "EUR")).toBe("-12.05");
    expect(toDecimalString(0, "GBP")).toBe("0.00");
  });
});
