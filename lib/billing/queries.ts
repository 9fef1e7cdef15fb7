import "server-only";
/**
 * Reads for the portal (always scoped by the customer's id: someone else's row is "not found") and simple admin
 * lists. Explicit columns, shaped objects; no gateway secrets or internal payloads leave here.
 */
import { and, count, desc, eq, inArray, type SQL } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import {
  creditNotes,
  invoiceItems,
  invoices,
  paymentFailures,
  paymentMethods,
  payments,
  products,
  reconciliationFlags,
  services,
  type InvoiceStatus,
} from "@/db/billing/schema";
import { creditBalance } from "./credit";
import { customerCurrency } from "./cart";

export interface Page<T> {
  rows: T[];
  total: number;
  /** The count stopped at a cap: there are more than `total` rows. */
  totalIsLowerBound?: boolean;
  page: number;
  pageSize: number;
}

const pageOf = (page = 1, pageSize = 25) => ({ page: Math.max(1, Math.floor(page)), pageSize: Math.min(Math.max(1, Math.floor(pageSize)), 200) });

const invoiceColumns = {
  id: invoices.id,
  number: invoices.number,
  customerId: invoices.customerId,
  kind: invoices.kind,
  status: invoices.status,
  currency: invoices.currency,
  subtotal: invoices.subtotal,
  discount: invoices.discount,
  tax: invoices.tax,
  total: invoices.total,
  amountPaid: invoices.amountPaid,
  amountRefunded: invoices.amountRefunded,
  issuedAt: invoices.issuedAt,
  dueAt: invoices.dueAt,
  paidAt: invoices.paidAt,
  createdAt: invoices.createdAt,
};

export async function listInvoices(filter: { customerId?: string; status?: InvoiceStatus[]; page?: number; pageSize?: number } = {}) {
  const { page, pageSize } = pageOf(filter.page, filter.pageSize);
  const conditions: SQL[] = [];
  if (filter.customerId) conditions.push(eq(invoices.customerId, filter.customerId));
  if (filter.status?.length) conditions.push(inArray(invoices.status, filter.status));
  const where = conditions.length ? and(...conditions) : undefined;
  const db = billingDb();
  const rows = await db.select(invoiceColumns).from(invoices).where(where).orderBy(desc(invoices.createdAt)).limit(pageSize).offset((page - 1) * pageSize);
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(invoices).where(where);
  return { rows: rows.map((r) => ({ ...r, amountDue: Math.max(r.total - r.amountPaid, 0) })), total: n, page, pageSize } satisfies Page<unknown>;
}

/** Invoice detail: items, payments, credit notes. With `customerId`, only that customer's invoice. */
export async function getInvoiceDetail(invoiceId: string, options: { customerId?: string } = {}) {
  const db = billingDb();
  const where = options.customerId ? and(eq(invoices.id, invoiceId), eq(invoices.customerId, options.customerId)) : eq(invoices.id, invoiceId);
  const [invoice] = await db
    .select({ ...invoiceColumns, taxInclusive: invoices.taxInclusive, reverseCharge: invoices.reverseCharge, billingDetails: invoices.billingDetails, notes: invoices.notes, orderId: invoices.orderId })
    .from(invoices)
    .where(where)
    .limit(1);
  if (!invoice) return null;
  const items = await db
    .select({
      id: invoiceItems.id,
      kind: invoiceItems.kind,
      serviceId: invoiceItems.serviceId,
      description: invoiceItems.description,
      quantity: invoiceItems.quantity,
      unitAmount: invoiceItems.unitAmount,
      discount: invoiceItems.discount,
      amount: invoiceItems.amount,
      taxName: invoiceItems.taxName,
      taxRateBps: invoiceItems.taxRateBps,
      taxAmount: invoiceItems.taxAmount,
      total: invoiceItems.total,
      periodStart: invoiceItems.periodStart,
      periodEnd: invoiceItems.periodEnd,
    })
    .from(invoiceItems)
    .where(eq(invoiceItems.invoiceId, invoiceId))
    .orderBy(invoiceItems.sortOrder);
  const paid = await db
    .select({
      id: payments.id,
      gateway: payments.gateway,
      gatewayRef: payments.gatewayRef,
      amount: payments.amount,
      currency: payments.currency,
      amountRefunded: payments.amountRefunded,
      status: payments.status,
      details: payments.details,
      paidAt: payments.paidAt,
    })
    .from(payments)
    .where(eq(payments.invoiceId, invoiceId))
    .orderBy(payments.createdAt);
  const notes = await db
    .select({ id: creditNotes.id, number: creditNotes.number, total: creditNotes.total, tax: creditNotes.tax, reason: creditNotes.reason, issuedAt: creditNotes.issuedAt })
    .from(creditNotes)
    .where(eq(creditNotes.invoiceId, invoiceId))
    .orderBy(creditNotes.issuedAt);
  return { ...invoice, amountDue: Math.max(invoice.total - invoice.amountPaid, 0), items, payments: paid, creditNotes: notes };
}

export async function listCustomerServices(customerId: string) {
  return billingDb()
    .select({
      id: services.id,
      productId: services.productId,
      productName: products.name,
      productType: products.type,
      label: services.label,
      status: services.status,
      provisioningStatus: services.provisioningStatus,
      cycle: services.cycle,
      currency: services.currency,
      amount: services.amount,
      nextDueAt: services.nextDueAt,
      currentPeriodEnd: services.currentPeriodEnd,
      cancelAtPeriodEnd: services.cancelAtPeriodEnd,
      suspensionReason: services.suspensionReason,
      createdAt: services.createdAt,
    })
    .from(services)
    .innerJoin(products, eq(products.id, services.productId))
    .where(eq(services.customerId, customerId))
    .orderBy(desc(services.createdAt));
}

export async function listCustomerPaymentMethods(customerId: string) {
  return billingDb()
    .select({
      id: paymentMethods.id,
      gateway: paymentMethods.gateway,
      type: paymentMethods.type,
      brand: paymentMethods.brand,
      last4: paymentMethods.last4,
      expMonth: paymentMethods.expMonth,
      expYear: paymentMethods.expYear,
      isDefault: paymentMethods.isDefault,
      status: paymentMethods.status,
    })
    .from(paymentMethods)
    .where(and(eq(paymentMethods.customerId, customerId), eq(paymentMethods.status, "active")))
    .orderBy(desc(paymentMethods.isDefault), desc(paymentMethods.createdAt));
}

/** The customer's credit balance in their billing currency (null before their first order). */
export async function customerCreditSummary(customerId: string) {
  const currency = await customerCurrency(customerId);
  return currency ? { currency, balance: await creditBalance(customerId, currency) } : null;
}

/** Admin: open reconciliation flags and unresolved payment failures, newest first. */
export async function listOpenReconciliationFlags(limit = 100) {
  return billingDb().select().from(reconciliationFlags).where(eq(reconciliationFlags.status, "open")).orderBy(desc(reconciliationFlags.createdAt)).limit(limit);
}

export async function listPaymentFailures(options: { customerId?: string; limit?: number } = {}) {
  const where = options.customerId ? eq(paymentFailures.customerId, options.customerId) : undefined;
  return billingDb().select().from(paymentFailures).where(where).orderBy(desc(paymentFailures.createdAt)).limit(options.limit ?? 100);
}
