import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { addTaxRate, setupBillingDatabases } from "./__fixtures__/setup";
import { checkVatId, computeLineTax, decideTax, findTaxRate, priceForDecision, validateVatIdFormat, type ViesLookup } from "./tax";

describe("VAT ID format", () => {
  it.each([
    ["DE123456789", "DE"],
    ["de 123.456.789", "DE"],
    ["ATU12345678", "AT"],
    ["EL123456789", "GR"],
    ["FR12345678901", "FR"],
    ["FRXX123456789", "FR"],
    ["NL123456789B01", "NL"],
    ["IE1234567T", "IE"],
    ["IE1234567FA", "IE"],
    ["ESX1234567X", "ES"],
    ["BE0123456789", "BE"],
    ["SE123456789012", "SE"],
  ])("accepts %s for %s", (id, country) => {
    const r = validateVatIdFormat(id, country);
    expect(r.valid).toBe(true);
  });

  it.each([
    ["DE12345678", "DE", /not a valid DE/],
    ["AT12345678", "AT", /not a valid AT/],
    ["GR123456789", "GR", /start with EL/],
    ["NL123456789A01", "NL", /not a valid NL/],
    ["FR123456789", "DE", /for FR, but the billing country is DE/],
    ["GB123456789", "GB", /EU countries only/],
    ["", "DE", /Enter a VAT ID/],
  ])("rejects %s for %s", (id, country, reason) => {
    const r = validateVatIdFormat(id, country);
    expect(r.valid).toBe(false);
    if (!r.valid) expect(r.reason).toMatch(reason);
  });

  it("takes the number without a prefix when the country is known, and the prefix alone otherwise", () => {
    expect(validateVatIdFormat("123456789", "DE")).toMatchObject({ valid: true, normalized: "DE123456789" });
    expect(validateVatIdFormat("123456789", "GR")).toMatchObject({ valid: true, normalized: "EL123456789" });
    expect(validateVatIdFormat("DE123456789")).toMatchObject({ valid: true, country: "DE" });
    expect(validateVatIdFormat("123456789").valid).toBe(false);
  });

  it("records offline checks as unverified and VIES answers as verified/invalid", async () => {
    const now = new Date("2026-03-01T00:00:00Z");
    expect(await checkVatId("DE123456789", "DE", { now })).toMatchObject({ valid: true, source: "format", status: "unverified", checkedAt: now.getTime() });
    const yes: ViesLookup = async (prefix, number) => ({ valid: prefix === "DE" && number === "123456789", name: "ACME GmbH" });
    expect(await checkVatId("DE123456789", "DE", { lookup: yes })).toMatchObject({ valid: true, source: "vies", status: "verified", name: "ACME GmbH" });
    expect(await checkVatId("DE999999999", "DE", { lookup: yes })).toMatchObject({ valid: false, source: "vies", status: "invalid" });
    const down: ViesLookup = async () => {
      throw new Error("ECONNREFUSED");
    };
    expect(await checkVatId("DE123456789", "DE", { lookup: down })).toMatchObject({ status: "unverified" });
    expect(await checkVatId("DE1", "DE", { lookup: yes })).toMatchObject({ valid: false, source: "format", status: "invalid" });
  });
});

describe("line tax", () => {
  it("adds exclusive tax rounded once per line", () => {
    expect(computeLineTax(1999, { rateBps: 2000, inclusive: false })).toEqual({ net: 1999, tax: 400, gross: 2399, rateBps: 2000 });
    // 3 × 8.33 = 24.99 at 19 % = 4.7481 → 4.75 (once on the line, not 3 × 1.58 = 4.74).
    expect(computeLineTax(2499, { rateBps: 1900, inclusive: false }).tax).toBe(475);
    expect(computeLineTax(1000, null)).toEqual({ net: 1000, tax: 0, gross: 1000, rateBps: 0 });
  });

  it("extracts inclusive tax rounded once per line", () => {
    expect(computeLineTax(1200, { rateBps: 2000, inclusive: true })).toEqual({ net: 1000, tax: 200, gross: 1200, rateBps: 2000 });
    expect(computeLineTax(899, { rateBps: 2000, inclusive: true })).toEqual({ net: 749, tax: 150, gross: 899, rateBps: 2000 });
  });
});

describe("tax decisions", () => {
  let temp: TempDatabases;
  beforeAll(async () => {
    temp = await setupBillingDatabases({ seed: false });
    await addTaxRate({ name: "VAT", country: "DE", rateBps: 1900 });
    await addTaxRate({ name: "VAT", country: "FR", rateBps: 2000, inclusive: true });
    await addTaxRate({ name: "VAT", country: "GB", rateBps: 2000 });
    await addTaxRate({ name: "Sales tax", country: "US", state: "CA", rateBps: 725 });
    await addTaxRate({ name: "Sales tax", country: "US", state: "NY", rateBps: 400 });
  });
  afterAll(() => temp.cleanup());

  it("finds the state rate first, then the country rate, else none", async () => {
    expect(await findTaxRate("US", "CA")).toMatchObject({ rateBps: 725, state: "CA" });
    expect(await findTaxRate("us", "ny")).toMatchObject({ rateBps: 400 });
    expect(await findTaxRate("US", "TX")).toBeNull();
    expect(await findTaxRate("DE", "BY")).toMatchObject({ rateBps: 1900, state: "" });
    expect(await findTaxRate("CH")).toBeNull();
  });

  it("reverse-charges an EU business in another country than the seller", async () => {
    const d = await decideTax({ billingCountry: "DE", vatId: "DE123456789", sellerCountry: "FR" });
    expect(d).toMatchObject({ rate: null, reverseCharge: true, vatCheck: { status: "unverified" } });
    expect(d.note).toMatch(/Reverse charge/);
    // A non-EU seller selling to an EU business: the buyer accounts for VAT too.
    expect((await decideTax({ billingCountry: "DE", vatId: "DE123456789", sellerCountry: "GB" })).reverseCharge).toBe(true);
  });

  it("charges VAT to a business in the seller's own country, to consumers, and when the VAT ID is invalid", async () => {
    expect(await decideTax({ billingCountry: "DE", vatId: "DE123456789", sellerCountry: "DE" })).toMatchObject({ reverseCharge: false, rate: { rateBps: 1900 } });
    expect(await decideTax({ billingCountry: "DE", sellerCountry: "FR" })).toMatchObject({ reverseCharge: false, rate: { rateBps: 1900 } });
    expect(await decideTax({ billingCountry: "DE", vatId: "DE12", sellerCountry: "FR" })).toMatchObject({
      reverseCharge: false,
      rate: { rateBps: 1900 },
      vatCheck: { status: "invalid" },
    });
    const no: ViesLookup = async () => ({ valid: false });
    expect(await decideTax({ billingCountry: "DE", vatId: "DE123456789", sellerCountry: "FR", viesLookup: no })).toMatchObject({
      reverseCharge: false,
      vatCheck: { status: "invalid", source: "vies" },
    });
  });

  it("does not reverse-charge outside the EU, and exempt customers pay none", async () => {
    expect(await decideTax({ billingCountry: "GB", vatId: "GB123456789", sellerCountry: "DE" })).toMatchObject({ reverseCharge: false, rate: { rateBps: 2000 } });
    expect(await decideTax({ billingCountry: "DE", sellerCountry: "DE", taxExempt: true })).toMatchObject({ rate: null, reverseCharge: false });
  });

  it("removes inclusive VAT from catalogue prices for a reverse-charged buyer", async () => {
    const d = await decideTax({ billingCountry: "FR", vatId: "FR12345678901", sellerCountry: "DE" });
    expect(d.reverseCharge).toBe(true);
    expect(priceForDecision(1200, d)).toBe(1000);
    const consumer = await decideTax({ billingCountry: "FR", sellerCountry: "DE" });
    expect(priceForDecision(1200, consumer)).toBe(1200);
  });
});
