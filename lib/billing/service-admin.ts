import "server-only";
/**
 * Staff actions on a service (admin, permission services.write): suspend, unsuspend, cancel now or at period end,
 * and move the next due date. Each writes its audit row in the same transaction as the change, and anything that
 * touches the outside world goes through the service's provisioning module as a visible run (enqueued in that
 * transaction, so it happens exactly when the change commits).
 */
import { and, eq, inArray } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { auditLog, services } from "@/db/billing/schema";
import { newId } from "@/db/columns";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { AppError, notFound } from "@/lib/errors";
import { enqueueProvisioning } from "@/lib/provisioning/jobs";
import { voidRenewalInvoice } from "./plan-changes";

/** Suspensions staff make are not lifted by a payment (only `overdue` ones are). */
export const STAFF_SUSPENSION = "staff";

async function load(tx: Pick<ReturnType<typeof billingDb>, "select">, serviceId: string) {
  const [service] = await tx.select().from(services).where(eq(services.id, serviceId)).limit(1);
  if (!service) throw notFound("Service not found");
  return service;
}

export async function staffSuspendService(actor: AuditActor, serviceId: string, input: { reason?: string | null }, options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  return billingDb().transaction(async (tx) => {
    const service = await load(tx, serviceId);
    if (service.status !== "active") throw new AppError("CONFLICT", `Only an active service can be suspended (this one is ${service.status}).`);
    const jobId = await enqueueProvisioning(tx, {
      serviceId,
      action: "suspend",
      key: `suspend:${serviceId}:staff:${newId()}`,
      reason: STAFF_SUSPENSION,
      triggeredBy: actor.id,
      runAt: now,
    });
    await writeAudit(tx, auditLog, actor, {
      action: "service.suspend",
      entityType: "service",
      entityId: serviceId,
      before: { status: service.status },
      after: { status: "suspended", reason: input.reason ?? null, jobId },
    });
    return { jobId };
  });
}

export async function staffUnsuspendService(actor: AuditActor, serviceId: string, options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  return billingDb().transaction(async (tx) => {
    const service = await load(tx, serviceId);
    if (service.status !== "suspended") throw new AppError("CONFLICT", `Only a suspended service can be unsuspended (this one is ${service.status}).`);
    const jobId = await enqueueProvisioning(tx, { serviceId, action: "unsuspend", key: `unsuspend:${serviceId}:staff:${newId()}`, triggeredBy: actor.id, runAt: now });
    await writeAudit(tx, auditLog, actor, {
      action: "service.unsuspend",
      entityType: "service",
      entityId: serviceId,
      before: { status: service.status, suspensionReason: service.suspensionReason },
      after: { status: "active", jobId },
    });
    return { jobId };
  });
}

/**
 * Moves the next due date (and with it the end of the current period): renewals then follow the new date. An
 * unpaid renewal invoice already issued for the old date is void and re-issued for the new one by the next run.
 */
export async function changeServiceDueDate(actor: AuditActor, serviceId: string, nextDueAt: Date, options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  if (Number.isNaN(nextDueAt.getTime())) throw new AppError("VALIDATION", "Enter a date.", { fieldErrors: { nextDueAt: ["Enter a date."] } });
  if (nextDueAt.getTime() <= now.getTime()) throw new AppError("VALIDATION", "Choose a date in the future.", { fieldErrors: { nextDueAt: ["Choose a date in the future."] } });
  return billingDb().transaction(async (tx) => {
    const service = await load(tx, serviceId);
    if (!["active", "suspended"].includes(service.status) || service.cycle === "one_time") {
      throw new AppError("CONFLICT", "Only a running recurring service has a due date to change.");
    }
    const oldStart = service.currentPeriodEnd ?? service.nextDueAt;
    if (oldStart) await voidRenewalInvoice(tx, serviceId, oldStart, now, "due date changed by staff");
    const [updated] = await tx
      .update(services)
      .set({ nextDueAt, currentPeriodEnd: nextDueAt })
      .where(and(eq(services.id, serviceId), inArray(services.status, ["active", "suspended"])))
      .returning();
    await writeAudit(tx, auditLog, actor, {
      action: "service.change_due_date",
      entityType: "service",
      entityId: serviceId,
      before: { nextDueAt: service.nextDueAt?.toISOString() ?? null, currentPeriodEnd: service.currentPeriodEnd?.toISOString() ?? null },
      after: { nextDueAt: nextDueAt.toISOString(), currentPeriodEnd: nextDueAt.toISOString() },
    });
    return updated!;
  });
}

/** A service for the back office: product, customer id, dates, states, and the invoices that billed it. */
export async function getAdminService(serviceId: string) {
  const { products, invoiceItems, invoices } = await import("@/db/billing/schema");
  const { desc } = await import("drizzle-orm");
  const db = billingDb();
  const [row] = await db
    .select({ service: services, productName: products.name, productType: products.type, module: products.module })
    .from(services)
    .innerJoin(products, eq(products.id, services.productId))
    .where(eq(services.id, serviceId))
    .limit(1);
  if (!row) return null;
  const billed = await db
    .selectDistinct({ id: invoices.id, number: invoices.number, kind: invoices.kind, status: invoices.status, total: invoices.total, currency: invoices.currency, dueAt: invoices.dueAt, createdAt: invoices.createdAt })
    .from(invoiceItems)
    .innerJoin(invoices, eq(invoices.id, invoiceItems.invoiceId))
    .where(eq(invoiceItems.serviceId, serviceId))
    .orderBy(desc(invoices.createdAt))
    .limit(50);
  return { ...row.service, productName: row.productName, productType: row.productType, module: row.module, invoices: billed };
}
