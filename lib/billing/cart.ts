import "server-only";
/**
 * The cart quote: everything the customer sees before paying (lines, coupon discount, tax lines, credit applied,
 * totals), computed from the catalogue in integer minor units. `placeOrder` (checkout.ts) turns the same quote
 * into an order, services and an invoice, so what was shown is what is billed.
 *
 * Each cart item gives one `service` line (unit × quantity, the coupon applies here) and, when the price has a
 * setup fee, one `setup_fee` line. Tax is computed and rounded once per line.
 */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { billingDb } from "@/db/billing/client";
import { billingProfiles, BILLING_CYCLES, prices, products, type BillingCycle } from "@/db/billing/schema";
import { AppError, validation } from "@/lib/errors";
import { applyCoupon, type AppliedCoupon, type CouponProblem } from "./coupons";
import { creditBalance } from "./credit";
import type { BillingExecutor } from "./db";
import { multiplyMinor, SUPPORTED_CURRENCIES } from "./money";
import { CYCLE_LABELS } from "./periods";
import { getBillingSettings } from "./settings";
import { computeLineTax, decideTax, priceForDecision, type TaxDecision, type VatIdCheck, type ViesLookup } from "./tax";

export const MAX_QUANTITY = 100;
export const MAX_CART_ITEMS = 20;

export const cartItemSchema = z
  .object({
    productSlug: z.string().trim().min(1).max(100).optional(),
    priceId: z.string().trim().min(1).max(100).optional(),
    cycle: z.enum(BILLING_CYCLES, { error: "Choose a billing cycle." }),
    quantity: z
      .number({ error: "Quantity must be a whole number." })
      .int("Quantity must be a whole number.")
      .min(1, "Quantity must be at least 1.")
      .max(MAX_QUANTITY, `Quantity can be at most ${MAX_QUANTITY}.`),
    /** Options chosen at checkout (domain, datacenter…), stored on the service for its module. */
    config: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((i) => Boolean(i.productSlug) !== Boolean(i.priceId), { message: "Give either a product or a price.", path: ["productSlug"] });

export const quoteInputSchema = z.object({
  customerId: z.string().min(1).optional(),
  currency: z
    .string()
    .trim()
    .transform((c) => c.toUpperCase())
    .pipe(z.enum(SUPPORTED_CURRENCIES as [string, ...string[]], { error: `Choose one of ${SUPPORTED_CURRENCIES.join(", ")}.` })),
  items: z.array(cartItemSchema).min(1, "Your cart is empty.").max(MAX_CART_ITEMS, `At most ${MAX_CART_ITEMS} items per order.`),
  couponCode: z.string().trim().max(64).optional().transform((v) => (v ? v : undefined)),
  billingCountry: z
    .string()
    .trim()
    .transform((c) => c.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{2}$/, "Choose your country.")),
  billingState: z.string().trim().max(10).optional().transform((v) => (v ? v.toUpperCase() : undefined)),
  vatId: z.string().trim().max(32).optional().transform((v) => (v ? v : undefined)),
  useCredit: z.boolean().optional().default(false),
});

export type QuoteInput = z.input<typeof quoteInputSchema>;
export type ParsedQuoteInput = z.output<typeof quoteInputSchema>;

export interface QuoteLine {
  key: string;
  /** Index of the cart item this line comes from. */
  itemIndex: number;
  kind: "service" | "setup_fee";
  productId: string;
  productSlug: string;
  productName: string;
  module: string;
  priceId: string;
  cycle: BillingCycle;
  description: string;
  quantity: number;
  /** Per unit, as this buyer pays it before discount (inclusive VAT removed when reverse-charged). */
  unitAmount: number;
  /** unit × quantity. */
  subtotal: number;
  discount: number;
  /** subtotal − discount (contains the tax when tax-inclusive). */
  amount: number;
  taxRateId: string | null;
  taxName: string | null;
  taxRateBps: number;
  tax: number;
  /** What the customer pays for the line. */
  total: number;
  config: Record<string, unknown>;
}

export interface TaxLine {
  name: string;
  rateBps: number;
  inclusive: boolean;
  /** Sum of the line amounts this tax applies to (net). */
  taxable: number;
  amount: number;
}

export interface Quote {
  currency: string;
  customerId: string | null;
  lines: QuoteLine[];
  coupon: (Pick<AppliedCoupon, "couponId" | "code" | "description" | "duration" | "durationCycles"> & { discount: number }) | null;
  /** Why the entered coupon was not applied (the quote is computed without it). */
  couponError: CouponProblem | null;
  taxLines: TaxLine[];
  taxInclusive: boolean;
  reverseCharge: boolean;
  taxNote: string | null;
  vatCheck: VatIdCheck | null;
  /** The tax decision, for placeOrder. */
  taxDecision: TaxDecision;
  creditBalance: number;
  totals: {
    subtotal: number;
    discount: number;
    tax: number;
    total: number;
    creditApplied: number;
    amountDue: number;
  };
}

export interface QuoteOptions {
  now?: Date;
  viesLookup?: ViesLookup;
  db?: BillingExecutor;
}

/** zod failures as the VALIDATION error every form understands, with dotted field paths (items.0.quantity). */
export function parseQuoteInput(input: unknown): ParsedQuoteInput {
  const parsed = quoteInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.join(".") || "form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  throw validation(fieldErrors);
}

/** The currency a customer is fixed to (their first order's), or null before it. */
export async function customerCurrency(customerId: string, db: Pick<BillingExecutor, "select"> = billingDb()): Promise<string | null> {
  const [row] = await db.select({ currency: billingProfiles.currency }).from(billingProfiles).where(eq(billingProfiles.customerId, customerId)).limit(1);
  return row?.currency ?? null;
}

export function currencyLockedError(fixed: string, requested: string): AppError {
  return validation(
    { currency: [`Your account is billed in ${fixed}; orders in ${requested} are not possible.`] },
    `Your account is billed in ${fixed}. Please choose ${fixed} to continue.`,
  );
}

interface ResolvedItem {
  index: number;
  product: typeof products.$inferSelect;
  price: typeof prices.$inferSelect;
  quantity: number;
  config: Record<string, unknown>;
}

async function resolveItems(input: ParsedQuoteInput, db: Pick<BillingExecutor, "select">): Promise<ResolvedItem[]> {
  const slugs = input.items.map((i) => i.productSlug).filter((s): s is string => !!s);
  const priceIds = input.items.map((i) => i.priceId).filter((s): s is string => !!s);
  const byPriceId = priceIds.length
    ? await db.select({ price: prices, product: products }).from(prices).innerJoin(products, eq(products.id, prices.productId)).where(inArray(prices.id, priceIds))
    : [];
  const bySlug = slugs.length
    ? await db
        .select({ price: prices, product: products })
        .from(prices)
        .innerJoin(products, eq(products.id, prices.productId))
        .where(and(inArray(products.slug, slugs), eq(prices.currency, input.currency)))
    : [];
  const fieldErrors: Record<string, string[]> = {};
  const resolved: ResolvedItem[] = [];
  input.items.forEach((item, index) => {
    const match = item.priceId
      ? byPriceId.find((r) => r.price.id === item.priceId)
      : bySlug.find((r) => r.product.slug === item.productSlug && r.price.cycle === item.cycle);
    const field = `items.${index}`;
    if (!match || !match.product.visible) {
      fieldErrors[field] = [item.priceId || !bySlug.some((r) => r.product.slug === item.productSlug) ? "This product is not available." : `This product is not sold ${CYCLE_LABELS[item.cycle]} in ${input.currency}.`];
      return;
    }
    if (!match.price.active) {
      fieldErrors[field] = [`This product is not sold ${CYCLE_LABELS[item.cycle]} any more.`];
      return;
    }
    if (match.price.currency !== input.currency) {
      fieldErrors[field] = [`This price is in ${match.price.currency}, not ${input.currency}.`];
      return;
    }
    if (match.price.cycle !== item.cycle) {
      fieldErrors[field] = [`This price is billed ${CYCLE_LABELS[match.price.cycle]}, not ${CYCLE_LABELS[item.cycle]}.`];
      return;
    }
    resolved.push({ index, product: match.product, price: match.price, quantity: item.quantity, config: item.config ?? {} });
  });
  if (Object.keys(fieldErrors).length) throw validation(fieldErrors, "Some items in your cart cannot be ordered.");
  return resolved;
}

/** Prices the cart. Throws VALIDATION for bad input; an inapplicable coupon is reported in `couponError`. */
export async function quoteCart(rawInput: QuoteInput, options: QuoteOptions = {}): Promise<Quote> {
  const input = parseQuoteInput(rawInput);
  const db = options.db ?? billingDb();
  const now = options.now ?? new Date();
  const customerId = input.customerId ?? null;

  let taxExempt = false;
  if (customerId) {
    const [profile] = await db
      .select({ currency: billingProfiles.currency, taxExempt: billingProfiles.taxExempt })
      .from(billingProfiles)
      .where(eq(billingProfiles.customerId, customerId))
      .limit(1);
    if (profile?.currency && profile.currency !== input.currency) throw currencyLockedError(profile.currency, input.currency);
    taxExempt = profile?.taxExempt ?? false;
  }

  const items = await resolveItems(input, db);
  const settings = await getBillingSettings();
  const decision = await decideTax(
    {
      billingCountry: input.billingCountry,
      billingState: input.billingState,
      vatId: input.vatId,
      taxExempt,
      sellerCountry: settings.companyCountry,
      viesLookup: options.viesLookup,
      now,
    },
    db,
  );

  // Lines before discount and tax.
  type Draft = Omit<QuoteLine, "discount" | "amount" | "tax" | "total" | "taxRateId" | "taxName" | "taxRateBps">;
  const drafts: Draft[] = [];
  for (const item of items) {
    const common = {
      itemIndex: item.index,
      productId: item.product.id,
      productSlug: item.product.slug,
      productName: item.product.name,
      module: item.product.module,
      priceId: item.price.id,
      cycle: item.price.cycle,
      quantity: item.quantity,
      config: item.config,
    };
    const unit = priceForDecision(item.price.amount, decision);
    drafts.push({
      ...common,
      key: `${item.index}:service`,
      kind: "service",
      description: item.price.cycle === "one_time" ? item.product.name : `${item.product.name} (${CYCLE_LABELS[item.price.cycle]})`,
      unitAmount: unit,
      subtotal: multiplyMinor(unit, item.quantity),
    });
    if (item.price.setupFee > 0) {
      const fee = priceForDecision(item.price.setupFee, decision);
      drafts.push({
        ...common,
        key: `${item.index}:setup`,
        kind: "setup_fee",
        description: `Setup fee: ${item.product.name}`,
        unitAmount: fee,
        subtotal: multiplyMinor(fee, item.quantity),
      });
    }
  }

  let coupon: Quote["coupon"] = null;
  let couponError: CouponProblem | null = null;
  let discounts: Record<string, number> = {};
  if (input.couponCode) {
    const serviceLines = drafts.filter((d) => d.kind === "service");
    const result = await applyCoupon(
      { currency: input.currency, lines: serviceLines.map((d) => ({ key: d.key, productId: d.productId, cycle: d.cycle, amount: d.subtotal })) },
      input.couponCode,
      customerId,
      now,
      db,
    );
    if (result.ok) {
      discounts = result.coupon.discounts;
      const { couponId, code, description, duration, durationCycles, total } = result.coupon;
      coupon = { couponId, code, description, duration, durationCycles, discount: total };
    } else {
      couponError = result.error;
    }
  }

  const rate = decision.rate;
  const lines: QuoteLine[] = drafts.map((d) => {
    const discount = discounts[d.key] ?? 0;
    const amount = d.subtotal - discount;
    const t = computeLineTax(amount, rate);
    return {
      ...d,
      discount,
      amount,
      taxRateId: rate?.id ?? null,
      taxName: rate ? rate.name : null,
      taxRateBps: t.rateBps,
      tax: t.tax,
      total: t.gross,
    };
  });

  const taxLines: TaxLine[] = [];
  if (rate && rate.rateBps > 0) {
    taxLines.push({
      name: rate.name,
      rateBps: rate.rateBps,
      inclusive: rate.inclusive,
      taxable: lines.reduce((a, l) => a + (rate.inclusive ? l.amount - l.tax : l.amount), 0),
      amount: lines.reduce((a, l) => a + l.tax, 0),
    });
  }

  const subtotal = lines.reduce((a, l) => a + l.subtotal, 0);
  const discount = lines.reduce((a, l) => a + l.discount, 0);
  const tax = lines.reduce((a, l) => a + l.tax, 0);
  const total = lines.reduce((a, l) => a + l.total, 0);
  const balance = customerId ? await creditBalance(customerId, input.currency, db) : 0;
  const creditApplied = input.useCredit ? Math.min(balance, total) : 0;

  return {
    currency: input.currency,
    customerId,
    lines,
    coupon,
    couponError,
    taxLines,
    taxInclusive: Boolean(rate?.inclusive),
    reverseCharge: decision.reverseCharge,
    taxNote: decision.note,
    vatCheck: decision.vatCheck,
    taxDecision: decision,
    creditBalance: balance,
    totals: { subtotal, discount, tax, total, creditApplied, amountDue: total - creditApplied },
  };
}
