import "server-only";
/**
 * Placing an order: the quote the customer saw becomes, in ONE billing transaction, the order and its items,
 * one pending service per unit ordered, the issued invoice (numbered, unpaid), the coupon redemption and, when
 * asked, a payment from account credit. Either all of it exists or none of it.
 *
 * - A double submit (same idempotency key) returns the first order.
 * - The customer's currency is fixed by their first order (billing_profiles.currency); a later order in
 *   another currency is refused.
 * - An entered coupon that does not apply stops the order with its message (we never silently drop it).
 * - Billed to an organization (`organizationId`): the buyer's role there must allow placing orders (owner, admin,
 *   billing; lib/billing/account-access.ts), else NOT_FOUND. The order, its services and invoice carry the
 *   organization id (renewal and upgrade invoices copy it from the service). The buyer stays `customer_id`: their
 *   billing profile and its currency lock apply, and on top the organization's currency is fixed by its first order,
 *   so an organization never mixes currencies even when several members buy for it. Account credit is personal and
 *   is never spent on an organization's order.
 */
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { auditLog, billingProfiles, invoices, orderItems, orders, services } from "@/db/billing/schema";
import { writeAudit } from "@/lib/audit";
import { AppError, validation } from "@/lib/errors";
import { assertCanOrderFor, billingAccessFor } from "./account-access";
import { currencyLockedError, parseQuoteInput, quoteCart, type Quote, type QuoteInput } from "./cart";
import { CouponError, redeemCoupon } from "./coupons";
import { spendCreditOnInvoice } from "./credit-payments";
import { isUniqueViolation, type BillingExecutor } from "./db";
import { createInvoice, settleZeroInvoice, type Invoice } from "./invoices";
import { getBillingSettings } from "./settings";
import { normalizeVatId, validateVatIdFormat, type ViesLookup } from "./tax";

/** The VAT ID as kept on the profile: with its country prefix when it is well-formed, else as typed (normalised). */
function storedVatId(vatId: string, country: string): string {
  const format = validateVatIdFormat(vatId, country);
  return format.valid ? format.normalized : normalizeVatId(vatId);
}

export type Order = typeof orders.$inferSelect;
export type Service = typeof services.$inferSelect;

export interface PlaceOrderOptions {
  /** From the checkout form (one per form render): a double submit creates one order. */
  idempotencyKey: string;
  now?: Date;
  viesLookup?: ViesLookup;
  ip?: string | null;
  userAgent?: string | null;
  /** Billing contact details to keep on the profile (copied onto invoices). */
  /** Bill the order to this organization instead of the buyer's personal account. */
  organizationId?: string | null;
  profile?: { name?: string | null; companyName?: string | null; email?: string | null; addressLine1?: string | null; addressLine2?: string | null; city?: string | null; postalCode?: string | null };
}

export interface PlacedOrder {
  order: Order;
  invoice: Invoice;
  services: Service[];
  quote: Quote;
  /** True when an earlier submit with the same key had already placed it. */
  replayed: boolean;
}

async function loadPlaced(orderId: string, quote: Quote | null): Promise<Omit<PlacedOrder, "quote"> & { quote: Quote | null }> {
  const db = billingDb();
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId)).limit(1);
  if (!order?.invoiceId) throw new AppError("INTERNAL", `Order ${orderId} has no invoice`);
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, order.invoiceId)).limit(1);
  const rows = await db.select().from(services).where(eq(services.orderId, orderId));
  return { order, invoice: invoice!, services: rows, quote, replayed: true };
}

async function existingOrder(customerId: string, idempotencyKey: string) {
  const [row] = await billingDb()
    .select({ id: orders.id, customerId: orders.customerId })
    .from(orders)
    .where(eq(orders.idempotencyKey, idempotencyKey))
    .limit(1);
  if (!row) return null;
  // Keys are random per form; someone else's key is not a way to read their order.
  if (row.customerId !== customerId) throw new AppError("CONFLICT", "This checkout form was already used. Please reload the page.");
  return row.id;
}

export async function placeOrder(customerId: string, rawInput: QuoteInput, options: PlaceOrderOptions): Promise<PlacedOrder> {
  if (!customerId) throw new AppError("UNAUTHENTICATED", "Sign in to place an order.");
  if (!options.idempotencyKey || options.idempotencyKey.length > 200) throw new AppError("VALIDATION", "Missing checkout key; please reload the page.");
  const now = options.now ?? new Date();
  const organizationId = options.organizationId || null;
  if (organizationId) assertCanOrderFor(await billingAccessFor(customerId), organizationId);
  const input = parseQuoteInput({ ...rawInput, customerId, ...(organizationId ? { useCredit: false } : {}) });

  const earlier = await existingOrder(customerId, options.idempotencyKey);
  if (earlier) {
    const placed = await loadPlaced(earlier, null);
    return { ...placed, quote: placed.quote ?? (await quoteCart(input, { now, viesLookup: options.viesLookup })) };
  }

  const quote = await quoteCart(input, { now, viesLookup: options.viesLookup });
  if (quote.couponError) throw new CouponError(quote.couponError);
  const settings = await getBillingSettings();
  const dueAt = new Date(now.getTime() + settings.invoiceDueDays * 86_400_000);

  try {
    const orderId = await billingDb().transaction((tx) => writeOrder(tx, customerId, organizationId, input, quote, options, now, dueAt));
    const placed = await loadPlaced(orderId, quote);
    return { ...placed, quote, replayed: false };
  } catch (error) {
    // A concurrent submit with the same key won the race: return its order.
    if (isUniqueViolation(error)) {
      const id = await existingOrder(customerId, options.idempotencyKey);
      if (id) return { ...(await loadPlaced(id, quote)), quote };
    }
    throw error;
  }
}

async function writeOrder(
  tx: BillingExecutor,
  customerId: string,
  organizationId: string | null,
  input: ReturnType<typeof parseQuoteInput>,
  quote: Quote,
  options: PlaceOrderOptions,
  now: Date,
  dueAt: Date,
): Promise<string> {
  // The profile, and with it the currency lock, under the write lock of this transaction.
  const [profile] = await tx.select().from(billingProfiles).where(eq(billingProfiles.customerId, customerId)).limit(1);
  if (profile?.currency && profile.currency !== quote.currency) throw currencyLockedError(profile.currency, quote.currency);
  if (organizationId) {
    const [first] = await tx.select({ currency: orders.currency }).from(orders).where(eq(orders.organizationId, organizationId)).orderBy(asc(orders.createdAt)).limit(1);
    if (first && first.currency !== quote.currency) {
      throw validation(
        { currency: [`This organization is billed in ${first.currency}; orders in ${quote.currency} are not possible.`] },
        `This organization is billed in ${first.currency}. Please choose ${first.currency} to continue.`,
      );
    }
  }
  const details = {
    country: input.billingCountry,
    state: input.billingState ?? null,
    vatId: input.vatId ? storedVatId(input.vatId, input.billingCountry) : null,
    vatIdCheck: quote.vatCheck,
    currency: quote.currency,
    ...Object.fromEntries(Object.entries(options.profile ?? {}).filter(([, v]) => v !== undefined)),
  };
  if (profile) await tx.update(billingProfiles).set(details).where(eq(billingProfiles.id, profile.id));
  else await tx.insert(billingProfiles).values({ customerId, ...details });

  const [order] = await tx
    .insert(orders)
    .values({
      customerId,
      organizationId,
      status: "pending",
      currency: quote.currency,
      subtotal: quote.totals.subtotal,
      discount: quote.totals.discount,
      tax: quote.totals.tax,
      total: quote.totals.total,
      couponId: quote.coupon?.couponId ?? null,
      idempotencyKey: options.idempotencyKey,
      ip: options.ip ?? null,
      userAgent: options.userAgent ?? null,
    })
    .returning();
  const orderId = order!.id;

  // One service per unit: each is provisioned, renewed and cancelled on its own.
  const serviceIdsByItem = new Map<number, string[]>();
  for (const line of quote.lines.filter((l) => l.kind === "service")) {
    const ids: string[] = [];
    for (let n = 0; n < line.quantity; n++) {
      const [service] = await tx
        .insert(services)
        .values({
          customerId,
          organizationId,
          orderId,
          productId: line.productId,
          priceId: line.priceId,
          cycle: line.cycle,
          currency: quote.currency,
          amount: line.unitAmount,
          status: "pending",
          provisioningStatus: "pending",
          label: line.productName,
          config: line.config,
        })
        .returning({ id: services.id });
      ids.push(service!.id);
    }
    serviceIdsByItem.set(line.itemIndex, ids);
  }

  for (const line of quote.lines.filter((l) => l.kind === "service")) {
    const setup = quote.lines.find((l) => l.kind === "setup_fee" && l.itemIndex === line.itemIndex);
    const ids = serviceIdsByItem.get(line.itemIndex) ?? [];
    await tx.insert(orderItems).values({
      orderId,
      productId: line.productId,
      priceId: line.priceId,
      cycle: line.cycle,
      description: line.description,
      quantity: line.quantity,
      unitAmount: line.unitAmount,
      setupFee: setup?.unitAmount ?? 0,
      discount: line.discount + (setup?.discount ?? 0),
      tax: line.tax + (setup?.tax ?? 0),
      total: line.total + (setup?.total ?? 0),
      config: line.config,
      serviceId: ids.length === 1 ? ids[0]! : null,
    });
  }

  const invoice = await createInvoice(tx, {
    customerId,
    organizationId,
    orderId,
    kind: "order",
    currency: quote.currency,
    taxInclusive: quote.taxInclusive,
    reverseCharge: quote.reverseCharge,
    couponId: quote.coupon?.couponId ?? null,
    notes: quote.taxNote,
    dueAt,
    now,
    items: quote.lines.map((l) => {
      const ids = serviceIdsByItem.get(l.itemIndex) ?? [];
      return {
        kind: l.kind,
        serviceId: ids.length === 1 ? ids[0]! : null,
        productId: l.productId,
        priceId: l.priceId,
        description: l.description,
        quantity: l.quantity,
        unitAmount: l.unitAmount,
        discount: l.discount,
        amount: l.amount,
        taxRateId: l.taxRateId,
        taxName: l.taxName,
        taxRateBps: l.taxRateBps,
        taxAmount: l.tax,
        total: l.total,
      };
    }),
  });
  await tx.update(orders).set({ invoiceId: invoice.id }).where(eq(orders.id, orderId));

  if (quote.coupon) {
    const firstService = [...serviceIdsByItem.values()].flat();
    await redeemCoupon(tx, {
      couponId: quote.coupon.couponId,
      customerId,
      orderId,
      invoiceId: invoice.id,
      serviceId: firstService.length === 1 ? firstService[0]! : null,
      amount: quote.coupon.discount,
      currency: quote.currency,
    });
  }

  if (invoice.total === 0) {
    await settleZeroInvoice(tx, invoice, now);
  } else if (input.useCredit && quote.totals.creditApplied > 0) {
    // Re-read under the write lock: the balance may have changed since the quote; spend what is there now.
    await spendCreditOnInvoice(tx, { customerId, invoiceId: invoice.id, idempotencyKey: `order-credit:${orderId}`, createdBy: customerId, now });
  }

  await writeAudit(tx, auditLog, { id: customerId, ip: options.ip ?? null, userAgent: options.userAgent ?? null }, {
    action: "order.place",
    entityType: "order",
    entityId: orderId,
    after: { invoiceId: invoice.id, total: invoice.total, currency: invoice.currency, coupon: quote.coupon?.code ?? null, organizationId },
  });
  return orderId;
}

/** Personal orders of one customer, newest first. */
export async function listCustomerOrders(customerId: string, limit = 50) {
  return billingDb()
    .select({ id: orders.id, status: orders.status, currency: orders.currency, total: orders.total, invoiceId: orders.invoiceId, createdAt: orders.createdAt })
    .from(orders)
    .where(and(eq(orders.customerId, customerId), isNull(orders.organizationId)))
    .orderBy(desc(orders.createdAt))
    .limit(limit);
}
