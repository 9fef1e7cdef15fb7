import "server-only";
/**
 * Invoices: creation with items and totals, gap-free numbering at issue time, payments applied in one
 * transaction, credit notes.
 *
 * Numbering: `INV-2026-000123` / `CN-2026-000007`. The counter row (invoice_number_sequences) is bumped by one
 * upsert … RETURNING inside the transaction that issues the document, so the number exists if and only if the
 * document does: a rolled-back issue leaves no gap, and SQLite's single writer means two issues never get the
 * same number. The year is the UTC year of issue.
 *
 * Payments: `recordPayment` writes the payment (unique per gateway reference, so a duplicate delivery is a
 * no-op), applies it to the invoice and, when the invoice becomes paid, enqueues `billing.invoice-paid` (one per
 * invoice) in the same transaction: the activation job exists if and only if the payment does. A payment whose
 * currency or amount does not match what is due, or that arrives for an invoice that is no longer payable, is
 * recorded as `held` with a reconciliation flag for staff, and not applied.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import {
  billingProfiles,
  creditNotes,
  invoiceItems,
  invoiceNumberSequences,
  invoices,
  paymentFailures,
  payments,
  reconciliationFlags,
  INVOICE_ITEM_KINDS,
  INVOICE_KINDS,
  type Gateway,
  type InvoiceBillingSnapshot,
  type InvoiceStatus,
} from "@/db/billing/schema";
import { newId } from "@/db/columns";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { AppError, notFound } from "@/lib/errors";
import { auditLog } from "@/db/billing/schema";
import { inBillingTransaction, isUniqueViolation, type BillingExecutor } from "./db";
import { invoicePaidJob } from "./jobs";
import { assertMinor, multiplyMinor, toCurrency } from "./money";

export type Invoice = typeof invoices.$inferSelect;
export type InvoiceItem = typeof invoiceItems.$inferSelect;
export type Payment = typeof payments.$inferSelect;

export type DocumentSeries = "INV" | "CN";

/** Invoices a customer can still pay. */
export const PAYABLE_STATUSES: readonly InvoiceStatus[] = ["unpaid", "partially_paid", "overdue"];

export function formatDocumentNumber(series: DocumentSeries, year: number, n: number): string {
  return `${series}-${year}-${String(n).padStart(6, "0")}`;
}

/** Takes the next number of a series for the UTC year of `at`. Call inside the issuing transaction. */
export async function nextDocumentNumber(tx: BillingExecutor, series: DocumentSeries, at: Date): Promise<string> {
  const year = at.getUTCFullYear();
  const [row] = await tx
    .insert(invoiceNumberSequences)
    .values({ series, year, lastNumber: 1 })
    .onConflictDoUpdate({
      target: [invoiceNumberSequences.series, invoiceNumberSequences.year],
      set: { lastNumber: sql`${invoiceNumberSequences.lastNumber} + 1` },
    })
    .returning({ lastNumber: invoiceNumberSequences.lastNumber });
  return formatDocumentNumber(series, year, row!.lastNumber);
}

/** Takes `n` consecutive numbers of a series at once (a batch issued in one transaction). */
export async function nextDocumentNumbers(tx: BillingExecutor, series: DocumentSeries, at: Date, n: number): Promise<string[]> {
  if (n <= 0) return [];
  const year = at.getUTCFullYear();
  const [row] = await tx
    .insert(invoiceNumberSequences)
    .values({ series, year, lastNumber: n })
    .onConflictDoUpdate({
      target: [invoiceNumberSequences.series, invoiceNumberSequences.year],
      set: { lastNumber: sql`${invoiceNumberSequences.lastNumber} + ${n}` },
    })
    .returning({ lastNumber: invoiceNumberSequences.lastNumber });
  const first = row!.lastNumber - n + 1;
  return Array.from({ length: n }, (_, i) => formatDocumentNumber(series, year, first + i));
}

export interface InvoiceItemInput {
  kind?: (typeof INVOICE_ITEM_KINDS)[number];
  serviceId?: string | null;
  productId?: string | null;
  priceId?: string | null;
  description: string;
  quantity: number;
  unitAmount: number;
  discount?: number;
  /** quantity × unit − discount (gross when the invoice is tax-inclusive). */
  amount: number;
  taxRateId?: string | null;
  taxName?: string | null;
  taxRateBps?: number;
  taxAmount?: number;
  /** What the customer pays for the line. */
  total: number;
  periodStart?: Date | null;
  periodEnd?: Date | null;
}

export interface CreateInvoiceInput {
  customerId: string;
  organizationId?: string | null;
  orderId?: string | null;
  kind: (typeof INVOICE_KINDS)[number];
  currency: string;
  items: InvoiceItemInput[];
  taxInclusive?: boolean;
  reverseCharge?: boolean;
  billingDetails?: InvoiceBillingSnapshot | null;
  couponId?: string | null;
  notes?: string | null;
  dueAt: Date;
  idempotencyKey?: string | null;
  /** false keeps it a draft (no number); default issues it now. */
  issue?: boolean;
  now: Date;
}

function checkItem(item: InvoiceItemInput, taxInclusive: boolean): void {
  for (const [k, v] of Object.entries({ unitAmount: item.unitAmount, amount: item.amount, total: item.total, discount: item.discount ?? 0, taxAmount: item.taxAmount ?? 0 })) {
    assertMinor(v, k);
  }
  if (!Number.isSafeInteger(item.quantity) || item.quantity < 1) throw new RangeError(`quantity must be a positive integer, got ${item.quantity}`);
  const expectedAmount = multiplyMinor(item.unitAmount, item.quantity) - (item.discount ?? 0);
  if (item.amount !== expectedAmount) throw new RangeError(`item "${item.description}": amount ${item.amount} ≠ quantity × unit − discount (${expectedAmount})`);
  const expectedTotal = taxInclusive ? item.amount : item.amount + (item.taxAmount ?? 0);
  if (item.total !== expectedTotal) throw new RangeError(`item "${item.description}": total ${item.total} ≠ ${expectedTotal}`);
}

/** A snapshot of the customer's billing details, copied onto the invoice so later edits don't rewrite it. */
export async function billingSnapshot(tx: Pick<BillingExecutor, "select">, customerId: string): Promise<InvoiceBillingSnapshot | null> {
  const [p] = await tx.select().from(billingProfiles).where(eq(billingProfiles.customerId, customerId)).limit(1);
  return p ? snapshotOf(p) : null;
}

/** The snapshot of one billing profile row. */
export function snapshotOf(p: typeof billingProfiles.$inferSelect): InvoiceBillingSnapshot {
  return {
    name: p.name,
    companyName: p.companyName,
    email: p.email,
    address: [p.addressLine1, p.addressLine2, [p.postalCode, p.city].filter(Boolean).join(" "), p.state].filter((l): l is string => !!l),
    country: p.country,
    vatId: p.vatId,
  };
}

/** Creates an invoice with its items; issued (numbered, unpaid) unless `issue: false`. Call inside a transaction. */
export async function createInvoice(tx: BillingExecutor, input: CreateInvoiceInput): Promise<Invoice> {
  const currency = toCurrency(input.currency);
  const taxInclusive = input.taxInclusive ?? false;
  if (input.items.length === 0) throw new AppError("VALIDATION", "An invoice needs at least one item.");
  input.items.forEach((i) => checkItem(i, taxInclusive));
  const subtotal = input.items.reduce((a, i) => a + multiplyMinor(i.unitAmount, i.quantity), 0);
  const discount = input.items.reduce((a, i) => a + (i.discount ?? 0), 0);
  const tax = input.items.reduce((a, i) => a + (i.taxAmount ?? 0), 0);
  const total = input.items.reduce((a, i) => a + i.total, 0);
  const issue = input.issue !== false;
  const [invoice] = await tx
    .insert(invoices)
    .values({
      number: issue ? await nextDocumentNumber(tx, "INV", input.now) : null,
      customerId: input.customerId,
      organizationId: input.organizationId ?? null,
      orderId: input.orderId ?? null,
      kind: input.kind,
      status: issue ? "unpaid" : "draft",
      currency,
      subtotal,
      discount,
      tax,
      total,
      taxInclusive,
      reverseCharge: input.reverseCharge ?? false,
      billingDetails: input.billingDetails ?? (await billingSnapshot(tx, input.customerId)),
      couponId: input.couponId ?? null,
      notes: input.notes ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
      issuedAt: issue ? input.now : null,
      dueAt: input.dueAt,
    })
    .returning();
  await tx.insert(invoiceItems).values(
    input.items.map((i, index) => ({
      invoiceId: invoice!.id,
      kind: i.kind ?? "service",
      serviceId: i.serviceId ?? null,
      productId: i.productId ?? null,
      priceId: i.priceId ?? null,
      description: i.description,
      quantity: i.quantity,
      unitAmount: i.unitAmount,
      discount: i.discount ?? 0,
      amount: i.amount,
      taxRateId: i.taxRateId ?? null,
      taxName: i.taxName ?? null,
      taxRateBps: i.taxRateBps ?? 0,
      taxAmount: i.taxAmount ?? 0,
      total: i.total,
      periodStart: i.periodStart ?? null,
      periodEnd: i.periodEnd ?? null,
      sortOrder: index,
    })),
  );
  return invoice!;
}

/** Issues a draft: assigns its number (in this transaction) and makes it payable. */
export async function issueInvoice(invoiceId: string, options: { tx?: BillingExecutor; now?: Date } = {}): Promise<Invoice> {
  const now = options.now ?? new Date();
  return inBillingTransaction(options.tx, async (tx) => {
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).limit(1);
    if (!invoice) throw notFound("Invoice not found");
    if (invoice.status !== "draft") throw new AppError("CONFLICT", `Invoice ${invoice.number ?? invoice.id} is already issued.`);
    const number = await nextDocumentNumber(tx, "INV", now);
    const [issued] = await tx
      .update(invoices)
      .set({ number, status: invoice.total === 0 ? "paid" : "unpaid", issuedAt: now, paidAt: invoice.total === 0 ? now : null })
      .where(and(eq(invoices.id, invoiceId), eq(invoices.status, "draft")))
      .returning();
    if (invoice.total === 0) await invoicePaidJob.enqueue(tx, { invoiceId }, { uniqueKey: `invoice-paid:${invoiceId}`, runAt: now });
    return issued!;
  });
}

/** Marks a zero-total invoice (a 100 % coupon) paid at once, with its activation job. */
export async function settleZeroInvoice(tx: BillingExecutor, invoice: Invoice, now: Date): Promise<Invoice> {
  if (invoice.total !== 0 || !PAYABLE_STATUSES.includes(invoice.status)) return invoice;
  const [paid] = await tx.update(invoices).set({ status: "paid", paidAt: now }).where(eq(invoices.id, invoice.id)).returning();
  await invoicePaidJob.enqueue(tx, { invoiceId: invoice.id }, { uniqueKey: `invoice-paid:${invoice.id}`, runAt: now });
  return paid!;
}

export interface RecordPaymentInput {
  invoiceId: string;
  gateway: Gateway;
  /** Stripe PaymentIntent id, PayPal capture id, bank reference, credit ledger entry id. Unique per gateway. */
  gatewayRef: string;
  amount: number;
  currency: string;
  /** Bank transfers and credit may pay part of an invoice; card/PayPal payments must match what is due. */
  allowPartial?: boolean;
  paidAt?: Date;
  fee?: number | null;
  details?: Record<string, unknown> | null;
  paymentMethodId?: string | null;
  recordedBy?: string | null;
  /** Preset payment id (e.g. so a credit ledger entry can point at it). */
  paymentId?: string;
}

export type HeldReason = "currency_mismatch" | "amount_mismatch" | "status_mismatch";

export type RecordPaymentResult =
  | { outcome: "applied"; payment: Payment; invoice: Invoice; invoicePaid: boolean }
  | { outcome: "duplicate"; payment: Payment }
  | { outcome: "held"; payment: Payment; reason: HeldReason; message: string };

async function findPayment(db: Pick<BillingExecutor, "select">, gateway: Gateway, gatewayRef: string) {
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.gateway, gateway), eq(payments.gatewayRef, gatewayRef)))
    .limit(1);
  return row;
}

/**
 * Records a payment against an invoice. Pass `tx` to make it part of a larger change (paying with credit inside
 * an order); otherwise it runs in its own transaction. Idempotent per (gateway, gatewayRef).
 */
export async function recordPayment(
  input: RecordPaymentInput,
  options: { tx?: BillingExecutor; now?: Date } = {},
): Promise<RecordPaymentResult> {
  assertMinor(input.amount);
  if (input.amount <= 0) throw new AppError("VALIDATION", "A payment amount must be positive.");
  if (!input.gatewayRef) throw new AppError("VALIDATION", "A payment needs its gateway reference.");
  const now = options.now ?? new Date();
  const run = (tx: BillingExecutor) => applyPayment(tx, input, now);
  if (options.tx) return run(options.tx);
  try {
    return await billingDb().transaction((tx) => run(tx));
  } catch (error) {
    // Another process recorded the same gateway reference between our check and insert.
    if (isUniqueViolation(error)) {
      const existing = await findPayment(billingDb(), input.gateway, input.gatewayRef);
      if (existing) return { outcome: "duplicate", payment: existing };
    }
    throw error;
  }
}

async function applyPayment(tx: BillingExecutor, input: RecordPaymentInput, now: Date): Promise<RecordPaymentResult> {
  const existing = await findPayment(tx, input.gateway, input.gatewayRef);
  if (existing) return { outcome: "duplicate", payment: existing };
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, input.invoiceId)).limit(1);
  if (!invoice) throw notFound(`Invoice ${input.invoiceId} not found`);
  const currency = input.currency.toUpperCase();
  const due = invoice.total - invoice.amountPaid;

  let held: { reason: HeldReason; message: string } | null = null;
  if (currency !== invoice.currency) {
    held = { reason: "currency_mismatch", message: `Paid in ${currency}, but invoice ${invoice.number} is in ${invoice.currency}.` };
  } else if (!PAYABLE_STATUSES.includes(invoice.status)) {
    held = { reason: "status_mismatch", message: `Invoice ${invoice.number ?? invoice.id} is ${invoice.status}; the payment was not applied.` };
  } else if (input.amount > due || (input.amount < due && !input.allowPartial)) {
    held = { reason: "amount_mismatch", message: `Paid ${input.amount}, but ${due} is due on invoice ${invoice.number}.` };
  }

  const [payment] = await tx
    .insert(payments)
    .values({
      id: input.paymentId ?? newId(),
      customerId: invoice.customerId,
      invoiceId: invoice.id,
      gateway: input.gateway,
      gatewayRef: input.gatewayRef,
      amount: input.amount,
      currency,
      fee: input.fee ?? null,
      status: held ? "held" : "succeeded",
      failureCode: held?.reason ?? null,
      failureMessage: held?.message ?? null,
      paymentMethodId: input.paymentMethodId ?? null,
      recordedBy: input.recordedBy ?? null,
      details: input.details ?? null,
      paidAt: input.paidAt ?? now,
    })
    .returning();

  if (held) {
    await tx
      .insert(reconciliationFlags)
      .values({
        gateway: input.gateway,
        gatewayRef: input.gatewayRef,
        kind: held.reason,
        paymentId: payment!.id,
        invoiceId: invoice.id,
        amount: due,
        gatewayAmount: input.amount,
        currency,
        details: { invoiceCurrency: invoice.currency, invoiceStatus: invoice.status, message: held.message },
      })
      .onConflictDoNothing();
    return { outcome: "held", payment: payment!, ...held };
  }

  const amountPaid = invoice.amountPaid + input.amount;
  const paid = amountPaid >= invoice.total;
  const [updated] = await tx
    .update(invoices)
    .set({ amountPaid, status: paid ? "paid" : "partially_paid", paidAt: paid ? (input.paidAt ?? now) : invoice.paidAt })
    // Guard against a concurrent change between our read and this write (cannot happen under one writer; cheap).
    .where(and(eq(invoices.id, invoice.id), eq(invoices.amountPaid, invoice.amountPaid)))
    .returning();
  if (!updated) throw new AppError("CONFLICT", "The invoice changed while the payment was being recorded; please retry.");
  await tx
    .update(paymentFailures)
    .set({ resolvedAt: now, nextRetryAt: null })
    .where(and(eq(paymentFailures.invoiceId, invoice.id), isNull(paymentFailures.resolvedAt)));
  if (paid) await invoicePaidJob.enqueue(tx, { invoiceId: invoice.id }, { uniqueKey: `invoice-paid:${invoice.id}`, runAt: now });
  return { outcome: "applied", payment: payment!, invoice: updated, invoicePaid: paid };
}

/** Cancels an unpaid invoice (staff). Paid money must be refunded instead. */
export async function cancelInvoice(actor: AuditActor, invoiceId: string, options: { reason?: string; now?: Date } = {}): Promise<Invoice> {
  const now = options.now ?? new Date();
  return billingDb().transaction(async (tx) => {
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).limit(1);
    if (!invoice) throw notFound("Invoice not found");
    if (!["draft", "unpaid", "overdue"].includes(invoice.status) || invoice.amountPaid > 0) {
      throw new AppError("CONFLICT", `Invoice ${invoice.number ?? invoice.id} is ${invoice.status.replace("_", " ")}; only unpaid invoices can be cancelled.`);
    }
    const [cancelled] = await tx
      .update(invoices)
      .set({ status: "cancelled", cancelledAt: now, notes: options.reason ? [invoice.notes, `Cancelled: ${options.reason}`].filter(Boolean).join("\n") : invoice.notes })
      .where(eq(invoices.id, invoiceId))
      .returning();
    await writeAudit(tx, auditLog, actor, {
      action: "invoice.cancel",
      entityType: "invoice",
      entityId: invoiceId,
      before: { status: invoice.status },
      after: { status: "cancelled", reason: options.reason ?? null },
    });
    return cancelled!;
  });
}

/** Unpaid invoices past their due date become `overdue`. Returns how many changed. */
export async function markOverdueInvoices(now: Date, db: BillingExecutor = billingDb()): Promise<number> {
  const rows = await db
    .update(invoices)
    .set({ status: "overdue" })
    .where(and(inArray(invoices.status, ["unpaid", "partially_paid"]), sql`${invoices.dueAt} < ${now.getTime()}`))
    .returning({ id: invoices.id });
  return rows.length;
}

export interface IssueCreditNoteInput {
  invoiceId: string;
  customerId: string;
  currency: string;
  subtotal: number;
  tax?: number;
  reason?: string | null;
  createdBy?: string | null;
  now: Date;
}

/** Issues a numbered credit note (`CN-YYYY-NNNNNN`) in the caller's transaction. */
export async function issueCreditNote(tx: BillingExecutor, input: IssueCreditNoteInput) {
  assertMinor(input.subtotal);
  const tax = input.tax ?? 0;
  const [note] = await tx
    .insert(creditNotes)
    .values({
      number: await nextDocumentNumber(tx, "CN", input.now),
      invoiceId: input.invoiceId,
      customerId: input.customerId,
      currency: input.currency,
      subtotal: input.subtotal,
      tax,
      total: input.subtotal + tax,
      reason: input.reason ?? null,
      createdBy: input.createdBy ?? null,
      issuedAt: input.now,
    })
    .returning();
  return note!;
}

/** An invoice with its items; with `customerId`, only if it is that customer's (else not found). */
export async function getInvoice(invoiceId: string, options: { customerId?: string } = {}) {
  const db = billingDb();
  const where = options.customerId ? and(eq(invoices.id, invoiceId), eq(invoices.customerId, options.customerId)) : eq(invoices.id, invoiceId);
  const [invoice] = await db.select().from(invoices).where(where).limit(1);
  if (!invoice) return null;
  const items = await db.select().from(invoiceItems).where(eq(invoiceItems.invoiceId, invoiceId)).orderBy(invoiceItems.sortOrder);
  return { ...invoice, items, amountDue: Math.max(invoice.total - invoice.amountPaid, 0) };
}
