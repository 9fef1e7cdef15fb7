import "server-only";
/**
 * Portal reads of services and invoices. Every query is scoped by the access rule (lib/billing/account-access.ts):
 * the actor's personal rows plus the rows of organizations whose role allows it; anything else is "not found".
 */
import { and, count, desc, eq, inArray } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { invoices, orders, products, services } from "@/db/billing/schema";
import { notFound } from "@/lib/errors";
import { assertCan, scopeFor, type BillingAccess, type BillingCapability } from "./account-access";
import { PAYABLE_STATUSES } from "./invoices";

/**
 * For each service the actor can see that is waiting on its first payment: the open invoice of its order, when
 * the actor may also see that invoice (a `member` sees the service, not what is owed on it).
 */
export async function openOrderInvoicesByService(access: BillingAccess): Promise<Map<string, { invoiceId: string; number: string | null }>> {
  const rows = await billingDb()
    .select({ serviceId: services.id, invoiceId: invoices.id, number: invoices.number })
    .from(services)
    .innerJoin(orders, eq(orders.id, services.orderId))
    .innerJoin(invoices, eq(invoices.id, orders.invoiceId))
    .where(and(scopeFor(access, "services.read", services), scopeFor(access, "invoices.read", invoices), eq(services.status, "pending"), inArray(invoices.status, [...PAYABLE_STATUSES])));
  return new Map(rows.map((r) => [r.serviceId, { invoiceId: r.invoiceId, number: r.number }]));
}

const serviceColumns = {
  id: services.id,
  customerId: services.customerId,
  organizationId: services.organizationId,
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
  currentPeriodStart: services.currentPeriodStart,
  currentPeriodEnd: services.currentPeriodEnd,
  cancelAtPeriodEnd: services.cancelAtPeriodEnd,
  cancelledAt: services.cancelledAt,
  suspensionReason: services.suspensionReason,
  createdAt: services.createdAt,
};

/** Every service the actor can see, newest first, with the account (Personal / organization) it belongs to. */
export async function listAccountServices(access: BillingAccess) {
  const rows = await billingDb()
    .select(serviceColumns)
    .from(services)
    .innerJoin(products, eq(products.id, services.productId))
    .where(scopeFor(access, "services.read", services))
    .orderBy(desc(services.createdAt));
  return rows.map((r) => ({ ...r, accountName: access.accountName(r.organizationId) }));
}

/** One service the actor can see (null otherwise), with its account. */
export async function getAccountService(access: BillingAccess, serviceId: string) {
  const [row] = await billingDb()
    .select(serviceColumns)
    .from(services)
    .innerJoin(products, eq(products.id, services.productId))
    .where(and(eq(services.id, serviceId), scopeFor(access, "services.read", services)))
    .limit(1);
  return row ? { ...row, accountName: access.accountName(row.organizationId) } : null;
}

/**
 * A service for an action: NOT_FOUND when the actor cannot see it, FORBIDDEN when they can but their role does
 * not allow `capability`. Returns the service's `customerId`, the id lib functions scope their writes by.
 */
export async function requireAccountService(access: BillingAccess, serviceId: string, capability: BillingCapability) {
  const service = await getAccountService(access, serviceId);
  if (!service) throw notFound("Service not found");
  assertCan(access, capability, service);
  return service;
}

/** The invoices the actor may see, newest first, with the account each belongs to. */
export async function listAccountInvoices(access: BillingAccess, options: { page?: number; pageSize?: number } = {}) {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const pageSize = Math.min(Math.max(1, Math.floor(options.pageSize ?? 20)), 200);
  const where = scopeFor(access, "invoices.read", invoices);
  const db = billingDb();
  const rows = await db
    .select({
      id: invoices.id,
      number: invoices.number,
      customerId: invoices.customerId,
      organizationId: invoices.organizationId,
      kind: invoices.kind,
      status: invoices.status,
      currency: invoices.currency,
      total: invoices.total,
      amountPaid: invoices.amountPaid,
      issuedAt: invoices.issuedAt,
      dueAt: invoices.dueAt,
      createdAt: invoices.createdAt,
    })
    .from(invoices)
    .where(where)
    .orderBy(desc(invoices.createdAt))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(invoices).where(where);
  return {
    rows: rows.map((r) => ({ ...r, amountDue: Math.max(r.total - r.amountPaid, 0), accountName: access.accountName(r.organizationId) })),
    total: n,
    page,
    pageSize,
  };
}

/**
 * An invoice for a page, route or action: NOT_FOUND unless the actor may see it (their own, or their org's with a
 * role that reads invoices); FORBIDDEN when they may see it but not do `capability`.
 */
export async function requireAccountInvoice(access: BillingAccess, invoiceId: string, capability: BillingCapability = "invoices.read") {
  const [row] = await billingDb()
    .select({ id: invoices.id, customerId: invoices.customerId, organizationId: invoices.organizationId, status: invoices.status })
    .from(invoices)
    .where(and(eq(invoices.id, invoiceId), scopeFor(access, "invoices.read", invoices)))
    .limit(1);
  if (!row) throw notFound("Invoice not found");
  assertCan(access, capability, row);
  return { ...row, accountName: access.accountName(row.organizationId) };
}
