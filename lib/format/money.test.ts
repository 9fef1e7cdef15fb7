import { describe, expect, it, vi } from "vitest";
import { currencyExponent, formatMoney, minorToDecimalString } from "./money";

describe("formatMoney", () => {
  it("formats integer minor units with the currency's own decimals", () => {
    expect(formatMoney(1999, "USD")).toBe("$19.99");
    expect(formatMoney(5, "USD")).toBe("$0.05");
    expect(formatMoney(0, "usd")).toBe("$0.00");
    expect(formatMoney(123456789, "USD")).toBe("$1,234,567.89");
    expect(formatMoney(500, "JPY")).toBe("¥500");
    expect(formatMoney(1234, "BHD")).toBe("BHD\u00a01.234");
  });

  it("follows the locale", () => {
    expect(formatMoney(1999, "EUR", "de-DE")).toBe("19,99\u00a0€");
    expect(formatMoney(-250, "USD")).toBe("-$2.50");
  });

  it("is exact for amounts floats get wrong", () => {
    // 0.1 + 0.2 style errors never reach the text: the decimal string is built from the integer.
    expect(minorToDecimalString(30, 2)).toBe("0.30");
    expect(formatMoney(Number.MAX_SAFE_INTEGER, "USD")).toBe("$90,071,992,547,409.91");
  });

  it("refuses non-integer amounts", () => {
    expect(() => formatMoney(19.99, "USD")).toThrow(RangeError);
    expect(() => formatMoney(Number.NaN, "USD")).toThrow(RangeError);
  });

  it("knows currency exponents", () => {
    expect(currencyExponent("USD")).toBe(2);
    expect(currencyExponent("JPY")).toBe(0);
  });

  it("builds and inspects a formatter once per locale and currency, not once per amount (issue #9: table cells)", () => {
    const inspected = vi.spyOn(Intl.NumberFormat.prototype, "resolvedOptions");
    const Real = Intl.NumberFormat;
    const created = vi.spyOn(Intl, "NumberFormat").mockImplementation(function (this: unknown, ...args: ConstructorParameters<typeof Real>) {
      return new Real(...args);
    } as never);
    for (let i = 0; i < 300; i++) expect(formatMoney(100 * i + 99, "CHF", "de-CH")).toMatch(/^CHF\s/);
    vi.restoreAllMocks();
    expect(created).toHaveBeenCalledTimes(1);
    expect(inspected.mock.calls.length).toBeLessThanOrEqual(1);
  });
});
