import "server-only";
/**
 * Back-office billing: the catalogue (products and prices), coupons, tax rates, credit adjustments, invoice
 * resends, reconciliation flags, and the lists staff search. Every change writes its audit row in the same
 * transaction (lib/audit); callers pass an AuditActor (app code: auditActorFor(actor)).
 *
 * Amounts arrive from forms as decimal strings and are parsed exactly into minor units of their currency
 * (parseDecimal refuses more decimals than the currency has) — never through floats.
 */
import { and, asc, count, desc, eq, gte, inArray, like, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { billingDb } from "@/db/billing/client";
import {
  auditLog,
  BILLING_CYCLES,
  billingProfiles,
  couponRedemptions,
  coupons,
  GATEWAYS,
  INVOICE_STATUSES,
  PAYMENT_STATUSES,
  paymentFailures,
  payments,
  prices,
  PRODUCT_TYPES,
  products,
  reconciliationFlags,
  taxRates,
  invoices,
  type BillingCycle,
  type InvoiceStatus,
} from "@/db/billing/schema";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { AppError, notFound, validation } from "@/lib/errors";
import { appendCredit } from "./credit";
import { formatDocumentNumber } from "./invoices";
import { isUniqueViolation } from "./db";
import { isSupportedCurrency, parseDecimal, SUPPORTED_CURRENCIES } from "./money";
import { appUrl, money, sendBillingEmail } from "./notify";
import type { Page } from "./queries";

const pageOf = (page = 1, pageSize = 25) => ({ page: Math.max(1, Math.floor(page) || 1), pageSize: Math.min(Math.max(1, Math.floor(pageSize) || 25), 200) });

/** Escapes LIKE wildcards so a search for "50%" finds "50%", not everything. */
const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** "8.99" → 899 in `currency`, as a field error when it is not an amount. */
export function parseAmountField(value: unknown, currency: string, field: string, options: { allowZero?: boolean } = {}): number {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  let amount: number;
  try {
    amount = parseDecimal(text, currency);
  } catch {
    throw validation({ [field]: ["Enter an amount such as 9.99."] });
  }
  if (amount < 0 || (!options.allowZero && amount === 0)) throw validation({ [field]: [options.allowZero ? "Enter zero or more." : "Enter an amount above zero."] });
  if (amount > 100_000_000) throw validation({ [field]: ["That amount is too large."] });
  return amount;
}

const trimmed = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : null));

/* ─── Customers (identity lookups for staff screens) ─────────────────────────────────────────────────────── */

export interface CustomerRef {
  id: string;
  email: string;
  name: string | null;
}

/** Emails and names of customers by id (identity database), for tables that show who a row belongs to. */
export async function customerDirectory(ids: readonly string[]): Promise<Map<string, CustomerRef>> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (!unique.length) return new Map();
  const rows = await identityDb().select({ id: users.id, email: users.email, name: users.name }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function findCustomerByEmail(email: string): Promise<CustomerRef | null> {
  const [row] = await identityDb()
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .limit(1);
  return row ?? null;
}

/** Ids of customers whose email contains `term` (at most 200: a search, not an export). */
async function customerIdsMatching(term: string): Promise<string[]> {
  const rows = await identityDb()
    .select({ id: users.id })
    .from(users)
    .where(like(users.email, likePattern(term.toLowerCase())))
    .limit(200);
  return rows.map((r) => r.id);
}

/* ─── Catalogue ──────────────────────────────────────────────────────────────────────────────────────────── */

export const productInputSchema = z.object({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single dashes (e.g. vpn-family).")
    .max(64, "At most 64 characters."),
  type: z.enum(PRODUCT_TYPES, { error: "Choose a product type." }),
  name: trimmed(120).min(1, "Enter a name."),
  tagline: optionalText(200),
  description: optionalText(4000),
  /** One per line. */
  features: z
    .string()
    .max(4000)
    .optional()
    .transform((v) => (v ?? "").split("\n").map((l) => l.trim()).filter(Boolean)),
  module: trimmed(40)
    .min(1, "Enter the provisioning module (none if nothing is set up).")
    .regex(/^[a-z0-9_-]+$/, "Module names are lowercase letters, digits, - and _."),
  /** A JSON object, e.g. {"deviceLimit": 10}. */
  moduleConfig: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const text = (v ?? "").trim();
      if (!text) return {} as Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
      } catch {
        // fall through
      }
      ctx.addIssue({ code: "custom", message: 'Enter a JSON object, e.g. {"deviceLimit": 10}.' });
      return z.NEVER;
    }),
  trialDays: z.coerce.number({ error: "Enter a whole number of days." }).int("Enter a whole number of days.").min(0).max(365).default(0),
  visible: z.boolean().default(true),
  featured: z.boolean().default(false),
  sortOrder: z.coerce.number({ error: "Enter a whole number." }).int("Enter a whole number.").min(-100_000).max(100_000).default(0),
});
export type ProductInput = z.input<typeof productInputSchema>;

function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "form"] ??= []).push(issue.message);
  throw validation(fieldErrors);
}

export type AdminProduct = typeof products.$inferSelect & { prices: Array<typeof prices.$inferSelect> };

export async function listAdminProducts(filter: { search?: string; type?: string } = {}): Promise<AdminProduct[]> {
  const db = billingDb();
  const conditions: SQL[] = [];
  const term = filter.search?.trim();
  if (term) conditions.push(or(like(products.name, likePattern(term)), like(products.slug, likePattern(term)))!);
  if (filter.type && (PRODUCT_TYPES as readonly string[]).includes(filter.type)) conditions.push(eq(products.type, filter.type as (typeof PRODUCT_TYPES)[number]));
  const rows = await db
    .select()
    .from(products)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(products.sortOrder), asc(products.name));
  const priceRows = rows.length ? await db.select().from(prices).where(inArray(prices.productId, rows.map((r) => r.id))) : [];
  return rows.map((p) => ({ ...p, prices: sortPrices(priceRows.filter((x) => x.productId === p.id)) }));
}

const sortPrices = <T extends { cycle: BillingCycle; currency: string }>(rows: T[]) =>
  rows.sort((a, b) => a.currency.localeCompare(b.currency) || BILLING_CYCLES.indexOf(a.cycle) - BILLING_CYCLES.indexOf(b.cycle));

export async function getAdminProduct(productId: string): Promise<AdminProduct | null> {
  const db = billingDb();
  const [product] = await db.select().from(products).where(eq(products.id, productId)).limit(1);
  if (!product) return null;
  return { ...product, prices: sortPrices(await db.select().from(prices).where(eq(prices.productId, productId))) };
}

/** Creates a product (`productId` null) or updates one. */
export async function saveProduct(actor: AuditActor, productId: string | null, rawInput: unknown): Promise<typeof products.$inferSelect> {
  const input = parseWith(productInputSchema, rawInput);
  try {
    return await billingDb().transaction(async (tx) => {
      if (!productId) {
        const [created] = await tx.insert(products).values(input).returning();
        await writeAudit(tx, auditLog, actor, { action: "product.create", entityType: "product", entityId: created!.id, after: input });
        return created!;
      }
      const [before] = await tx.select().from(products).where(eq(products.id, productId)).limit(1);
      if (!before) throw notFound("Product not found");
      const [updated] = await tx.update(products).set(input).where(eq(products.id, productId)).returning();
      const changed = Object.fromEntries(
        Object.entries(input).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k as keyof typeof before])),
      );
      await writeAudit(tx, auditLog, actor, {
        action: "product.update",
        entityType: "product",
        entityId: productId,
        before: Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof typeof before]])),
        after: changed,
      });
      return updated!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw validation({ slug: ["Another product already uses this slug."] });
    throw error;
  }
}

export const priceInputSchema = z.object({
  cycle: z.enum(BILLING_CYCLES, { error: "Choose a billing cycle." }),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .refine((c) => isSupportedCurrency(c), `Choose one of ${SUPPORTED_CURRENCIES.join(", ")}.`),
  amount: z.union([z.string(), z.number()]),
  setupFee: z.union([z.string(), z.number()]).optional(),
  active: z.boolean().default(true),
});
export type PriceInput = z.input<typeof priceInputSchema>;

/**
 * Sets the price of a product for one cycle and currency (creating it if new). Existing services keep the
 * amount they were sold at (services.amount); only new orders see the new price.
 */
export async function savePrice(actor: AuditActor, productId: string, rawInput: unknown): Promise<typeof prices.$inferSelect> {
  const input = parseWith(priceInputSchema, rawInput);
  const amount = parseAmountField(input.amount, input.currency, "amount");
  const setupFee = input.setupFee === undefined || input.setupFee === "" ? 0 : parseAmountField(input.setupFee, input.currency, "setupFee", { allowZero: true });
  return billingDb().transaction(async (tx) => {
    const [product] = await tx.select({ id: products.id }).from(products).where(eq(products.id, productId)).limit(1);
    if (!product) throw notFound("Product not found");
    const [before] = await tx
      .select()
      .from(prices)
      .where(and(eq(prices.productId, productId), eq(prices.cycle, input.cycle), eq(prices.currency, input.currency)))
      .limit(1);
    const values = { amount, setupFee, active: input.active };
    const [row] = before
      ? await tx.update(prices).set(values).where(eq(prices.id, before.id)).returning()
      : await tx.insert(prices).values({ productId, cycle: input.cycle, currency: input.currency, ...values }).returning();
    await writeAudit(tx, auditLog, actor, {
      action: before ? "price.update" : "price.create",
      entityType: "price",
      entityId: row!.id,
      before: before ? { amount: before.amount, setupFee: before.setupFee, active: before.active } : null,
      after: { productId, cycle: input.cycle, currency: input.currency, ...values },
    });
    return row!;
  });
}

/* ─── Coupons ────────────────────────────────────────────────────────────────────────────────────────────── */

const dateField = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: "Enter a date (YYYY-MM-DD)." });
      return z.NEVER;
    }
    return d;
  });

const optionalCount = z
  .union([z.string(), z.number()])
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === "") return null;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 10_000_000) {
      ctx.addIssue({ code: "custom", message: "Enter a whole number of 1 or more, or leave it empty." });
      return z.NEVER;
    }
    return n;
  });

export const couponInputSchema = z
  .object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9][A-Z0-9_-]{1,39}$/, "Use 2–40 letters, digits, - or _."),
    description: optionalText(200),
    discountType: z.enum(["percent", "fixed"], { error: "Choose percent or fixed." }),
    /** Percent as typed ("10", "12.5"). */
    percent: z.string().trim().optional(),
    /** Fixed amount as typed ("5.00") in `currency`. */
    amountOff: z.string().trim().optional(),
    currency: z.string().trim().toUpperCase().optional(),
    duration: z.enum(["once", "repeating", "forever"]).default("once"),
    durationCycles: optionalCount,
    productIds: z.array(z.string().min(1).max(64)).max(100).default([]),
    cycles: z.array(z.enum(BILLING_CYCLES)).max(BILLING_CYCLES.length).default([]),
    maxRedemptions: optionalCount,
    maxPerCustomer: optionalCount,
    newCustomersOnly: z.boolean().default(false),
    validFrom: dateField,
    validUntil: dateField,
    active: z.boolean().default(true),
  })
  .superRefine((c, ctx) => {
    if (c.duration === "repeating" && !c.durationCycles) ctx.addIssue({ code: "custom", path: ["durationCycles"], message: "How many billing cycles does the discount last?" });
    if (c.validFrom && c.validUntil && c.validUntil <= c.validFrom) ctx.addIssue({ code: "custom", path: ["validUntil"], message: "The end must be after the start." });
    if (c.discountType === "fixed" && !(c.currency && isSupportedCurrency(c.currency))) {
      ctx.addIssue({ code: "custom", path: ["currency"], message: `A fixed discount needs its currency (${SUPPORTED_CURRENCIES.join(", ")}).` });
    }
  });
export type CouponInput = z.input<typeof couponInputSchema>;

function percentToBps(value: string | undefined): number {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(value ?? "");
  if (!match) throw validation({ percent: ["Enter a percentage such as 10 or 12.5."] });
  const bps = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  if (bps <= 0 || bps > 10_000) throw validation({ percent: ["Enter a percentage above 0 and at most 100."] });
  return bps;
}

export async function listCoupons(filter: { search?: string; page?: number; pageSize?: number } = {}) {
  const { page, pageSize } = pageOf(filter.page, filter.pageSize);
  const term = filter.search?.trim();
  const where = term ? or(like(coupons.code, likePattern(term.toUpperCase())), like(coupons.description, likePattern(term))) : undefined;
  const db = billingDb();
  const rows = await db.select().from(coupons).where(where).orderBy(desc(coupons.createdAt)).limit(pageSize).offset((page - 1) * pageSize);
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(coupons).where(where);
  return { rows, total: n, page, pageSize } satisfies Page<unknown>;
}

export async function getCoupon(couponId: string) {
  const db = billingDb();
  const [coupon] = await db.select().from(coupons).where(eq(coupons.id, couponId)).limit(1);
  if (!coupon) return null;
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(couponRedemptions).where(eq(couponRedemptions.couponId, couponId));
  return { ...coupon, redemptions: n };
}

/** Creates (`couponId` null) or updates a coupon. Codes are unique and stored upper-cased. */
export async function saveCoupon(actor: AuditActor, couponId: string | null, rawInput: unknown): Promise<typeof coupons.$inferSelect> {
  const input = parseWith(couponInputSchema, rawInput);
  const values = {
    code: input.code,
    description: input.description,
    discountType: input.discountType,
    percentBps: input.discountType === "percent" ? percentToBps(input.percent) : null,
    amountOff: input.discountType === "fixed" ? parseAmountField(input.amountOff, input.currency!, "amountOff") : null,
    currency: input.discountType === "fixed" ? input.currency! : null,
    duration: input.duration,
    durationCycles: input.duration === "repeating" ? input.durationCycles : null,
    productIds: input.productIds,
    cycles: input.cycles,
    maxRedemptions: input.maxRedemptions,
    maxPerCustomer: input.maxPerCustomer,
    newCustomersOnly: input.newCustomersOnly,
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    active: input.active,
  };
  try {
    return await billingDb().transaction(async (tx) => {
      if (input.productIds.length) {
        const known = await tx.select({ id: products.id }).from(products).where(inArray(products.id, input.productIds));
        if (known.length !== new Set(input.productIds).size) throw validation({ productIds: ["One of the chosen products no longer exists."] });
      }
      if (!couponId) {
        const [created] = await tx.insert(coupons).values(values).returning();
        await writeAudit(tx, auditLog, actor, { action: "coupon.create", entityType: "coupon", entityId: created!.id, after: values });
        return created!;
      }
      const [before] = await tx.select().from(coupons).where(eq(coupons.id, couponId)).limit(1);
      if (!before) throw notFound("Coupon not found");
      const [updated] = await tx.update(coupons).set(values).where(eq(coupons.id, couponId)).returning();
      await writeAudit(tx, auditLog, actor, {
        action: "coupon.update",
        entityType: "coupon",
        entityId: couponId,
        before: { ...before, createdAt: undefined, updatedAt: undefined },
        after: values,
      });
      return updated!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw validation({ code: ["Another coupon already uses this code."] });
    throw error;
  }
}

/* ─── Tax rates ──────────────────────────────────────────────────────────────────────────────────────────── */

export const taxRateInputSchema = z.object({
  name: trimmed(80).min(1, "Enter a name shown on invoices, e.g. VAT."),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, "Enter a two-letter country code, e.g. DE."),
  state: z
    .string()
    .trim()
    .toUpperCase()
    .max(10)
    .regex(/^[A-Z0-9-]*$/, "Enter a region code such as CA, or leave it empty.")
    .default(""),
  /** Percent as typed ("19", "7.25"). */
  rate: z.string().trim(),
  inclusive: z.boolean().default(false),
  active: z.boolean().default(true),
});
export type TaxRateInput = z.input<typeof taxRateInputSchema>;

function rateToBps(value: string): number {
  const match = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) throw validation({ rate: ["Enter a rate such as 19 or 7.25."] });
  const bps = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  if (bps > 9_999) throw validation({ rate: ["Enter a rate below 100."] });
  return bps;
}

export async function listTaxRates() {
  return billingDb().select().from(taxRates).orderBy(asc(taxRates.country), asc(taxRates.state));
}

/** Creates (`taxRateId` null) or updates a tax rate; one rate per country and region. */
export async function saveTaxRate(actor: AuditActor, taxRateId: string | null, rawInput: unknown): Promise<typeof taxRates.$inferSelect> {
  const input = parseWith(taxRateInputSchema, rawInput);
  const values = { name: input.name, country: input.country, state: input.state, rateBps: rateToBps(input.rate), inclusive: input.inclusive, active: input.active };
  try {
    return await billingDb().transaction(async (tx) => {
      if (!taxRateId) {
        const [created] = await tx.insert(taxRates).values(values).returning();
        await writeAudit(tx, auditLog, actor, { action: "tax_rate.create", entityType: "tax_rate", entityId: created!.id, after: values });
        return created!;
      }
      const [before] = await tx.select().from(taxRates).where(eq(taxRates.id, taxRateId)).limit(1);
      if (!before) throw notFound("Tax rate not found");
      const [updated] = await tx.update(taxRates).set(values).where(eq(taxRates.id, taxRateId)).returning();
      await writeAudit(tx, auditLog, actor, {
        action: "tax_rate.update",
        entityType: "tax_rate",
        entityId: taxRateId,
        before: { name: before.name, country: before.country, state: before.state, rateBps: before.rateBps, inclusive: before.inclusive, active: before.active },
        after: values,
      });
      return updated!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw validation({ country: ["There is already a rate for this country and region; edit that one."] });
    throw error;
  }
}

/* ─── Account credit ─────────────────────────────────────────────────────────────────────────────────────── */

/**
 * Staff add (or, with a negative amount, remove) account credit. The currency must be the customer's billing
 * currency once it is fixed; before their first order any supported currency is allowed (credit is per currency).
 */
export async function adjustCustomerCredit(
  actor: AuditActor,
  customerId: string,
  input: { amount: string; currency: string; description: string; idempotencyKey?: string },
) {
  const currency = input.currency.trim().toUpperCase();
  if (!isSupportedCurrency(currency)) throw validation({ currency: [`Choose one of ${SUPPORTED_CURRENCIES.join(", ")}.`] });
  const text = input.amount.trim();
  const negative = text.startsWith("-");
  const amount = parseAmountField(negative ? text.slice(1) : text, currency, "amount") * (negative ? -1 : 1);
  const description = input.description.trim();
  if (!description) throw validation({ description: ["Say why, for the customer's statement and the audit log."] });
  if (description.length > 200) throw validation({ description: ["At most 200 characters."] });
  return billingDb().transaction(async (tx) => {
    const [profile] = await tx.select({ currency: billingProfiles.currency }).from(billingProfiles).where(eq(billingProfiles.customerId, customerId)).limit(1);
    if (profile?.currency && profile.currency !== currency) {
      throw validation({ currency: [`This customer is billed in ${profile.currency}.`] });
    }
    const entry = await appendCredit(tx, {
      customerId,
      currency,
      amount,
      reason: "adjustment",
      description,
      createdBy: actor.id,
      idempotencyKey: input.idempotencyKey ?? null,
    });
    await writeAudit(tx, auditLog, actor, {
      action: "credit.adjust",
      entityType: "customer",
      entityId: customerId,
      after: { entryId: entry.id, amount, currency, description, balanceAfter: entry.balanceAfter },
    });
    return entry;
  });
}

/* ─── Invoices and payments (staff lists and actions) ───────────────────────────────────────────────────── */

/** Admin list totals stop counting here (pages past it still work). */
export const COUNT_CAP = 10_000;

/**
 * What a staff search for invoices matches, with conditions SQLite answers from indexes (a million invoices must not
 * be scanned): a number or its prefix ("INV-2026-0001"), the digits of a number in any year ("123" → …-000123), an
 * invoice id, or customers whose email contains the term.
 */
async function invoiceSearchCondition(term: string): Promise<SQL> {
  const upper = term.toUpperCase();
  const parts: SQL[] = [eq(invoices.id, term)];
  if (/^(INV|CN)-\d{1,4}(-\d{0,6})?$/.test(upper) || /^(INV|CN)-?$/.test(upper)) {
    parts.push(and(gte(invoices.number, upper), lt(invoices.number, `${upper}\uffff`))!);
  } else if (/^\d{1,6}$/.test(term)) {
    const thisYear = new Date().getUTCFullYear();
    const years = Array.from({ length: thisYear - 2019 + 2 }, (_, i) => 2019 + i);
    parts.push(inArray(invoices.number, years.map((y) => formatDocumentNumber("INV", y, Number(term)))));
  }
  if (!/^\d+$/.test(term)) {
    const ids = await customerIdsMatching(term);
    if (ids.length) parts.push(inArray(invoices.customerId, ids));
  }
  return or(...parts)!;
}

export async function listAdminInvoices(filter: { search?: string; status?: string; page?: number; pageSize?: number } = {}) {
  const { page, pageSize } = pageOf(filter.page, filter.pageSize);
  const conditions: SQL[] = [];
  const term = filter.search?.trim();
  if (term) conditions.push(await invoiceSearchCondition(term));
  if (filter.status && (INVOICE_STATUSES as readonly string[]).includes(filter.status)) conditions.push(eq(invoices.status, filter.status as InvoiceStatus));
  const where = conditions.length ? and(...conditions) : undefined;
  const db = billingDb();
  const rows = await db
    .select({
      id: invoices.id,
      number: invoices.number,
      customerId: invoices.customerId,
      kind: invoices.kind,
      status: invoices.status,
      currency: invoices.currency,
      total: invoices.total,
      amountPaid: invoices.amountPaid,
      dueAt: invoices.dueAt,
      issuedAt: invoices.issuedAt,
      createdAt: invoices.createdAt,
    })
    .from(invoices)
    .where(where)
    .orderBy(desc(invoices.createdAt))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  // Counting a million rows costs more than the page itself: count up to a cap, past it the total is "10,000+".
  const [{ n } = { n: 0 }] = await db.all<{ n: number }>(sql`select count(*) as n from (select 1 from ${invoices} ${where ? sql`where ${where}` : sql``} limit ${COUNT_CAP + 1})`);
  const customers = await customerDirectory(rows.map((r) => r.customerId));
  return {
    rows: rows.map((r) => ({ ...r, amountDue: Math.max(r.total - r.amountPaid, 0), customer: customers.get(r.customerId) ?? null })),
    total: Math.min(n, COUNT_CAP),
    /** true when there are more than `total` rows (the count stopped at the cap). */
    totalIsLowerBound: n > COUNT_CAP,
    page,
    pageSize,
  } satisfies Page<unknown>;
}

/** Sends the invoice to the customer again (each resend is its own email) and records who asked. */
export async function resendInvoiceEmail(actor: AuditActor, invoiceId: string, options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  const [invoice] = await billingDb().select().from(invoices).where(eq(invoices.id, invoiceId)).limit(1);
  if (!invoice) throw notFound("Invoice not found");
  if (invoice.status === "draft") throw new AppError("CONFLICT", "A draft invoice cannot be sent; issue it first.");
  const due = Math.max(invoice.total - invoice.amountPaid, 0);
  const emailId = await sendBillingEmail({
    customerId: invoice.customerId,
    dedupeKey: `invoice-resend:${invoiceId}:${now.getTime()}`,
    template: "billing.invoice",
    subject: `Invoice ${invoice.number}`,
    heading: `Invoice ${invoice.number}`,
    paragraphs: [
      `Invoice ${invoice.number} for ${money(invoice.total, invoice.currency)} is ${invoice.status.replace("_", " ")}.`,
      due > 0 ? `${money(due, invoice.currency)} is due${invoice.dueAt ? ` by ${invoice.dueAt.toISOString().slice(0, 10)}` : ""}.` : "Nothing is left to pay.",
    ],
    action: { label: due > 0 ? "Pay invoice" : "View invoice", url: appUrl(`/portal/invoices/${invoiceId}`) },
  });
  if (!emailId) throw new AppError("CONFLICT", "This customer has no email address on file.");
  await writeAudit(billingDb(), auditLog, actor, { action: "invoice.resend", entityType: "invoice", entityId: invoiceId, after: { emailId } });
  return { emailId };
}

export async function listAdminPayments(filter: { search?: string; gateway?: string; status?: string; page?: number; pageSize?: number } = {}) {
  const { page, pageSize } = pageOf(filter.page, filter.pageSize);
  const conditions: SQL[] = [];
  const term = filter.search?.trim();
  if (term) {
    const ids = await customerIdsMatching(term);
    const matchingInvoices = await billingDb()
      .select({ id: invoices.id })
      .from(invoices)
      .where(like(invoices.number, likePattern(term.toUpperCase())))
      .limit(200);
    conditions.push(
      or(
        eq(payments.gatewayRef, term),
        ...(ids.length ? [inArray(payments.customerId, ids)] : []),
        ...(matchingInvoices.length ? [inArray(payments.invoiceId, matchingInvoices.map((i) => i.id))] : []),
      )!,
    );
  }
  if (filter.gateway && (GATEWAYS as readonly string[]).includes(filter.gateway)) conditions.push(eq(payments.gateway, filter.gateway as (typeof GATEWAYS)[number]));
  if (filter.status && (PAYMENT_STATUSES as readonly string[]).includes(filter.status)) conditions.push(eq(payments.status, filter.status as (typeof PAYMENT_STATUSES)[number]));
  const where = conditions.length ? and(...conditions) : undefined;
  const db = billingDb();
  const rows = await db
    .select({
      id: payments.id,
      customerId: payments.customerId,
      invoiceId: payments.invoiceId,
      invoiceNumber: invoices.number,
      gateway: payments.gateway,
      gatewayRef: payments.gatewayRef,
      amount: payments.amount,
      amountRefunded: payments.amountRefunded,
      currency: payments.currency,
      status: payments.status,
      failureMessage: payments.failureMessage,
      paidAt: payments.paidAt,
      createdAt: payments.createdAt,
    })
    .from(payments)
    .leftJoin(invoices, eq(invoices.id, payments.invoiceId))
    .where(where)
    .orderBy(desc(payments.createdAt))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(payments).where(where);
  const customers = await customerDirectory(rows.map((r) => r.customerId));
  return { rows: rows.map((r) => ({ ...r, customer: customers.get(r.customerId) ?? null })), total: n, page, pageSize } satisfies Page<unknown>;
}

export async function listReconciliationFlags(filter: { status?: "open" | "resolved" | "ignored"; limit?: number } = {}) {
  return billingDb()
    .select()
    .from(reconciliationFlags)
    .where(eq(reconciliationFlags.status, filter.status ?? "open"))
    .orderBy(desc(reconciliationFlags.createdAt))
    .limit(filter.limit ?? 100);
}

/** Staff close a reconciliation flag (after fixing it, or deciding it needs nothing). */
export async function resolveReconciliationFlag(actor: AuditActor, flagId: string, input: { status: "resolved" | "ignored"; note?: string | null }, options: { now?: Date } = {}) {
  const note = input.note?.trim() || null;
  if (note && note.length > 500) throw validation({ note: ["At most 500 characters."] });
  return billingDb().transaction(async (tx) => {
    const [flag] = await tx.select().from(reconciliationFlags).where(eq(reconciliationFlags.id, flagId)).limit(1);
    if (!flag) throw notFound("Flag not found");
    if (flag.status !== "open") throw new AppError("CONFLICT", "This flag is already closed.");
    const [updated] = await tx
      .update(reconciliationFlags)
      .set({ status: input.status, note, resolvedBy: actor.id, resolvedAt: options.now ?? new Date() })
      .where(eq(reconciliationFlags.id, flagId))
      .returning();
    await writeAudit(tx, auditLog, actor, {
      action: `reconciliation.${input.status === "resolved" ? "resolve" : "ignore"}`,
      entityType: "reconciliation_flag",
      entityId: flagId,
      before: { status: flag.status },
      after: { status: input.status, note },
    });
    return updated!;
  });
}

export async function listAdminPaymentFailures(filter: { unresolvedOnly?: boolean; limit?: number } = {}) {
  const db = billingDb();
  const rows = await db
    .select({
      id: paymentFailures.id,
      customerId: paymentFailures.customerId,
      invoiceId: paymentFailures.invoiceId,
      invoiceNumber: invoices.number,
      gateway: paymentFailures.gateway,
      amount: paymentFailures.amount,
      currency: paymentFailures.currency,
      code: paymentFailures.code,
      message: paymentFailures.message,
      attempt: paymentFailures.attempt,
      nextRetryAt: paymentFailures.nextRetryAt,
      resolvedAt: paymentFailures.resolvedAt,
      createdAt: paymentFailures.createdAt,
    })
    .from(paymentFailures)
    .leftJoin(invoices, eq(invoices.id, paymentFailures.invoiceId))
    .orderBy(desc(paymentFailures.createdAt))
    .limit(filter.limit ?? 100);
  const customers = await customerDirectory(rows.map((r) => r.customerId));
  return rows.filter((r) => !filter.unresolvedOnly || !r.resolvedAt).map((r) => ({ ...r, customer: customers.get(r.customerId) ?? null }));
}

/** A payment's currency and what is left to refund (for the refund form and for parsing its amount). */
export async function getPaymentSummary(paymentId: string) {
  const [payment] = await billingDb()
    .select({ id: payments.id, invoiceId: payments.invoiceId, currency: payments.currency, amount: payments.amount, amountRefunded: payments.amountRefunded, gateway: payments.gateway, status: payments.status })
    .from(payments)
    .where(eq(payments.id, paymentId))
    .limit(1);
  return payment ?? null;
}
