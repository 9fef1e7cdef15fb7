import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { auditLog, billingProfiles, reconciliationFlags } from "@/db/billing/schema";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import { opsDb } from "@/db/ops/client";
import { emailOutbox } from "@/db/ops/schema";
import { listVpnPlans } from "@/lib/catalogue/queries";
import { AppError } from "@/lib/errors";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { productBySlug, setupBillingDatabases } from "./__fixtures__/setup";
import {
  adjustCustomerCredit,
  getAdminProduct,
  listAdminInvoices,
  listAdminPayments,
  listAdminProducts,
  listCoupons,
  listTaxRates,
  resendInvoiceEmail,
  resolveReconciliationFlag,
  saveCoupon,
  savePrice,
  saveProduct,
  saveTaxRate,
} from "./admin";
import { quoteCart } from "./cart";
import { placeOrder } from "./checkout";
import { creditBalance } from "./credit";
import { getBillingProfile, saveBillingProfile } from "./profile";

let temp: TempDatabases;
const staff = { id: "staff-1", email: "staff@example.test" };
const now = new Date("2026-11-22T09:00:00Z");

beforeAll(async () => {
  temp = await setupBillingDatabases();
  await identityDb()
    .insert(users)
    .values([
      { id: "cust-a", email: "alice@example.test", name: "Alice" },
      { id: "cust-b", email: "bob@example.test", name: "Bob" },
    ]);
});
afterAll(() => temp.cleanup());

async function fieldErrorsOf(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("VALIDATION");
  return (error as AppError).fieldErrors ?? {};
}

async function auditActions(entityId: string) {
  return (await billingDb().select().from(auditLog).where(eq(auditLog.entityId, entityId))).map((a) => a.action);
}

describe("catalogue", () => {
  it("changes a price exactly, audits it, and the storefront reads the new price at once", async () => {
    const family = await productBySlug("vpn-family");
    const row = await savePrice(staff, family.id, { cycle: "monthly", currency: "USD", amount: "9.49", setupFee: "" });
    expect(row).toMatchObject({ amount: 949, setupFee: 0, active: true });
    const plans = await listVpnPlans("USD");
    expect(plans.find((p) => p.slug === "vpn-family")?.prices.monthly).toBe(949);
    expect(await auditActions(row.id)).toEqual(["price.update"]);
    const [audit] = await billingDb().select().from(auditLog).where(eq(auditLog.entityId, row.id));
    expect(audit).toMatchObject({ actorId: "staff-1", before: { amount: 899 }, after: { amount: 949 } });
  });

  it("adds a new cycle/currency price and refuses malformed amounts", async () => {
    const family = await productBySlug("vpn-family");
    const created = await savePrice(staff, family.id, { cycle: "quarterly", currency: "eur", amount: "24", setupFee: "1.50" });
    expect(created).toMatchObject({ cycle: "quarterly", currency: "EUR", amount: 2400, setupFee: 150 });
    expect(await fieldErrorsOf(savePrice(staff, family.id, { cycle: "monthly", currency: "USD", amount: "9.999" }))).toHaveProperty("amount");
    expect(await fieldErrorsOf(savePrice(staff, family.id, { cycle: "monthly", currency: "USD", amount: "-1" }))).toHaveProperty("amount");
    expect(await fieldErrorsOf(savePrice(staff, family.id, { cycle: "monthly", currency: "JPY", amount: "1" }))).toHaveProperty("currency");
    expect(await fieldErrorsOf(savePrice(staff, family.id, { cycle: "weekly", currency: "USD", amount: "1" }))).toHaveProperty("cycle");
  });

  it("creates and edits a product; a hidden product is not sold and the slug stays unique", async () => {
    const product = await saveProduct(staff, null, {
      slug: "vpn-solo",
      type: "vpn",
      name: "Solo",
      features: "1 device\nAll locations\n",
      module: "vpn",
      moduleConfig: '{"deviceLimit": 1}',
      sortOrder: "5",
      visible: true,
      featured: false,
    });
    expect(product).toMatchObject({ slug: "vpn-solo", features: ["1 device", "All locations"], moduleConfig: { deviceLimit: 1 }, sortOrder: 5 });
    await savePrice(staff, product.id, { cycle: "monthly", currency: "USD", amount: "2.99" });
    expect((await listVpnPlans("USD")).map((p) => p.slug)).toContain("vpn-solo");

    await saveProduct(staff, product.id, { slug: "vpn-solo", type: "vpn", name: "Solo", module: "vpn", visible: false });
    expect((await listVpnPlans("USD")).map((p) => p.slug)).not.toContain("vpn-solo");
    await expect(quoteCart({ currency: "USD", items: [{ productSlug: "vpn-solo", cycle: "monthly", quantity: 1 }], billingCountry: "US" })).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await auditActions(product.id)).toEqual(["product.create", "product.update"]);

    expect(await fieldErrorsOf(saveProduct(staff, null, { slug: "vpn-solo", type: "vpn", name: "Again", module: "vpn" }))).toHaveProperty("slug");
    expect(await fieldErrorsOf(saveProduct(staff, null, { slug: "Bad Slug", type: "vpn", name: "X", module: "vpn" }))).toHaveProperty("slug");
    expect(await fieldErrorsOf(saveProduct(staff, null, { slug: "ok-slug", type: "vpn", name: "X", module: "vpn", moduleConfig: "[1,2]" }))).toHaveProperty("moduleConfig");
    expect((await getAdminProduct(product.id))?.prices).toHaveLength(1);
    expect((await listAdminProducts({ search: "solo" })).map((p) => p.slug)).toEqual(["vpn-solo"]);
  });
});

describe("coupons", () => {
  it("creates a percent coupon restricted to a product that discounts only that product", async () => {
    const family = await productBySlug("vpn-family");
    const coupon = await saveCoupon(staff, null, {
      code: "family15",
      discountType: "percent",
      percent: "15",
      productIds: [family.id],
      cycles: ["yearly"],
      maxPerCustomer: "1",
    });
    expect(coupon).toMatchObject({ code: "FAMILY15", percentBps: 1500, amountOff: null, maxPerCustomer: 1, maxRedemptions: null });
    const quote = await quoteCart({ currency: "USD", items: [{ productSlug: "vpn-family", cycle: "yearly", quantity: 1 }], couponCode: "FAMILY15", billingCountry: "US" }, { now });
    expect(quote.totals.discount).toBe(Math.round(8388 * 0.15));
    const other = await quoteCart({ currency: "USD", items: [{ productSlug: "vpn-personal", cycle: "yearly", quantity: 1 }], couponCode: "FAMILY15", billingCountry: "US" }, { now });
    expect(other.couponError?.code).toBe("NOT_APPLICABLE");
    expect(other.totals.discount).toBe(0);
    expect(await auditActions(coupon.id)).toEqual(["coupon.create"]);
  });

  it("validates fixed coupons, durations, windows and duplicate codes", async () => {
    expect(await fieldErrorsOf(saveCoupon(staff, null, { code: "FIX", discountType: "fixed", amountOff: "5" }))).toHaveProperty("currency");
    expect(await fieldErrorsOf(saveCoupon(staff, null, { code: "REP", discountType: "percent", percent: "10", duration: "repeating" }))).toHaveProperty("durationCycles");
    expect(await fieldErrorsOf(saveCoupon(staff, null, { code: "P0", discountType: "percent", percent: "0" }))).toHaveProperty("percent");
    expect(await fieldErrorsOf(saveCoupon(staff, null, { code: "P101", discountType: "percent", percent: "101" }))).toHaveProperty("percent");
    expect(
      await fieldErrorsOf(saveCoupon(staff, null, { code: "WIN", discountType: "percent", percent: "5", validFrom: "2026-12-01", validUntil: "2026-11-01" })),
    ).toHaveProperty("validUntil");
    expect(await fieldErrorsOf(saveCoupon(staff, null, { code: "GHOST", discountType: "percent", percent: "5", productIds: ["nope"] }))).toHaveProperty("productIds");

    const fixed = await saveCoupon(staff, null, { code: "FIVEOFF", discountType: "fixed", amountOff: "5.00", currency: "gbp", duration: "repeating", durationCycles: "3" });
    expect(fixed).toMatchObject({ amountOff: 500, currency: "GBP", percentBps: null, duration: "repeating", durationCycles: 3 });
    expect(await fieldErrorsOf(saveCoupon(staff, null, { code: "fiveoff", discountType: "percent", percent: "5" }))).toHaveProperty("code");

    const edited = await saveCoupon(staff, fixed.id, { code: "FIVEOFF", discountType: "fixed", amountOff: "5.00", currency: "GBP", active: false });
    expect(edited.active).toBe(false);
    expect((await listCoupons({ search: "five" })).rows.map((c) => c.code)).toEqual(["FIVEOFF"]);
  });
});

describe("tax rates", () => {
  it("creates, edits and keeps one rate per country and region", async () => {
    const rate = await saveTaxRate(staff, null, { name: "VAT", country: "de", rate: "19" });
    expect(rate).toMatchObject({ country: "DE", state: "", rateBps: 1900, inclusive: false, active: true });
    const quote = await quoteCart({ currency: "EUR", items: [{ productSlug: "vpn-family", cycle: "yearly", quantity: 1 }], billingCountry: "DE" }, { now });
    expect(quote.totals.tax).toBe(Math.round(8388 * 0.19));
    const ca = await saveTaxRate(staff, null, { name: "Sales tax", country: "US", state: "ca", rate: "7.25" });
    expect(ca).toMatchObject({ state: "CA", rateBps: 725 });
    expect(await fieldErrorsOf(saveTaxRate(staff, null, { name: "Dup", country: "DE", rate: "7" }))).toHaveProperty("country");
    expect(await fieldErrorsOf(saveTaxRate(staff, null, { name: "Bad", country: "Germany", rate: "7" }))).toHaveProperty("country");
    expect(await fieldErrorsOf(saveTaxRate(staff, null, { name: "Bad", country: "AT", rate: "7.125" }))).toHaveProperty("rate");
    const off = await saveTaxRate(staff, rate.id, { name: "VAT", country: "DE", rate: "19", active: false });
    expect(off.active).toBe(false);
    expect((await listTaxRates()).map((r) => `${r.country}${r.state}`)).toEqual(["DE", "USCA"]);
    expect(await auditActions(rate.id)).toEqual(["tax_rate.create", "tax_rate.update"]);
  });
});

describe("credit, invoices and payments for staff", () => {
  it("adds credit in the customer's currency, audited, and refuses another currency once it is fixed", async () => {
    const entry = await adjustCustomerCredit(staff, "cust-a", { amount: "25.00", currency: "usd", description: "Goodwill" });
    expect(entry).toMatchObject({ amount: 2500, balanceAfter: 2500, reason: "adjustment", createdBy: "staff-1" });
    expect(await creditBalance("cust-a", "USD")).toBe(2500);
    expect(await auditActions("cust-a")).toContain("credit.adjust");
    expect(await fieldErrorsOf(adjustCustomerCredit(staff, "cust-a", { amount: "1", currency: "USD", description: "" }))).toHaveProperty("description");

    await placeOrder("cust-a", { currency: "USD", items: [{ productSlug: "vpn-family", cycle: "yearly", quantity: 1 }], billingCountry: "US", useCredit: true }, { idempotencyKey: "adm-1", now });
    expect(await fieldErrorsOf(adjustCustomerCredit(staff, "cust-a", { amount: "5", currency: "EUR", description: "x" }))).toHaveProperty("currency");
    // The whole balance went to the order's invoice.
    expect(await creditBalance("cust-a", "USD")).toBe(0);
  });

  it("finds invoices by number or customer email and resends one as a new email each time", async () => {
    const placed = await placeOrder("cust-b", { currency: "GBP", items: [{ productSlug: "vpn-personal", cycle: "monthly", quantity: 1 }], billingCountry: "GB" }, { idempotencyKey: "adm-2", now });
    const byEmail = await listAdminInvoices({ search: "bob@" });
    expect(byEmail.rows.map((r) => r.id)).toEqual([placed.invoice.id]);
    expect(byEmail.rows[0]!.customer?.email).toBe("bob@example.test");
    const byNumber = await listAdminInvoices({ search: placed.invoice.number!.toLowerCase() });
    expect(byNumber.rows.map((r) => r.id)).toEqual([placed.invoice.id]);
    expect((await listAdminInvoices({ status: "unpaid" })).rows.every((r) => r.status === "unpaid")).toBe(true);

    await resendInvoiceEmail(staff, placed.invoice.id, { now });
    await resendInvoiceEmail(staff, placed.invoice.id, { now: new Date(now.getTime() + 1000) });
    const mails = await opsDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, "bob@example.test"));
    expect(mails.filter((m) => m.subject === `Invoice ${placed.invoice.number}`)).toHaveLength(2);
    expect(await auditActions(placed.invoice.id)).toEqual(expect.arrayContaining(["invoice.resend"]));
    const payments = await listAdminPayments({ search: "alice@" });
    expect(payments.rows).toEqual([expect.objectContaining({ gateway: "credit", status: "succeeded", currency: "USD" })]);
  });

  it("closes a reconciliation flag once, with the staff member and note", async () => {
    const [flag] = await billingDb().insert(reconciliationFlags).values({ gateway: "stripe", gatewayRef: "pi_x", kind: "missing_locally", gatewayAmount: 500, currency: "USD" }).returning();
    const closed = await resolveReconciliationFlag(staff, flag!.id, { status: "resolved", note: "Refunded at Stripe" }, { now });
    expect(closed).toMatchObject({ status: "resolved", resolvedBy: "staff-1", note: "Refunded at Stripe" });
    await expect(resolveReconciliationFlag(staff, flag!.id, { status: "ignored" })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("billing profile", () => {
  it("saves details with a checked VAT ID and refuses a malformed one", async () => {
    const actor = { id: "cust-c" };
    const saved = await saveBillingProfile(actor, "cust-c", { name: "Carla", companyName: "Carla GmbH", country: "de", vatId: "de 123456789", city: "Berlin" }, { now });
    expect(saved).toMatchObject({ country: "DE", vatId: "DE123456789", vatIdStatus: "unverified", companyName: "Carla GmbH", currency: null });
    const verified = await saveBillingProfile(actor, "cust-c", { country: "DE", vatId: "DE123456789" }, { viesLookup: async () => ({ valid: true, name: "CARLA GMBH" }) });
    expect(verified.vatIdStatus).toBe("verified");
    expect(await fieldErrorsOf(saveBillingProfile(actor, "cust-c", { country: "DE", vatId: "DE12" }))).toHaveProperty("vatId");
    expect(await fieldErrorsOf(saveBillingProfile(actor, "cust-c", { country: "Germany" }))).toHaveProperty("country");
    expect(await fieldErrorsOf(saveBillingProfile(actor, "cust-c", { country: "DE", email: "nope" }))).toHaveProperty("email");
    // Cleared VAT ID.
    expect((await saveBillingProfile(actor, "cust-c", { country: "DE", vatId: "" })).vatId).toBeNull();
    expect(await getBillingProfile("nobody")).toBeNull();
    const [row] = await billingDb().select().from(billingProfiles).where(eq(billingProfiles.customerId, "cust-c"));
    expect(row!.currency).toBeNull();
    expect(await auditActions("cust-c")).toEqual(["billing_profile.update", "billing_profile.update", "billing_profile.update"]);
  });
});
