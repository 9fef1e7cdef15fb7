import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { billingProfiles } from "@/db/billing/schema";
import { opsDb } from "@/db/ops/client";
import { emailOutbox } from "@/db/ops/schema";
import { resetEnvCache } from "@/lib/env";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { addTaxRate, setSetting, setupBillingDatabases } from "./__fixtures__/setup";
import { placeOrder } from "./checkout";
import { saveBillingProfile } from "./profile";
import { checkVatId, decideTax } from "./tax";
import { startFakeVies, type FakeVies } from "./testing/vies-server";
import { clearViesCache, createViesLookup } from "./vies";
import { recheckUnverifiedVatIds } from "./vies-recheck";

let temp: TempDatabases;
let vies: FakeVies;
const now = new Date("2026-11-22T09:00:00Z");
const actor = { id: null, email: "system" };

beforeAll(async () => {
  temp = await setupBillingDatabases();
  vies = await startFakeVies();
  vies.valid.set("DE123456789", "Beispiel GmbH");
  vies.valid.set("EL123456789", "Paradeigma AE");
  process.env.VIES_API_BASE = vies.url;
  resetEnvCache();
  await setSetting("company.country", "GB");
  await addTaxRate({ name: "USt", country: "DE", rateBps: 1900 });
  await addTaxRate({ name: "VAT", country: "GB", rateBps: 2000 });
});
afterAll(async () => {
  delete process.env.VIES_API_BASE;
  resetEnvCache();
  await vies.close();
  temp.cleanup();
});
beforeEach(() => {
  vies.mode = "up";
  clearViesCache();
});

describe("VIES client", () => {
  it("asks the configured VIES REST endpoint and reads valid/name; any outage is 'not reachable'", async () => {
    const lookup = createViesLookup(vies.url, { timeoutMs: 5000 });
    expect(await lookup("DE", "123456789")).toEqual({ valid: true, name: "Beispiel GmbH" });
    expect(vies.requests.at(-1)).toEqual({ countryCode: "DE", vatNumber: "123456789" });
    expect(await lookup("DE", "999999999")).toEqual({ valid: false });
    clearViesCache();
    for (const mode of ["down", "error", "slow"] as const) {
      vies.mode = mode;
      expect(await createViesLookup(vies.url, { timeoutMs: mode === "slow" ? 300 : 5000 })("DE", "111111111"), mode).toBeNull();
    }
    expect(await createViesLookup("http://127.0.0.1:9/nothing", { timeoutMs: 300 })("DE", "123456789")).toBeNull();
  });

  it("records verified, invalid (VIES says no) or unverified (VIES down) checks; Greece is asked as EL", async () => {
    expect(await checkVatId("DE 123 456 789", "DE", { now })).toMatchObject({ valid: true, status: "verified", source: "vies", name: "Beispiel GmbH", normalized: "DE123456789" });
    expect(await checkVatId("EL123456789", "GR", { now })).toMatchObject({ status: "verified" });
    expect(vies.requests.at(-1)).toEqual({ countryCode: "EL", vatNumber: "123456789" });
    expect(await checkVatId("DE999999999", "DE", { now })).toMatchObject({ valid: false, status: "invalid", reason: "VIES reports this VAT ID as not valid." });
    vies.mode = "down";
    expect(await checkVatId("DE888888888", "DE", { now })).toMatchObject({ valid: true, status: "unverified", source: "format" });
    // A malformed ID never reaches VIES.
    const before = vies.requests.length;
    expect(await checkVatId("DE12", "DE", { now })).toMatchObject({ status: "invalid", source: "format" });
    expect(vies.requests.length).toBe(before);
  });
});

describe("reverse charge", () => {
  it("applies for a valid B2B EU VAT ID outside the provider's country, not for an invalid one or the provider's own country", async () => {
    const seller = "GB";
    expect(await decideTax({ billingCountry: "DE", vatId: "DE123456789", sellerCountry: seller, now })).toMatchObject({ reverseCharge: true, rate: null, vatCheck: { status: "verified" } });
    expect(await decideTax({ billingCountry: "DE", vatId: "DE999999999", sellerCountry: seller, now })).toMatchObject({ reverseCharge: false, rate: { rateBps: 1900 } });
    expect(await decideTax({ billingCountry: "DE", vatId: "DE123456789", sellerCountry: "DE", now })).toMatchObject({ reverseCharge: false, rate: { rateBps: 1900 } });
    vies.mode = "down";
    expect(await decideTax({ billingCountry: "DE", vatId: "DE777777777", sellerCountry: seller, now })).toMatchObject({ reverseCharge: true, vatCheck: { status: "unverified" } });
  });

  it("invoices a verified German business without VAT, with the reverse-charge note", async () => {
    await saveBillingProfile(actor, "vies-buyer", { name: "Eva", companyName: "Beispiel GmbH", country: "DE", vatId: "DE123456789" }, { now });
    const placed = await placeOrder("vies-buyer", { currency: "EUR", items: [{ productSlug: "vpn-family", cycle: "yearly", quantity: 1 }], billingCountry: "DE", vatId: "DE123456789" }, { idempotencyKey: "vies-1", now });
    expect(placed.invoice).toMatchObject({ reverseCharge: true, tax: 0, total: 8388 });
    const consumer = await placeOrder("vies-consumer", { currency: "EUR", items: [{ productSlug: "vpn-family", cycle: "yearly", quantity: 1 }], billingCountry: "DE" }, { idempotencyKey: "vies-2", now });
    expect(consumer.invoice).toMatchObject({ reverseCharge: false, tax: 1594, total: 9982 }); // 8388 × 19 % = 1593.72
  });
});

describe("re-check of IDs accepted while VIES was down", () => {
  it("verifies or invalidates them once VIES answers, telling the customer of an invalid one", async () => {
    vies.mode = "down";
    await saveBillingProfile(actor, "recheck-ok", { name: "A", country: "DE", vatId: "DE123456789" }, { now });
    await saveBillingProfile(actor, "recheck-bad", { name: "B", country: "DE", vatId: "DE555555555", email: "recheck-bad@example.test" }, { now });
    const status = async (customerId: string) => (await billingDb().select().from(billingProfiles).where(eq(billingProfiles.customerId, customerId)))[0]!.vatIdCheck?.status;
    expect([await status("recheck-ok"), await status("recheck-bad")]).toEqual(["unverified", "unverified"]);

    // Still down: nothing changes, they stay queued for the next run.
    expect(await recheckUnverifiedVatIds({ now })).toMatchObject({ checked: 2, stillUnverified: 2 });
    vies.mode = "up";
    clearViesCache();
    const r = await recheckUnverifiedVatIds({ now });
    expect(r.verified).toEqual(["recheck-ok"]);
    expect(r.invalid).toEqual(["recheck-bad"]);
    expect([await status("recheck-ok"), await status("recheck-bad")]).toEqual(["verified", "invalid"]);
    expect(await recheckUnverifiedVatIds({ now })).toMatchObject({ checked: 0 });
    const mails = await opsDb().select().from(emailOutbox).where(eq(emailOutbox.template, "billing.vat-id-invalid"));
    expect(mails.map((m) => m.toAddress)).toEqual(["recheck-bad@example.test"]);
  });
});
