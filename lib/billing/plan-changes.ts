import "server-only";
/**
 * Upgrades and downgrades of a service to another product of the same type, same cycle and currency, with the due
 * date unchanged (issue #4 point 7).
 *
 * Proration rule (one rule, integer minor units):
 *   totalDays     = the current period's length in whole days (periods are calendar months in UTC, so whole days);
 *   remainingDays = whole days left until the period ends: floor((periodEnd − now) / 1 day) — the day in progress
 *                   counts as used, so nobody pays for a part-day twice;
 *   proration     = (newAmount − oldAmount) × remainingDays / totalDays, rounded once, half away from zero
 *                   (lib/billing/money divRound), then taxed per line like any invoice line.
 *
 * - An upgrade (new price higher) is charged now: an `upgrade` invoice with one `proration` line, due at once; the
 *   change is `pending` until that invoice is paid, then applied (product, price and amount of the service) and the
 *   provisioning module is told (change_package: the VPN module raises the device limit). Cancelling the pending
 *   upgrade cancels its unpaid invoice (Paymenter#1266).
 * - A downgrade (new price lower or equal) takes effect at the next renewal: `pending` with `effective_at` = the end
 *   of the paid period; the next renewal invoice bills the new price; when the period starts the change is applied
 *   and the module is told (the VPN module disables devices over the lower limit, newest first, and tells the
 *   customer). No money is returned for the rest of the period. The customer can cancel it until then.
 */
import { and, asc, desc, eq, inArray, lte, sql } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { auditLog, billingProfiles, invoiceItems, invoices, prices, products, serviceChanges, services } from "@/db/billing/schema";
import { writeAudit, type AuditActor, SYSTEM_ACTOR } from "@/lib/audit";
import { AppError, notFound } from "@/lib/errors";
import { enqueueProvisioning } from "@/lib/provisioning/jobs";
import type { BillingExecutor } from "./db";
import { createInvoice, PAYABLE_STATUSES } from "./invoices";
import { divRound } from "./money";
import { CYCLE_LABELS } from "./periods";
import { renewalKey } from "./renewal-keys";
import { getBillingSettings } from "./settings";
import { computeLineTax, decideTax, type TaxDecision } from "./tax";

const DAY = 86_400_000;

export type ServiceChange = typeof serviceChanges.$inferSelect;

export interface Proration {
  totalDays: number;
  remainingDays: number;
  /** Signed minor units: positive = the customer owes it. */
  amount: number;
}

/** The proration of a price change at `now` in the period [start, end). */
export function prorate(input: { oldAmount: number; newAmount: number; periodStart: Date; periodEnd: Date; now: Date }): Proration {
  const totalDays = Math.max(1, Math.round((input.periodEnd.getTime() - input.periodStart.getTime()) / DAY));
  const left = input.periodEnd.getTime() - input.now.getTime();
  const remainingDays = Math.min(totalDays, Math.max(0, Math.floor(left / DAY)));
  const amount = Number(divRound(BigInt(input.newAmount - input.oldAmount) * BigInt(remainingDays), BigInt(totalDays)));
  return { totalDays, remainingDays, amount };
}

type ServiceRow = typeof services.$inferSelect;

async function loadService(db: Pick<BillingExecutor, "select">, serviceId: string, customerId?: string) {
  const where = customerId ? and(eq(services.id, serviceId), eq(services.customerId, customerId)) : eq(services.id, serviceId);
  const [row] = await db
    .select({ service: services, productName: products.name, productType: products.type })
    .from(services)
    .innerJoin(products, eq(products.id, services.productId))
    .where(where)
    .limit(1);
  return row ?? null;
}

/** Other plans the service can move to: visible products of the same type with an active price in its cycle and currency. */
export async function listPlanOptions(customerId: string, serviceId: string) {
  const db = billingDb();
  const row = await loadService(db, serviceId, customerId);
  if (!row) return [];
  const { service } = row;
  const options = await db
    .select({ priceId: prices.id, productId: products.id, name: products.name, amount: prices.amount, currency: prices.currency, cycle: prices.cycle, moduleConfig: products.moduleConfig })
    .from(prices)
    .innerJoin(products, eq(products.id, prices.productId))
    .where(
      and(
        eq(products.type, row.productType),
        eq(products.visible, true),
        eq(prices.active, true),
        eq(prices.cycle, service.cycle),
        eq(prices.currency, service.currency),
        sql`${products.id} <> ${service.productId}`,
      ),
    )
    .orderBy(asc(products.sortOrder), asc(prices.amount));
  return options.map((o) => ({ ...o, kind: (o.amount > service.amount ? "upgrade" : "downgrade") as "upgrade" | "downgrade" }));
}

/** The end of the last period already paid for (a renewal paid early extends it beyond the current period). */
async function paidThrough(db: Pick<BillingExecutor, "select">, service: ServiceRow): Promise<Date | null> {
  const [row] = await db
    .select({ end: sql<number | null>`max(${invoiceItems.periodEnd})` })
    .from(invoiceItems)
    .innerJoin(invoices, eq(invoices.id, invoiceItems.invoiceId))
    .where(and(eq(invoiceItems.serviceId, service.id), eq(invoices.kind, "renewal"), eq(invoices.status, "paid")));
  const paid = row?.end ? new Date(Number(row.end)) : null;
  const current = service.currentPeriodEnd;
  if (!paid) return current;
  if (!current) return paid;
  return paid > current ? paid : current;
}

async function taxDecisionFor(customerId: string, now: Date): Promise<TaxDecision | null> {
  const settings = await getBillingSettings();
  const [profile] = await billingDb().select().from(billingProfiles).where(eq(billingProfiles.customerId, customerId)).limit(1);
  if (!profile?.country) return null;
  return decideTax({
    billingCountry: profile.country,
    billingState: profile.state,
    vatId: profile.vatIdCheck?.status === "invalid" ? null : profile.vatId,
    taxExempt: profile.taxExempt,
    sellerCountry: settings.companyCountry,
    now,
  });
}

export interface PlanChangePreview {
  kind: "upgrade" | "downgrade";
  serviceId: string;
  fromName: string;
  toName: string;
  toPriceId: string;
  toProductId: string;
  currency: string;
  oldAmount: number;
  newAmount: number;
  cycle: ServiceRow["cycle"];
  periodStart: Date;
  periodEnd: Date;
  totalDays: number;
  remainingDays: number;
  /** Proration before tax (0 for a downgrade: nothing is charged or returned now). */
  proration: number;
  tax: number;
  taxName: string | null;
  taxRateBps: number;
  /** What the customer pays now. */
  dueNow: number;
  taxInclusive: boolean;
  reverseCharge: boolean;
  /** When the new plan starts. */
  effectiveAt: Date;
}

export async function previewPlanChange(customerId: string, serviceId: string, toPriceId: string, options: { now?: Date } = {}): Promise<PlanChangePreview> {
  const now = options.now ?? new Date();
  const db = billingDb();
  const row = await loadService(db, serviceId, customerId);
  if (!row) throw notFound("Service not found");
  const { service } = row;
  if (service.status !== "active") throw new AppError("CONFLICT", "Only an active service can change plan.");
  if (service.cancelAtPeriodEnd) throw new AppError("CONFLICT", "This service is set to end; keep it first to change its plan.");
  if (service.cycle === "one_time" || !service.currentPeriodStart || !service.currentPeriodEnd) throw new AppError("CONFLICT", "This service has no billing period to change.");
  const option = (await listPlanOptions(customerId, serviceId)).find((o) => o.priceId === toPriceId);
  if (!option) throw new AppError("VALIDATION", "Choose one of the plans offered.", { fieldErrors: { priceId: ["Choose one of the plans offered."] } });
  const kind = option.kind;
  const through = (await paidThrough(db, service)) ?? service.currentPeriodEnd;
  if (kind === "upgrade" && through > service.currentPeriodEnd) {
    throw new AppError("CONFLICT", `Your next period is already paid; you can upgrade from ${through.toISOString().slice(0, 10)}.`);
  }
  const p = prorate({ oldAmount: service.amount, newAmount: option.amount, periodStart: service.currentPeriodStart, periodEnd: service.currentPeriodEnd, now });
  const proration = kind === "upgrade" ? Math.max(0, p.amount) : 0;
  const decision = proration > 0 ? await taxDecisionFor(customerId, now) : null;
  const t = computeLineTax(proration, decision?.rate ?? null);
  return {
    kind,
    serviceId,
    fromName: row.productName,
    toName: option.name,
    toPriceId: option.priceId,
    toProductId: option.productId,
    currency: service.currency,
    oldAmount: service.amount,
    newAmount: option.amount,
    cycle: service.cycle,
    periodStart: service.currentPeriodStart,
    periodEnd: service.currentPeriodEnd,
    totalDays: p.totalDays,
    remainingDays: p.remainingDays,
    proration,
    tax: t.tax,
    taxName: decision?.rate?.name ?? null,
    taxRateBps: t.rateBps,
    dueNow: t.gross,
    taxInclusive: Boolean(decision?.rate?.inclusive),
    reverseCharge: decision?.reverseCharge ?? false,
    effectiveAt: kind === "upgrade" ? now : through,
  };
}

/** Voids the unpaid renewal invoice of `periodStart` (if any) and frees its key so the next run re-issues it at the current price. */
export async function voidRenewalInvoice(tx: BillingExecutor, serviceId: string, periodStart: Date, now: Date, why: string): Promise<string | null> {
  const key = renewalKey(serviceId, periodStart);
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.idempotencyKey, key)).limit(1);
  if (!invoice || !PAYABLE_STATUSES.includes(invoice.status) || invoice.amountPaid > 0) return null;
  await tx
    .update(invoices)
    .set({ status: "cancelled", cancelledAt: now, idempotencyKey: `${key}:void:${invoice.id}`, notes: [invoice.notes, `Cancelled: ${why}`].filter(Boolean).join("\n") })
    .where(eq(invoices.id, invoice.id));
  return invoice.id;
}

export interface RequestedPlanChange {
  change: ServiceChange;
  preview: PlanChangePreview;
  /** The upgrade invoice to pay now (null for a downgrade, or an upgrade with nothing to pay). */
  invoiceId: string | null;
}

export async function requestPlanChange(
  actor: AuditActor,
  customerId: string,
  serviceId: string,
  toPriceId: string,
  options: { now?: Date } = {},
): Promise<RequestedPlanChange> {
  const now = options.now ?? new Date();
  const preview = await previewPlanChange(customerId, serviceId, toPriceId, { now });
  return billingDb().transaction(async (tx) => {
    const [pending] = await tx.select({ id: serviceChanges.id }).from(serviceChanges).where(and(eq(serviceChanges.serviceId, serviceId), eq(serviceChanges.status, "pending"))).limit(1);
    if (pending) throw new AppError("CONFLICT", "This service already has a plan change waiting; cancel it first.");
    let invoiceId: string | null = null;
    if (preview.kind === "upgrade" && preview.dueNow > 0) {
      const day = (d: Date) => d.toISOString().slice(0, 10);
      // An organization's service bills its upgrade to the organization too.
      const [owner] = await tx.select({ organizationId: services.organizationId }).from(services).where(eq(services.id, serviceId)).limit(1);
      const invoice = await createInvoice(tx, {
        customerId,
        organizationId: owner?.organizationId ?? null,
        kind: "upgrade",
        currency: preview.currency,
        taxInclusive: preview.taxInclusive,
        reverseCharge: preview.reverseCharge,
        dueAt: now,
        now,
        items: [
          {
            kind: "proration",
            serviceId,
            productId: preview.toProductId,
            priceId: preview.toPriceId,
            description: `Upgrade ${preview.fromName} → ${preview.toName} (${CYCLE_LABELS[preview.cycle]}): ${preview.remainingDays} of ${preview.totalDays} days left, ${day(now)} – ${day(preview.periodEnd)}`,
            quantity: 1,
            unitAmount: preview.proration,
            amount: preview.proration,
            taxName: preview.taxName,
            taxRateBps: preview.taxRateBps,
            taxAmount: preview.tax,
            total: preview.dueNow,
            periodStart: now,
            periodEnd: preview.periodEnd,
          },
        ],
      });
      invoiceId = invoice.id;
    }
    const [change] = await tx
      .insert(serviceChanges)
      .values({
        serviceId,
        fromPriceId: (await tx.select({ priceId: services.priceId }).from(services).where(eq(services.id, serviceId)))[0]?.priceId ?? null,
        toPriceId,
        kind: preview.kind,
        prorationAmount: preview.proration,
        currency: preview.currency,
        status: "pending",
        invoiceId,
        requestedBy: actor.id,
        effectiveAt: preview.effectiveAt,
      })
      .returning();
    await writeAudit(tx, auditLog, actor, {
      action: `service.${preview.kind}_requested`,
      entityType: "service",
      entityId: serviceId,
      before: { priceId: change!.fromPriceId, amount: preview.oldAmount },
      after: { priceId: toPriceId, amount: preview.newAmount, proration: preview.proration, dueNow: preview.dueNow, invoiceId, effectiveAt: preview.effectiveAt.toISOString() },
    });
    if (preview.kind === "upgrade" && !invoiceId) {
      // Nothing to pay (the period is all but over): apply now.
      await applyChange(tx, change!, now);
    } else if (preview.kind === "downgrade") {
      // A renewal invoice already issued at the old price for the new plan's first period is re-issued at the new one.
      await voidRenewalInvoice(tx, serviceId, preview.effectiveAt, now, `re-issued for the change to ${preview.toName}`);
    }
    const [fresh] = await tx.select().from(serviceChanges).where(eq(serviceChanges.id, change!.id));
    return { change: fresh!, preview, invoiceId };
  });
}

/** Switches the service to the change's price and tells its provisioning module. Call inside a transaction. */
async function applyChange(tx: BillingExecutor, change: ServiceChange, now: Date): Promise<void> {
  const [price] = await tx.select().from(prices).where(eq(prices.id, change.toPriceId)).limit(1);
  if (!price) throw new AppError("CONFLICT", "The new plan's price no longer exists.");
  const [service] = await tx
    .update(services)
    .set({ productId: price.productId, priceId: price.id, amount: price.amount })
    .where(and(eq(services.id, change.serviceId), inArray(services.status, ["active", "suspended"])))
    .returning({ id: services.id });
  if (!service) {
    await tx.update(serviceChanges).set({ status: "cancelled", cancelledAt: now }).where(eq(serviceChanges.id, change.id));
    return;
  }
  await tx.update(serviceChanges).set({ status: "applied", appliedAt: now }).where(and(eq(serviceChanges.id, change.id), eq(serviceChanges.status, "pending")));
  await enqueueProvisioning(tx, { serviceId: change.serviceId, action: "change_package", key: `change:${change.id}`, reason: `${change.kind} applied`, runAt: now });
  if (change.kind === "upgrade") {
    // A renewal already issued at the old price for the next period is re-issued at the new one.
    const [s] = await tx.select({ end: services.currentPeriodEnd }).from(services).where(eq(services.id, change.serviceId));
    if (s?.end) await voidRenewalInvoice(tx, change.serviceId, s.end, now, "re-issued at the upgraded price");
  }
  await writeAudit(tx, auditLog, SYSTEM_ACTOR, {
    action: `service.${change.kind}_applied`,
    entityType: "service",
    entityId: change.serviceId,
    before: { priceId: change.fromPriceId },
    after: { priceId: price.id, productId: price.productId, amount: price.amount, changeId: change.id },
  });
}

/** Called when an `upgrade` invoice is paid (billing.invoice-paid, inside its once-only transaction). */
export async function applyPaidUpgrade(tx: BillingExecutor, invoiceId: string, now: Date): Promise<number> {
  const pending = await tx.select().from(serviceChanges).where(and(eq(serviceChanges.invoiceId, invoiceId), eq(serviceChanges.status, "pending")));
  for (const change of pending) await applyChange(tx, change, now);
  return pending.length;
}

/** Downgrades whose new period has started (run by billing.automation). Each in its own transaction; idempotent. */
export async function applyDueDowngrades(now: Date): Promise<string[]> {
  const db = billingDb();
  const due = await db
    .select()
    .from(serviceChanges)
    .where(and(eq(serviceChanges.status, "pending"), eq(serviceChanges.kind, "downgrade"), lte(serviceChanges.effectiveAt, now)))
    .orderBy(asc(serviceChanges.effectiveAt))
    .limit(1000);
  const applied: string[] = [];
  for (const change of due) {
    await db.transaction(async (tx) => {
      const [still] = await tx.select().from(serviceChanges).where(and(eq(serviceChanges.id, change.id), eq(serviceChanges.status, "pending")));
      if (still) await applyChange(tx, still, now);
    });
    applied.push(change.id);
  }
  return applied;
}

/** The customer (or staff) withdraws a pending change; a pending upgrade's unpaid invoice is cancelled with it. */
export async function cancelPlanChange(
  actor: AuditActor,
  changeId: string,
  /** `serviceId`: the change must be of this service (the one the caller authorized). */
  options: { customerId?: string; serviceId?: string; now?: Date } = {},
): Promise<ServiceChange> {
  const now = options.now ?? new Date();
  return billingDb().transaction(async (tx) => {
    const [row] = await tx
      .select({ change: serviceChanges, customerId: services.customerId, periodEnd: services.currentPeriodEnd })
      .from(serviceChanges)
      .innerJoin(services, eq(services.id, serviceChanges.serviceId))
      .where(
        and(
          eq(serviceChanges.id, changeId),
          options.customerId ? eq(services.customerId, options.customerId) : undefined,
          options.serviceId ? eq(serviceChanges.serviceId, options.serviceId) : undefined,
        ),
      )
      .limit(1);
    if (!row) throw notFound("Plan change not found");
    if (row.change.status !== "pending") throw new AppError("CONFLICT", `This plan change is already ${row.change.status}.`);
    if (row.change.invoiceId) {
      const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, row.change.invoiceId));
      if (invoice && invoice.amountPaid > 0) throw new AppError("CONFLICT", "This upgrade is already (partly) paid and cannot be withdrawn.");
      if (invoice && PAYABLE_STATUSES.includes(invoice.status)) {
        await tx.update(invoices).set({ status: "cancelled", cancelledAt: now }).where(eq(invoices.id, invoice.id));
      }
    }
    const [cancelled] = await tx.update(serviceChanges).set({ status: "cancelled", cancelledAt: now }).where(eq(serviceChanges.id, changeId)).returning();
    if (row.change.kind === "downgrade" && row.change.effectiveAt) {
      // A renewal already issued at the lower price is re-issued at the kept plan's price.
      await voidRenewalInvoice(tx, row.change.serviceId, row.change.effectiveAt, now, "plan change withdrawn");
    }
    await writeAudit(tx, auditLog, actor, {
      action: `service.${row.change.kind}_cancelled`,
      entityType: "service",
      entityId: row.change.serviceId,
      before: { status: "pending", toPriceId: row.change.toPriceId },
      after: { status: "cancelled" },
    });
    return cancelled!;
  });
}

/** Pending changes per service of a customer (for the portal), with the target plan's name. */
export async function pendingPlanChanges(serviceIds: string[]) {
  if (!serviceIds.length) return new Map<string, PendingChangeView>();
  const rows = await billingDb()
    .select({
      id: serviceChanges.id,
      serviceId: serviceChanges.serviceId,
      kind: serviceChanges.kind,
      invoiceId: serviceChanges.invoiceId,
      effectiveAt: serviceChanges.effectiveAt,
      prorationAmount: serviceChanges.prorationAmount,
      currency: serviceChanges.currency,
      toName: products.name,
      toAmount: prices.amount,
    })
    .from(serviceChanges)
    .innerJoin(prices, eq(prices.id, serviceChanges.toPriceId))
    .innerJoin(products, eq(products.id, prices.productId))
    .where(and(inArray(serviceChanges.serviceId, serviceIds), eq(serviceChanges.status, "pending")))
    .orderBy(desc(serviceChanges.createdAt));
  return new Map(rows.map((r) => [r.serviceId, r]));
}
export type PendingChangeView = {
  id: string;
  serviceId: string;
  kind: "upgrade" | "downgrade";
  invoiceId: string | null;
  effectiveAt: Date | null;
  prorationAmount: number;
  currency: string;
  toName: string;
  toAmount: number;
};

/** For renewals: the pending downgrade that starts at or before `periodStart` (its price is what the period costs). */
export async function downgradeForPeriod(db: Pick<BillingExecutor, "select">, serviceId: string, periodStart: Date) {
  const [row] = await db
    .select({ change: serviceChanges, price: prices, productName: products.name })
    .from(serviceChanges)
    .innerJoin(prices, eq(prices.id, serviceChanges.toPriceId))
    .innerJoin(products, eq(products.id, prices.productId))
    .where(and(eq(serviceChanges.serviceId, serviceId), eq(serviceChanges.status, "pending"), eq(serviceChanges.kind, "downgrade"), lte(serviceChanges.effectiveAt, periodStart)))
    .limit(1);
  return row ?? null;
}
