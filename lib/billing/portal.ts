import "server-only";
/** Portal reads that join a customer's services to what they owe (always scoped by the customer's id). */
import { and, eq, inArray } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { invoices, orders, products, services } from "@/db/billing/schema";
import { PAYABLE_STATUSES } from "./invoices";

/** For each of the customer's services waiting on its first payment: the open invoice of its order. */
export async function openOrderInvoicesByService(customerId: string): Promise<Map<string, { invoiceId: string; number: string | null }>> {
  const rows = await billingDb()
    .select({ serviceId: services.id, invoiceId: invoices.id, number: invoices.number })
    .from(services)
    .innerJoin(orders, eq(orders.id, services.orderId))
    .innerJoin(invoices, eq(invoices.id, orders.invoiceId))
    .where(and(eq(services.customerId, customerId), eq(services.status, "pending"), inArray(invoices.status, [...PAYABLE_STATUSES])));
  return new Map(rows.map((r) => [r.serviceId, { invoiceId: r.invoiceId, number: r.number }]));
}

/** One service of the customer with its product (null when it is not theirs). */
export async function getCustomerService(customerId: string, serviceId: string) {
  const [row] = await billingDb()
    .select({
      id: services.id,
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
    })
    .from(services)
    .innerJoin(products, eq(products.id, services.productId))
    .where(and(eq(services.id, serviceId), eq(services.customerId, customerId)))
    .limit(1);
  return row ?? null;
}
