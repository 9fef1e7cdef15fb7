import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import {
  billingProfiles,
  couponRedemptions,
  coupons,
  invoiceItems,
  invoices,
  jobs,
  orderItems,
  orders,
  payments,
  prices,
  services,
} from "@/db/billing/schema";
import { AppError } from "@/lib/errors";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { addTaxRate, priceOf, setSetting, setupBillingDatabases } from "./__fixtures__/setup";
import { quoteCart } from "./cart";
import { placeOrder } from "./checkout";
import { CouponError } from "./coupons";
import { appendCredit, creditBalance } from "./credit";

let temp: TempDatabases;
const now = new Date("2026-11-22T09:00:00Z");
let keyN = 0;
const key = () => `checkout-${++keyN}`;

beforeAll(async () => {
  temp = await setupBillingDatabases();
  await setSetting("company.country", "GB");
  await addTaxRate({ name: "VAT", country: "DE", rateBps: 1900 });
  await addTaxRate({ name: "TVA", country: "FR", rateBps: 2000, inclusive: true });
  await addTaxRate({ name: "VAT", country: "GB", rateBps: 2000 });
  await addTaxRate({ name: "Sales tax", country: "US", state: "CA", rateBps: 725 });
  const db = billingDb();
  await db.insert(coupons).values([
    { code: "FAMILY20", discountType: "percent", percentBps: 2000, productIds: [(await priceOf("vpn-family", "yearly", "USD")).productId] },
    { code: "FREE", discountType: "percent", percentBps: 10_000 },
    { code: "EURONLY", discountType: "fixed", amountOff: 100, currency: "EUR" },
  ]);
});
afterAll(() => temp.cleanup());

const vpnFamilyYearly = { productSlug: "vpn-family", cycle: "yearly" as const, quantity: 1 };

async function expectValidation(promise: Promise<unknown>, field: string, message?: RegExp) {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("VALIDATION");
  expect(Object.keys((error as AppError).fieldErrors ?? {})).toContain(field);
  if (message) expect((error as AppError).fieldErrors![field]!.join(" ")).toMatch(message);
}

describe("quoteCart", () => {
  it("prices a plan with a coupon and no tax, showing every total before paying", async () => {
    const q = await quoteCart({ currency: "usd", items: [vpnFamilyYearly], couponCode: "family20", billingCountry: "us", billingState: "ny" }, { now });
    expect(q.lines).toHaveLength(1);
    expect(q.lines[0]).toMatchObject({ kind: "service", description: "Family (yearly)", unitAmount: 8388, subtotal: 8388, discount: 1678, amount: 6710, tax: 0, total: 6710 });
    expect(q.coupon).toMatchObject({ code: "FAMILY20", discount: 1678 });
    expect(q.couponError).toBeNull();
    expect(q.totals).toEqual({ subtotal: 8388, discount: 1678, tax: 0, total: 6710, creditApplied: 0, amountDue: 6710 });
    expect(q.taxLines).toEqual([]);
  });

  it("adds exclusive tax per line and shows a tax line; state rates apply", async () => {
    const q = await quoteCart(
      { currency: "EUR", items: [vpnFamilyYearly, { productSlug: "vpn-personal", cycle: "monthly", quantity: 3 }], billingCountry: "DE" },
      { now },
    );
    expect(q.lines.map((l) => [l.subtotal, l.tax, l.total])).toEqual([
      [8388, 1594, 9982], // 1593.72 → 1594
      [1497, 284, 1781], // 284.43 → 284
    ]);
    expect(q.taxLines).toEqual([{ name: "VAT", rateBps: 1900, inclusive: false, taxable: 9885, amount: 1878 }]);
    expect(q.totals).toMatchObject({ subtotal: 9885, tax: 1878, total: 11763 });
    const ca = await quoteCart({ currency: "USD", items: [vpnFamilyYearly], billingCountry: "US", billingState: "CA" }, { now });
    expect(ca.totals).toMatchObject({ tax: 608, total: 8996 });
  });

  it("extracts inclusive tax without changing the price", async () => {
    const q = await quoteCart({ currency: "EUR", items: [vpnFamilyYearly], billingCountry: "FR" }, { now });
    expect(q.taxInclusive).toBe(true);
    expect(q.lines[0]).toMatchObject({ amount: 8388, tax: 1398, total: 8388 });
    expect(q.taxLines).toEqual([{ name: "TVA", rateBps: 2000, inclusive: true, taxable: 6990, amount: 1398 }]);
    expect(q.totals).toMatchObject({ total: 8388, tax: 1398 });
  });

  it("reverse-charges an EU business (seller GB) and strips inclusive VAT from the price", async () => {
    const de = await quoteCart({ currency: "EUR", items: [vpnFamilyYearly], billingCountry: "DE", vatId: "DE 123 456 789" }, { now });
    expect(de).toMatchObject({ reverseCharge: true, taxLines: [], totals: { tax: 0, total: 8388 }, vatCheck: { status: "unverified" } });
    expect(de.taxNote).toMatch(/Reverse charge/);
    const fr = await quoteCart({ currency: "EUR", items: [vpnFamilyYearly], billingCountry: "FR", vatId: "FR12345678901" }, { now });
    expect(fr).toMatchObject({ reverseCharge: true, totals: { tax: 0, total: 6990 } });
    // A malformed VAT ID: consumer VAT applies and the check says why.
    const bad = await quoteCart({ currency: "EUR", items: [vpnFamilyYearly], billingCountry: "DE", vatId: "DE12" }, { now });
    expect(bad).toMatchObject({ reverseCharge: false, totals: { tax: 1594 }, vatCheck: { status: "invalid" } });
  });

  it("reports an inapplicable coupon with its message and prices without it", async () => {
    const q = await quoteCart({ currency: "USD", items: [{ productSlug: "vpn-personal", cycle: "monthly", quantity: 1 }], couponCode: "FAMILY20", billingCountry: "US" }, { now });
    expect(q.coupon).toBeNull();
    expect(q.couponError).toEqual({ code: "NOT_APPLICABLE", message: "This coupon applies only to Family; nothing in your order qualifies." });
    expect(q.totals).toMatchObject({ discount: 0, total: 499 });
    const eur = await quoteCart({ currency: "USD", items: [vpnFamilyYearly], couponCode: "EURONLY", billingCountry: "US" }, { now });
    expect(eur.couponError?.code).toBe("CURRENCY_MISMATCH");
  });

  it("rejects negative, zero, fractional and huge quantities, and bad items", async () => {
    for (const quantity of [0, -1, 101, 1.5, 1e9, Number.NaN]) {
      await expectValidation(quoteCart({ currency: "USD", items: [{ ...vpnFamilyYearly, quantity }], billingCountry: "US" }), "items.0.quantity");
    }
    await expectValidation(quoteCart({ currency: "USD", items: [{ productSlug: "nope", cycle: "monthly", quantity: 1 }], billingCountry: "US" }), "items.0", /not available/);
    await expectValidation(quoteCart({ currency: "USD", items: [{ productSlug: "cloud-cx22", cycle: "yearly", quantity: 1 }], billingCountry: "US" }), "items.0", /not sold yearly/);
    const eurPrice = await priceOf("vpn-family", "yearly", "EUR");
    await expectValidation(quoteCart({ currency: "USD", items: [{ priceId: eurPrice.id, cycle: "yearly", quantity: 1 }], billingCountry: "US" }), "items.0", /in EUR, not USD/);
    await expectValidation(quoteCart({ currency: "JPY", items: [vpnFamilyYearly], billingCountry: "US" }), "currency");
    await expectValidation(quoteCart({ currency: "USD", items: [], billingCountry: "US" }), "items");
    await expectValidation(quoteCart({ currency: "USD", items: [vpnFamilyYearly], billingCountry: "USA" }), "billingCountry");
  });

  it("adds a setup fee line the coupon does not discount", async () => {
    const price = await priceOf("hosting-starter", "monthly", "USD");
    await billingDb().update(prices).set({ setupFee: 1000 }).where(eq(prices.id, price.id));
    await billingDb().insert(coupons).values({ code: "ALLHALF", discountType: "percent", percentBps: 5000 });
    const q = await quoteCart({ currency: "USD", items: [{ priceId: price.id, cycle: "monthly", quantity: 2 }], couponCode: "ALLHALF", billingCountry: "US" }, { now });
    expect(q.lines.map((l) => [l.kind, l.subtotal, l.discount, l.total])).toEqual([
      ["service", 798, 399, 399],
      ["setup_fee", 2000, 0, 2000],
    ]);
    await billingDb().update(prices).set({ setupFee: 0 }).where(eq(prices.id, price.id));
  });
});

describe("placeOrder", () => {
  const countOf = async (table: typeof orders | typeof invoices | typeof services) => (await billingDb().select({ n: count() }).from(table))[0]!.n;

  it("creates the order, pending services, the issued invoice and the redemption in one transaction", async () => {
    const placed = await placeOrder(
      "cust-a",
      { currency: "USD", items: [vpnFamilyYearly, { productSlug: "vpn-personal", cycle: "monthly", quantity: 2 }], couponCode: "FAMILY20", billingCountry: "US" },
      { idempotencyKey: key(), now, profile: { email: "a@example.test", name: "Ada" } },
    );
    expect(placed.replayed).toBe(false);
    expect(placed.order).toMatchObject({ status: "pending", currency: "USD", subtotal: 9386, discount: 1678, total: 7708, invoiceId: placed.invoice.id });
    expect(placed.services).toHaveLength(3);
    expect(placed.services.every((s) => s.status === "pending" && s.customerId === "cust-a")).toBe(true);
    expect(placed.services.map((s) => s.amount).sort()).toEqual([499, 499, 8388]);
    expect(placed.invoice).toMatchObject({ status: "unpaid", kind: "order", total: 7708, subtotal: 9386, discount: 1678, amountPaid: 0, currency: "USD" });
    expect(placed.invoice.number).toMatch(/^INV-2026-\d{6}$/);
    expect(placed.invoice.dueAt!.getTime()).toBe(now.getTime() + 7 * 86_400_000);
    expect(placed.invoice.billingDetails).toMatchObject({ name: "Ada", email: "a@example.test", country: "US" });
    const items = await billingDb().select().from(invoiceItems).where(eq(invoiceItems.invoiceId, placed.invoice.id));
    expect(items.map((i) => [i.description, i.quantity, i.amount, i.total]).sort()).toEqual([
      ["Family (yearly)", 1, 6710, 6710],
      ["Personal (monthly)", 2, 998, 998],
    ]);
    expect(await billingDb().select().from(orderItems).where(eq(orderItems.orderId, placed.order.id))).toHaveLength(2);
    const [redemption] = await billingDb().select().from(couponRedemptions).where(eq(couponRedemptions.orderId, placed.order.id));
    expect(redemption).toMatchObject({ customerId: "cust-a", amount: 1678, invoiceId: placed.invoice.id });
    const [profile] = await billingDb().select().from(billingProfiles).where(eq(billingProfiles.customerId, "cust-a"));
    expect(profile).toMatchObject({ currency: "USD", country: "US", email: "a@example.test" });
    // Not paid yet: no activation job.
    expect(await billingDb().select().from(jobs).where(eq(jobs.type, "billing.invoice-paid"))).toHaveLength(0);
  });

  it("returns the first order for a repeated idempotency key, even concurrently", async () => {
    const k = key();
    const input = { currency: "USD", items: [vpnFamilyYearly], billingCountry: "US" };
    const before = await countOf(orders);
    const results = await Promise.all([1, 2, 3].map(() => placeOrder("cust-b", input, { idempotencyKey: k, now })));
    expect(new Set(results.map((r) => r.order.id)).size).toBe(1);
    expect(await countOf(orders)).toBe(before + 1);
    const again = await placeOrder("cust-b", input, { idempotencyKey: k, now });
    expect(again).toMatchObject({ replayed: true, order: { id: results[0]!.order.id } });
    await expect(placeOrder("cust-other", input, { idempotencyKey: k, now })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("fixes the customer's currency at the first order", async () => {
    await placeOrder("cust-c", { currency: "EUR", items: [vpnFamilyYearly], billingCountry: "DE" }, { idempotencyKey: key(), now });
    await expectValidation(quoteCart({ customerId: "cust-c", currency: "USD", items: [vpnFamilyYearly], billingCountry: "DE" }), "currency", /billed in EUR/);
    const before = await countOf(orders);
    await expectValidation(placeOrder("cust-c", { currency: "GBP", items: [vpnFamilyYearly], billingCountry: "DE" }, { idempotencyKey: key(), now }), "currency");
    expect(await countOf(orders)).toBe(before);
    // The same currency is fine.
    await placeOrder("cust-c", { currency: "EUR", items: [vpnFamilyYearly], billingCountry: "DE" }, { idempotencyKey: key(), now });
  });

  it("refuses an order whose coupon does not apply, writing nothing", async () => {
    const before = await Promise.all([countOf(orders), countOf(invoices), countOf(services)]);
    const error = await placeOrder(
      "cust-d",
      { currency: "USD", items: [{ productSlug: "vpn-personal", cycle: "monthly", quantity: 1 }], couponCode: "FAMILY20", billingCountry: "US" },
      { idempotencyKey: key(), now },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CouponError);
    expect((error as CouponError).fieldErrors).toEqual({ couponCode: ["This coupon applies only to Family; nothing in your order qualifies."] });
    expect(await Promise.all([countOf(orders), countOf(invoices), countOf(services)])).toEqual(before);
  });

  it("pays part of the order from account credit in the same transaction", async () => {
    await billingDb().transaction((tx) => appendCredit(tx, { customerId: "cust-e", currency: "USD", amount: 1000, reason: "promotion" }));
    const q = await quoteCart({ customerId: "cust-e", currency: "USD", items: [vpnFamilyYearly], billingCountry: "US", useCredit: true }, { now });
    expect(q.totals).toMatchObject({ total: 8388, creditApplied: 1000, amountDue: 7388 });
    const placed = await placeOrder("cust-e", { currency: "USD", items: [vpnFamilyYearly], billingCountry: "US", useCredit: true }, { idempotencyKey: key(), now });
    const [invoice] = await billingDb().select().from(invoices).where(eq(invoices.id, placed.invoice.id));
    expect(invoice).toMatchObject({ status: "partially_paid", amountPaid: 1000 });
    expect(await creditBalance("cust-e", "USD")).toBe(0);
    const pays = await billingDb().select().from(payments).where(eq(payments.invoiceId, invoice!.id));
    expect(pays).toEqual([expect.objectContaining({ gateway: "credit", amount: 1000, status: "succeeded" })]);
  });

  it("settles an order fully covered by credit or a 100 % coupon at once and queues its activation", async () => {
    await billingDb().transaction((tx) => appendCredit(tx, { customerId: "cust-f", currency: "USD", amount: 10_000, reason: "add_funds" }));
    const byCredit = await placeOrder("cust-f", { currency: "USD", items: [vpnFamilyYearly], billingCountry: "US", useCredit: true }, { idempotencyKey: key(), now });
    expect(byCredit.invoice).toMatchObject({ status: "paid", amountPaid: 8388 });
    expect(await creditBalance("cust-f", "USD")).toBe(1612);

    const free = await placeOrder("cust-g", { currency: "USD", items: [vpnFamilyYearly], billingCountry: "US", couponCode: "FREE" }, { idempotencyKey: key(), now });
    expect(free.invoice).toMatchObject({ status: "paid", total: 0 });
    const paidJobs = await billingDb().select().from(jobs).where(eq(jobs.type, "billing.invoice-paid"));
    expect(paidJobs.map((j) => j.uniqueKey).sort()).toEqual([`invoice-paid:${byCredit.invoice.id}`, `invoice-paid:${free.invoice.id}`].sort());
  });
});
