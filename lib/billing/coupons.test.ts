import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { couponRedemptions, coupons, orders } from "@/db/billing/schema";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { productBySlug, setupBillingDatabases } from "./__fixtures__/setup";
import { applyCoupon, CouponError, redeemCoupon, type CouponCart } from "./coupons";

let temp: TempDatabases;
let personal: string;
let family: string;
const now = new Date("2026-03-10T12:00:00Z");

async function coupon(values: Partial<typeof coupons.$inferInsert> & { code: string }) {
  const [row] = await billingDb()
    .insert(coupons)
    .values({ discountType: "percent", percentBps: 1000, ...values })
    .returning();
  return row!;
}

beforeAll(async () => {
  temp = await setupBillingDatabases();
  personal = (await productBySlug("vpn-personal")).id;
  family = (await productBySlug("vpn-family")).id;
});
afterAll(() => temp.cleanup());

const cart = (): CouponCart => ({
  currency: "USD",
  lines: [
    { key: "a", productId: personal, cycle: "monthly", amount: 499 },
    { key: "b", productId: family, cycle: "yearly", amount: 8388 },
  ],
});

describe("applyCoupon", () => {
  it("applies a percentage per line, rounded per line, case-insensitively", async () => {
    await coupon({ code: "TENOFF", percentBps: 1000 });
    const input = cart();
    const snapshot = structuredClone(input);
    const r = await applyCoupon(input, " tenoff ", null, now);
    expect(r).toMatchObject({ ok: true, coupon: { code: "TENOFF", discounts: { a: 50, b: 839 }, total: 889 } });
    expect(input).toEqual(snapshot);
  });

  it("never discounts another product than the coupon's (Paymenter#453)", async () => {
    await coupon({ code: "FAMILY50", percentBps: 5000, productIds: [family] });
    const r = await applyCoupon(cart(), "FAMILY50", null, now);
    expect(r).toMatchObject({ ok: true, coupon: { discounts: { b: 4194 }, total: 4194 } });
    if (r.ok) expect(r.coupon.discounts).not.toHaveProperty("a");

    // A fixed coupon larger than the eligible line is capped at that line; the rest is not spilled elsewhere.
    await coupon({ code: "FAMILYFIXED", discountType: "fixed", percentBps: null, amountOff: 100_000, currency: "USD", productIds: [personal] });
    const f = await applyCoupon(cart(), "FAMILYFIXED", null, now);
    expect(f).toMatchObject({ ok: true, coupon: { discounts: { a: 499 }, total: 499 } });

    const only = await applyCoupon({ currency: "USD", lines: [cart().lines[0]!] }, "FAMILY50", null, now);
    expect(only).toEqual({
      ok: false,
      error: { code: "NOT_APPLICABLE", message: "This coupon applies only to Family; nothing in your order qualifies." },
    });
  });

  it("spreads a fixed amount over eligible lines in proportion, exactly", async () => {
    await coupon({ code: "FIVE", discountType: "fixed", percentBps: null, amountOff: 500, currency: "USD" });
    const r = await applyCoupon(cart(), "FIVE", null, now);
    expect(r).toMatchObject({ ok: true, coupon: { total: 500 } });
    if (r.ok) expect(r.coupon.discounts.a! + r.coupon.discounts.b!).toBe(500);
    const eur = await applyCoupon({ ...cart(), currency: "EUR" }, "FIVE", null, now);
    expect(eur).toMatchObject({ ok: false, error: { code: "CURRENCY_MISMATCH", message: "This coupon is for orders in USD; your order is in EUR." } });
  });

  it("respects cycle restrictions", async () => {
    await coupon({ code: "YEARLY", cycles: ["yearly"] });
    expect(await applyCoupon(cart(), "YEARLY", null, now)).toMatchObject({ ok: true, coupon: { discounts: { b: 839 } } });
    const monthlyOnly = { currency: "USD", lines: [cart().lines[0]!] };
    expect(await applyCoupon(monthlyOnly, "YEARLY", null, now)).toMatchObject({
      ok: false,
      error: { code: "NOT_APPLICABLE", message: "This coupon applies only to billed yearly; nothing in your order qualifies." },
    });
  });

  it("explains unknown, inactive, early and expired coupons", async () => {
    await coupon({ code: "OFF", active: false });
    await coupon({ code: "LATER", validFrom: new Date("2026-04-01T00:00:00Z") });
    await coupon({ code: "GONE", validUntil: new Date("2026-03-01T00:00:00Z") });
    expect(await applyCoupon(cart(), "NOPE", null, now)).toEqual({ ok: false, error: { code: "NOT_FOUND", message: 'There is no coupon "NOPE".' } });
    expect(await applyCoupon(cart(), "  ", null, now)).toMatchObject({ ok: false, error: { code: "EMPTY_CODE" } });
    expect(await applyCoupon(cart(), "OFF", null, now)).toMatchObject({ ok: false, error: { code: "INACTIVE" } });
    expect(await applyCoupon(cart(), "LATER", null, now)).toEqual({
      ok: false,
      error: { code: "NOT_STARTED", message: "This coupon can be used from 2026-04-01." },
    });
    expect(await applyCoupon(cart(), "GONE", null, now)).toEqual({ ok: false, error: { code: "EXPIRED", message: "This coupon expired on 2026-03-01." } });
  });

  it("enforces the total limit, the per-customer limit and new-customers-only", async () => {
    const total = await coupon({ code: "TWICE", maxRedemptions: 2 });
    const per = await coupon({ code: "ONCEEACH", maxPerCustomer: 1 });
    const fresh = await coupon({ code: "WELCOME", newCustomersOnly: true });
    const db = billingDb();
    const order = async (customerId: string) =>
      (await db.insert(orders).values({ customerId, currency: "USD" }).returning({ id: orders.id }))[0]!.id;

    for (const customer of ["c1", "c2"]) {
      const orderId = await order(customer);
      await db.transaction((tx) => redeemCoupon(tx, { couponId: total.id, customerId: customer, orderId, amount: 50, currency: "USD" }));
    }
    expect(await applyCoupon(cart(), "TWICE", "c3", now)).toMatchObject({ ok: false, error: { code: "EXHAUSTED" } });
    // The guarded increment refuses a third redemption even if the quote was taken before the limit was hit.
    const third = await order("c3");
    await expect(
      db.transaction((tx) => redeemCoupon(tx, { couponId: total.id, customerId: "c3", orderId: third, amount: 50, currency: "USD" })),
    ).rejects.toBeInstanceOf(CouponError);
    expect((await db.select().from(coupons).where(eq(coupons.id, total.id)))[0]!.redemptionCount).toBe(2);

    expect(await applyCoupon(cart(), "ONCEEACH", "c1", now)).toMatchObject({ ok: true });
    const o = await order("c1");
    await db.transaction((tx) => redeemCoupon(tx, { couponId: per.id, customerId: "c1", orderId: o, amount: 50, currency: "USD" }));
    expect(await applyCoupon(cart(), "ONCEEACH", "c1", now)).toEqual({
      ok: false,
      error: { code: "CUSTOMER_LIMIT", message: "You have already used this coupon." },
    });
    expect(await applyCoupon(cart(), "ONCEEACH", "c9", now)).toMatchObject({ ok: true });

    expect(await applyCoupon(cart(), "WELCOME", "c1", now)).toEqual({
      ok: false,
      error: { code: "NEW_CUSTOMERS_ONLY", message: "This coupon is for new customers only." },
    });
    expect(await applyCoupon(cart(), "WELCOME", "brand-new", now)).toMatchObject({ ok: true });
    void fresh;
  });

  it("records how many cycles a repeating coupon still discounts", async () => {
    const once = await coupon({ code: "R-ONCE", duration: "once" });
    const three = await coupon({ code: "R-THREE", duration: "repeating", durationCycles: 3 });
    const life = await coupon({ code: "R-LIFE", duration: "forever" });
    const db = billingDb();
    for (const c of [once, three, life]) {
      const [o] = await db.insert(orders).values({ customerId: "r1", currency: "USD" }).returning({ id: orders.id });
      await db.transaction((tx) => redeemCoupon(tx, { couponId: c.id, customerId: "r1", orderId: o!.id, amount: 1, currency: "USD" }));
    }
    const rows = await db.select().from(couponRedemptions).where(eq(couponRedemptions.customerId, "r1"));
    const byCoupon = new Map(rows.map((r) => [r.couponId, r.cyclesRemaining]));
    expect(byCoupon.get(once.id)).toBe(0);
    expect(byCoupon.get(three.id)).toBe(2);
    expect(byCoupon.get(life.id)).toBeNull();
  });
});
