import "server-only";
/**
 * Coupons: percentage (basis points) or fixed (minor units, one currency); once, N cycles ("repeating") or
 * lifetime ("forever"); limited to products and cycles; total and per-customer limits; a validity window.
 *
 * `applyCoupon` only reads: it returns either the discount per eligible line or a typed error with a message a
 * customer understands, and never alters the cart it is given. A coupon restricted to some products discounts
 * those lines only: the discount is computed per eligible line (percent) or spread over eligible lines only
 * (fixed), so it can never reach another product (Paymenter#453).
 *
 * The discount applies to the recurring part of a line (unit × quantity), not to setup fees.
 */
import { and, count, eq, inArray, isNull, lt, notInArray, or, sql } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { couponRedemptions, coupons, orders, products, type BillingCycle } from "@/db/billing/schema";
import { AppError } from "@/lib/errors";
import type { BillingExecutor } from "./db";
import { allocate, percentOf } from "./money";

export type Coupon = typeof coupons.$inferSelect;

export interface CouponCartLine {
  /** Caller's id for the line (returned with its discount). */
  key: string;
  productId: string;
  cycle: BillingCycle;
  /** The discountable amount of the line in minor units (unit × quantity). */
  amount: number;
}

export interface CouponCart {
  currency: string;
  lines: readonly CouponCartLine[];
}

export const COUPON_ERROR_CODES = [
  "EMPTY_CODE",
  "NOT_FOUND",
  "INACTIVE",
  "NOT_STARTED",
  "EXPIRED",
  "EXHAUSTED",
  "CUSTOMER_LIMIT",
  "NEW_CUSTOMERS_ONLY",
  "CURRENCY_MISMATCH",
  "NOT_APPLICABLE",
] as const;
export type CouponErrorCode = (typeof COUPON_ERROR_CODES)[number];

export interface CouponProblem {
  code: CouponErrorCode;
  message: string;
}

export interface AppliedCoupon {
  couponId: string;
  code: string;
  description: string | null;
  discountType: "percent" | "fixed";
  duration: Coupon["duration"];
  durationCycles: number | null;
  /** Discount per line key; lines the coupon does not cover are absent. */
  discounts: Record<string, number>;
  total: number;
}

export type ApplyCouponResult = { ok: true; coupon: AppliedCoupon } | { ok: false; error: CouponProblem };

/** Thrown where a coupon must apply (placing an order): carries the same message, as a form field error. */
export class CouponError extends AppError {
  constructor(readonly problem: CouponProblem) {
    super("VALIDATION", problem.message, { fieldErrors: { couponCode: [problem.message] } });
  }
}

export const normalizeCouponCode = (code: string) => code.trim().toUpperCase();

const day = (d: Date) => d.toISOString().slice(0, 10);

const CYCLE_WORDS: Record<BillingCycle, string> = {
  monthly: "monthly",
  quarterly: "quarterly",
  semiannual: "every six months",
  yearly: "yearly",
  biennial: "every two years",
  triennial: "every three years",
  one_time: "one-time",
};

const fail = (code: CouponErrorCode, message: string): ApplyCouponResult => ({ ok: false, error: { code, message } });

type Reader = Pick<BillingExecutor, "select">;

export async function findCouponByCode(code: string, db: Reader = billingDb()): Promise<Coupon | undefined> {
  const [row] = await db.select().from(coupons).where(eq(coupons.code, normalizeCouponCode(code))).limit(1);
  return row;
}

/** Rules that depend on the coupon and time only (not on the cart or the customer). */
function checkAvailability(coupon: Coupon, now: Date): CouponProblem | null {
  if (!coupon.active) return { code: "INACTIVE", message: "This coupon is no longer available." };
  if (coupon.validFrom && now < coupon.validFrom) {
    return { code: "NOT_STARTED", message: `This coupon can be used from ${day(coupon.validFrom)}.` };
  }
  if (coupon.validUntil && now > coupon.validUntil) {
    return { code: "EXPIRED", message: `This coupon expired on ${day(coupon.validUntil)}.` };
  }
  if (coupon.maxRedemptions !== null && coupon.redemptionCount >= coupon.maxRedemptions) {
    return { code: "EXHAUSTED", message: "This coupon has already been used the maximum number of times." };
  }
  return null;
}

async function checkCustomer(coupon: Coupon, customerId: string | null, db: Reader): Promise<CouponProblem | null> {
  // A visitor who has not signed in yet is checked again when the order is placed.
  if (!customerId) return null;
  if (coupon.maxPerCustomer !== null) {
    const [used] = await db
      .select({ n: count() })
      .from(couponRedemptions)
      .where(and(eq(couponRedemptions.couponId, coupon.id), eq(couponRedemptions.customerId, customerId)));
    if ((used?.n ?? 0) >= coupon.maxPerCustomer) {
      return {
        code: "CUSTOMER_LIMIT",
        message: coupon.maxPerCustomer === 1 ? "You have already used this coupon." : `You have already used this coupon ${coupon.maxPerCustomer} times, the most allowed.`,
      };
    }
  }
  if (coupon.newCustomersOnly) {
    const [previous] = await db
      .select({ n: count() })
      .from(orders)
      .where(and(eq(orders.customerId, customerId), notInArray(orders.status, ["cancelled", "failed"])));
    if ((previous?.n ?? 0) > 0) return { code: "NEW_CUSTOMERS_ONLY", message: "This coupon is for new customers only." };
  }
  return null;
}

async function restrictionText(coupon: Coupon, db: Reader): Promise<string> {
  const parts: string[] = [];
  if (coupon.productIds.length > 0) {
    const rows = await db.select({ name: products.name }).from(products).where(inArray(products.id, coupon.productIds));
    parts.push(rows.length ? rows.map((r) => r.name).join(", ") : "other products");
  }
  if (coupon.cycles.length > 0) parts.push(`billed ${coupon.cycles.map((c) => CYCLE_WORDS[c]).join(" or ")}`);
  return parts.join(", ");
}

/** Discount per eligible line; pure. */
export function computeCouponDiscounts(coupon: Coupon, lines: readonly CouponCartLine[]): Record<string, number> {
  const eligible = lines.filter(
    (l) =>
      l.amount > 0 &&
      (coupon.productIds.length === 0 || coupon.productIds.includes(l.productId)) &&
      (coupon.cycles.length === 0 || coupon.cycles.includes(l.cycle)),
  );
  const out: Record<string, number> = {};
  if (eligible.length === 0) return out;
  if (coupon.discountType === "percent") {
    const bps = Math.min(Math.max(coupon.percentBps ?? 0, 0), 10_000);
    for (const l of eligible) out[l.key] = percentOf(l.amount, bps);
  } else {
    const eligibleTotal = eligible.reduce((a, l) => a + l.amount, 0);
    const off = Math.min(Math.max(coupon.amountOff ?? 0, 0), eligibleTotal);
    const parts = allocate(off, eligible.map((l) => l.amount));
    eligible.forEach((l, i) => (out[l.key] = parts[i]!));
  }
  return out;
}

/**
 * Checks `code` against the cart, the customer and the time, and returns the discount per line, or a typed
 * error explaining why the coupon does not apply. Reads only; the cart is not modified.
 */
export async function applyCoupon(
  cart: CouponCart,
  code: string,
  customerId: string | null | undefined,
  now: Date = new Date(),
  db: Reader = billingDb(),
): Promise<ApplyCouponResult> {
  const normalized = normalizeCouponCode(code ?? "");
  if (!normalized) return fail("EMPTY_CODE", "Enter a coupon code.");
  const coupon = await findCouponByCode(normalized, db);
  if (!coupon) return fail("NOT_FOUND", `There is no coupon "${normalized}".`);
  const availability = checkAvailability(coupon, now);
  if (availability) return { ok: false, error: availability };
  if (coupon.discountType === "fixed" && coupon.currency && coupon.currency !== cart.currency.toUpperCase()) {
    return fail("CURRENCY_MISMATCH", `This coupon is for orders in ${coupon.currency}; your order is in ${cart.currency.toUpperCase()}.`);
  }
  const customer = await checkCustomer(coupon, customerId ?? null, db);
  if (customer) return { ok: false, error: customer };
  const discounts = computeCouponDiscounts(coupon, cart.lines);
  if (Object.keys(discounts).length === 0) {
    const only = await restrictionText(coupon, db);
    return fail("NOT_APPLICABLE", only ? `This coupon applies only to ${only}; nothing in your order qualifies.` : "This coupon does not apply to your order.");
  }
  return {
    ok: true,
    coupon: {
      couponId: coupon.id,
      code: coupon.code,
      description: coupon.description,
      discountType: coupon.discountType,
      duration: coupon.duration,
      durationCycles: coupon.durationCycles,
      discounts,
      total: Object.values(discounts).reduce((a, b) => a + b, 0),
    },
  };
}

/**
 * Records a redemption inside the order's transaction. The total limit is enforced by a guarded increment (two
 * concurrent orders cannot both take the last use); the per-customer limit is re-checked under the write lock.
 * Throws CouponError when a limit was reached since the quote.
 */
export async function redeemCoupon(
  tx: BillingExecutor,
  input: { couponId: string; customerId: string; orderId: string; invoiceId?: string | null; serviceId?: string | null; amount: number; currency: string },
): Promise<void> {
  const [coupon] = await tx.select().from(coupons).where(eq(coupons.id, input.couponId)).limit(1);
  if (!coupon) throw new CouponError({ code: "NOT_FOUND", message: "This coupon no longer exists." });
  const customer = await checkCustomer(coupon, input.customerId, tx);
  if (customer) throw new CouponError(customer);
  const bumped = await tx
    .update(coupons)
    .set({ redemptionCount: sql`${coupons.redemptionCount} + 1` })
    .where(and(eq(coupons.id, input.couponId), or(isNull(coupons.maxRedemptions), lt(coupons.redemptionCount, coupons.maxRedemptions))))
    .returning({ id: coupons.id });
  if (bumped.length === 0) {
    throw new CouponError({ code: "EXHAUSTED", message: "This coupon has already been used the maximum number of times." });
  }
  await tx.insert(couponRedemptions).values({
    couponId: input.couponId,
    customerId: input.customerId,
    orderId: input.orderId,
    invoiceId: input.invoiceId ?? null,
    serviceId: input.serviceId ?? null,
    amount: input.amount,
    currency: input.currency,
    // The first invoice uses one cycle; `forever` never runs out (null).
    cyclesRemaining: coupon.duration === "once" ? 0 : coupon.duration === "repeating" ? Math.max((coupon.durationCycles ?? 1) - 1, 0) : null,
  });
}
