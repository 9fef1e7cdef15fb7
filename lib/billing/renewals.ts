import "server-only";
/**
 * Renewals (run by the `billing.renewals` job with an injectable clock):
 * - a renewal invoice `billing.renewalDaysBefore` days (default 7) before each service's due date, exactly once per
 *   (service, period): the invoice's idempotency key is `renewal:<serviceId>:<periodStart ms>` (unique), and the
 *   query skips services whose current renewal invoice exists;
 * - for services with a saved Stripe card, a charge job on the due date (`billing.charge-renewal`, unique per
 *   invoice and attempt) that retries after `billing.chargeRetryDays` and records each failure;
 * - cancellations at period end: the service is terminated when its period is over, and no renewal is issued.
 *
 * The renewal invoice, its coupon cycle and its charge job are written in one transaction per service.
 */
import { and, eq, inArray, isNull, lte, not, or, sql } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { auditLog, billingProfiles, couponRedemptions, coupons, invoiceItems, invoices, paymentMethods, prices, products, serviceChanges, services } from "@/db/billing/schema";
import { newId } from "@/db/columns";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { AppError, notFound } from "@/lib/errors";
import { enqueueProvisioning } from "@/lib/provisioning/jobs";
import { computeCouponDiscounts } from "./coupons";
import { isUniqueViolation, type BillingExecutor } from "./db";
import { createInvoice, nextDocumentNumbers, snapshotOf, type Invoice } from "./invoices";
import { chargeRenewalJob } from "./renewal-jobs";
import { renewalKey } from "./renewal-keys";
import { applyDueDowngrades, downgradeForPeriod, voidRenewalInvoice } from "./plan-changes";
import { allocate } from "./money";
import { CYCLE_LABELS, periodEnd } from "./periods";
import { getBillingSettings } from "./settings";
import { computeLineTax, decideTax, offlineViesLookup } from "./tax";

const DAY = 86_400_000;

export { renewalKey };

export interface RenewalRunResult {
  created: string[];
  skipped: number;
  terminated: string[];
  /** Pending downgrades whose period started, applied in this run. */
  changesApplied: string[];
}

/** The repeating/forever coupon discount a service still has for the period starting at `periodStart`. */
async function renewalDiscount(tx: BillingExecutor, service: typeof services.$inferSelect, periodStart: Date): Promise<{ amount: number; couponId: string | null }> {
  if (!service.orderId) return { amount: 0, couponId: null };
  const [row] = await tx
    .select({ redemption: couponRedemptions, coupon: coupons })
    .from(couponRedemptions)
    .innerJoin(coupons, eq(coupons.id, couponRedemptions.couponId))
    .where(and(eq(couponRedemptions.orderId, service.orderId), or(isNull(couponRedemptions.cyclesRemaining), sql`${couponRedemptions.cyclesRemaining} > 0`)))
    .limit(1);
  if (!row || row.coupon.duration === "once") return { amount: 0, couponId: null };
  const { redemption, coupon } = row;
  // Services of one order renew together: count a cycle once per period, whichever service renews first.
  const counted = redemption.lastPeriodStart && redemption.lastPeriodStart.getTime() >= periodStart.getTime();
  if (!counted && redemption.cyclesRemaining !== null && redemption.cyclesRemaining <= 0) return { amount: 0, couponId: null };
  let amount: number;
  if (coupon.discountType === "fixed") {
    // A fixed amount per order is shared by its services in proportion to their prices (the same split each period).
    const siblings = await tx
      .select({ id: services.id, amount: services.amount, productId: services.productId, cycle: services.cycle })
      .from(services)
      .where(eq(services.orderId, service.orderId))
      .orderBy(services.id);
    const eligible = siblings.filter((s) => Object.keys(computeCouponDiscounts(coupon, [{ key: s.id, productId: s.productId, cycle: s.cycle, amount: s.amount }])).length > 0);
    const total = eligible.reduce((a, s) => a + s.amount, 0);
    const parts = allocate(Math.min(coupon.amountOff ?? 0, total), eligible.map((s) => s.amount));
    amount = parts[eligible.findIndex((s) => s.id === service.id)] ?? 0;
  } else {
    amount = computeCouponDiscounts(coupon, [{ key: "s", productId: service.productId, cycle: service.cycle, amount: service.amount }]).s ?? 0;
  }
  if (amount <= 0) return { amount: 0, couponId: null };
  if (!counted) {
    await tx
      .update(couponRedemptions)
      .set({
        lastPeriodStart: periodStart,
        cyclesRemaining: redemption.cyclesRemaining === null ? null : redemption.cyclesRemaining - 1,
      })
      .where(eq(couponRedemptions.id, redemption.id));
  }
  return { amount, couponId: coupon.id };
}

/** Creates the renewal invoice of one service for the period starting at its current period end. */
export async function createRenewalInvoice(serviceId: string, options: { now: Date }): Promise<Invoice | null> {
  const settings = await getBillingSettings();
  const db = billingDb();
  const [row] = await db
    .select({ service: services, productName: products.name })
    .from(services)
    .innerJoin(products, eq(products.id, services.productId))
    .where(eq(services.id, serviceId))
    .limit(1);
  if (!row) throw notFound("Service not found");
  const { service } = row;
  const periodStart = service.currentPeriodEnd ?? service.nextDueAt;
  if (!periodStart || service.cycle === "one_time") return null;
  const end = periodEnd(periodStart, service.cycle)!;
  // A downgrade that starts with this period: the period is billed at the new plan's price.
  const downgrade = await downgradeForPeriod(db, service.id, periodStart);
  const billed = downgrade
    ? { amount: downgrade.price.amount, productId: downgrade.price.productId, priceId: downgrade.price.id, name: service.label && service.label !== row.productName ? service.label : downgrade.productName }
    : { amount: service.amount, productId: service.productId, priceId: service.priceId, name: service.label ?? row.productName };
  const [profile] = await db.select().from(billingProfiles).where(eq(billingProfiles.customerId, service.customerId)).limit(1);
  const decision = profile?.country
    ? await decideTax({
        billingCountry: profile.country,
        billingState: profile.state,
        // The ID was checked at checkout; an ID VIES rejected stays rejected.
        vatId: profile.vatIdCheck?.status === "invalid" ? null : profile.vatId,
        taxExempt: profile.taxExempt,
        sellerCountry: settings.companyCountry,
        now: options.now,
      })
    : null;
  const key = renewalKey(service.id, periodStart);
  try {
    return await db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: invoices.id }).from(invoices).where(eq(invoices.idempotencyKey, key)).limit(1);
      if (existing) return null;
      const discount = await renewalDiscount(tx, { ...service, amount: billed.amount, productId: billed.productId }, periodStart);
      const amount = billed.amount - discount.amount;
      const t = computeLineTax(amount, decision?.rate ?? null);
      const day = (d: Date) => d.toISOString().slice(0, 10);
      const invoice = await createInvoice(tx, {
        customerId: service.customerId,
        organizationId: service.organizationId,
        kind: "renewal",
        currency: service.currency,
        taxInclusive: Boolean(decision?.rate?.inclusive),
        reverseCharge: decision?.reverseCharge ?? false,
        couponId: discount.couponId,
        notes: decision?.note ?? null,
        dueAt: periodStart,
        idempotencyKey: key,
        now: options.now,
        items: [
          {
            kind: "service",
            serviceId: service.id,
            productId: billed.productId,
            priceId: billed.priceId,
            description: `${billed.name} (${CYCLE_LABELS[service.cycle]}, ${day(periodStart)} – ${day(end)})`,
            quantity: 1,
            unitAmount: billed.amount,
            discount: discount.amount,
            amount,
            taxRateId: decision?.rate?.id ?? null,
            taxName: decision?.rate?.name ?? null,
            taxRateBps: t.rateBps,
            taxAmount: t.tax,
            total: t.gross,
            periodStart,
            periodEnd: end,
          },
        ],
      });
      if (invoice.total > 0 && service.paymentMethodId) {
        const [method] = await tx
          .select({ gateway: paymentMethods.gateway })
          .from(paymentMethods)
          .where(and(eq(paymentMethods.id, service.paymentMethodId), eq(paymentMethods.status, "active")))
          .limit(1);
        if (method?.gateway === "stripe") {
          await chargeRenewalJob.enqueue(
            tx,
            { invoiceId: invoice.id, serviceId: service.id, periodStart: periodStart.getTime(), attempt: 1 },
            { uniqueKey: `charge:${invoice.id}:1`, runAt: periodStart, maxAttempts: 3 },
          );
        }
      }
      return invoice;
    });
  } catch (error) {
    // A concurrent run created it first.
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/** One pass: renewal invoices due within the lead time, and period-end cancellations. */
export async function runRenewals(options: { now: Date; limit?: number }): Promise<RenewalRunResult> {
  const settings = await getBillingSettings();
  const now = options.now;
  const horizon = new Date(now.getTime() + settings.renewalDaysBefore * DAY);
  const db = billingDb();
  const result: RenewalRunResult = { created: [], skipped: 0, terminated: [], changesApplied: [] };

  // Services cancelled at period end whose period is over: terminate (once per service).
  const ending = await db
    .select({ id: services.id })
    .from(services)
    .where(and(eq(services.cancelAtPeriodEnd, true), inArray(services.status, ["active", "suspended"]), lte(services.currentPeriodEnd, now)));
  for (const s of ending) {
    await db.transaction(async (tx) => {
      await tx.update(services).set({ status: "cancelled", cancelledAt: now }).where(eq(services.id, s.id));
      await enqueueProvisioning(tx, { serviceId: s.id, action: "terminate", key: `terminate:${s.id}`, reason: "cancelled at period end", runAt: now });
    });
    result.terminated.push(s.id);
  }

  result.changesApplied = await applyDueDowngrades(now);

  const periodStartSql = sql`coalesce(${services.currentPeriodEnd}, ${services.nextDueAt})`;
  const due = await db
    .select({ id: services.id })
    .from(services)
    .where(
      and(
        inArray(services.status, ["active", "suspended"]),
        not(eq(services.cycle, "one_time")),
        eq(services.cancelAtPeriodEnd, false),
        lte(services.nextDueAt, horizon),
        // Skip services whose renewal invoice for this period already exists (the unique key is the real guard).
        sql`not exists (select 1 from ${invoices} where ${invoices.idempotencyKey} = 'renewal:' || ${services.id} || ':' || ${periodStartSql})`,
      ),
    )
    .orderBy(services.nextDueAt)
    .limit(options.limit ?? 10_000);
  // Services in batches of 500 (one transaction each); anything unusual goes through the one-by-one path.
  for (let i = 0; i < due.length; i += BATCH) {
    const { created, fallback } = await renewBatch(
      due.slice(i, i + BATCH).map((s) => s.id),
      now,
      settings.companyCountry,
    );
    result.created.push(...created);
    for (const id of fallback) {
      const invoice = await createRenewalInvoice(id, { now });
      if (invoice) result.created.push(invoice.id);
      else result.skipped++;
    }
  }
  return result;
}

const BATCH = 500;

/**
 * Renewal invoices for a batch of services in one transaction (a renewal run over 100,000 services must not pay
 * one commit per service). Same invoices as createRenewalInvoice: same key, numbers, items, tax and charge jobs;
 * numbers are taken as one block in the same transaction, so they stay gap-free. Services with a coupon still
 * running are left to the one-by-one path (it counts coupon cycles), as is the whole batch if a concurrent run
 * created any of its invoices first (the unique key rolls the batch back).
 */
async function renewBatch(ids: string[], now: Date, sellerCountry: string): Promise<{ created: string[]; fallback: string[] }> {
  const db = billingDb();
  const rows = await db
    .select({ service: services, productName: products.name })
    .from(services)
    .innerJoin(products, eq(products.id, services.productId))
    .where(inArray(services.id, ids));
  const orderIds = [...new Set(rows.map((r) => r.service.orderId).filter((x): x is string => !!x))];
  const withCoupon = new Set(
    orderIds.length
      ? (
          await db
            .select({ orderId: couponRedemptions.orderId })
            .from(couponRedemptions)
            .where(and(inArray(couponRedemptions.orderId, orderIds), or(isNull(couponRedemptions.cyclesRemaining), sql`${couponRedemptions.cyclesRemaining} > 0`)))
        ).map((r) => r.orderId)
      : [],
  );
  const fallback: string[] = [];
  const plain = rows.filter((r) => {
    const periodStart = r.service.currentPeriodEnd ?? r.service.nextDueAt;
    if (!periodStart || r.service.cycle === "one_time") return false;
    if (r.service.orderId && withCoupon.has(r.service.orderId)) {
      fallback.push(r.service.id);
      return false;
    }
    return true;
  });
  if (!plain.length) return { created: [], fallback };

  const downgrades = new Map(
    (
      await db
        .select({ serviceId: serviceChanges.serviceId, effectiveAt: serviceChanges.effectiveAt, price: prices, productName: products.name })
        .from(serviceChanges)
        .innerJoin(prices, eq(prices.id, serviceChanges.toPriceId))
        .innerJoin(products, eq(products.id, prices.productId))
        .where(and(inArray(serviceChanges.serviceId, plain.map((r) => r.service.id)), eq(serviceChanges.status, "pending"), eq(serviceChanges.kind, "downgrade")))
    ).map((d) => [d.serviceId, d]),
  );
  const customerIds = [...new Set(plain.map((r) => r.service.customerId))];
  const profiles = new Map((await db.select().from(billingProfiles).where(inArray(billingProfiles.customerId, customerIds))).map((p) => [p.customerId, p]));
  const methodIds = [...new Set(plain.map((r) => r.service.paymentMethodId).filter((x): x is string => !!x))];
  const stripeMethods = new Set(
    methodIds.length
      ? (await db.select({ id: paymentMethods.id }).from(paymentMethods).where(and(inArray(paymentMethods.id, methodIds), eq(paymentMethods.status, "active"), eq(paymentMethods.gateway, "stripe")))).map((m) => m.id)
      : [],
  );
  // One tax decision per distinct place/VAT situation. No VIES call here: the ID was checked when it was given
  // (and re-checked by billing.vies-recheck); one VIES rejected stays rejected.
  const decisions = new Map<string, Awaited<ReturnType<typeof decideTax>> | null>();
  const decisionFor = async (profile: (typeof billingProfiles.$inferSelect) | undefined) => {
    if (!profile?.country) return null;
    const vatId = profile.vatIdCheck?.status === "invalid" ? null : profile.vatId;
    const key = `${profile.country}|${profile.state ?? ""}|${vatId ?? ""}|${profile.taxExempt}`;
    if (!decisions.has(key)) {
      decisions.set(key, await decideTax({ billingCountry: profile.country, billingState: profile.state, vatId, taxExempt: profile.taxExempt, sellerCountry, viesLookup: offlineViesLookup, now }));
    }
    return decisions.get(key)!;
  };

  const day = (d: Date) => d.toISOString().slice(0, 10);
  const planned: Array<{ invoice: typeof invoices.$inferInsert; item: typeof invoiceItems.$inferInsert; charge: { serviceId: string; periodStart: Date } | null }> = [];
  for (const { service, productName } of plain) {
    const periodStart = (service.currentPeriodEnd ?? service.nextDueAt)!;
    const end = periodEnd(periodStart, service.cycle)!;
    const d = downgrades.get(service.id);
    const downgrade = d && d.effectiveAt && d.effectiveAt.getTime() <= periodStart.getTime() ? d : null;
    const billed = downgrade
      ? { amount: downgrade.price.amount, productId: downgrade.price.productId, priceId: downgrade.price.id, name: service.label && service.label !== productName ? service.label : downgrade.productName }
      : { amount: service.amount, productId: service.productId, priceId: service.priceId, name: service.label ?? productName };
    const profile = profiles.get(service.customerId);
    const decision = await decisionFor(profile);
    const t = computeLineTax(billed.amount, decision?.rate ?? null);
    const invoiceId = newId();
    planned.push({
      invoice: {
        id: invoiceId,
        customerId: service.customerId,
        organizationId: service.organizationId,
        kind: "renewal",
        status: "unpaid",
        currency: service.currency,
        subtotal: billed.amount,
        discount: 0,
        tax: t.tax,
        total: t.gross,
        taxInclusive: Boolean(decision?.rate?.inclusive),
        reverseCharge: decision?.reverseCharge ?? false,
        billingDetails: profile ? snapshotOf(profile) : null,
        notes: decision?.note ?? null,
        idempotencyKey: renewalKey(service.id, periodStart),
        issuedAt: now,
        dueAt: periodStart,
      },
      item: {
        invoiceId,
        kind: "service",
        serviceId: service.id,
        productId: billed.productId,
        priceId: billed.priceId,
        description: `${billed.name} (${CYCLE_LABELS[service.cycle]}, ${day(periodStart)} – ${day(end)})`,
        quantity: 1,
        unitAmount: billed.amount,
        discount: 0,
        amount: billed.amount,
        taxRateId: decision?.rate?.id ?? null,
        taxName: decision?.rate?.name ?? null,
        taxRateBps: t.rateBps,
        taxAmount: t.tax,
        total: t.gross,
        periodStart,
        periodEnd: end,
        sortOrder: 0,
      },
      charge: t.gross > 0 && service.paymentMethodId && stripeMethods.has(service.paymentMethodId) ? { serviceId: service.id, periodStart } : null,
    });
  }

  try {
    await db.transaction(async (tx) => {
      const numbers = await nextDocumentNumbers(tx, "INV", now, planned.length);
      planned.forEach((p, i) => (p.invoice.number = numbers[i]));
      for (let i = 0; i < planned.length; i += 100) {
        const chunk = planned.slice(i, i + 100);
        await tx.insert(invoices).values(chunk.map((p) => p.invoice));
        await tx.insert(invoiceItems).values(chunk.map((p) => p.item));
      }
      for (const p of planned) {
        if (!p.charge) continue;
        await chargeRenewalJob.enqueue(
          tx,
          { invoiceId: p.invoice.id!, serviceId: p.charge.serviceId, periodStart: p.charge.periodStart.getTime(), attempt: 1 },
          { uniqueKey: `charge:${p.invoice.id}:1`, runAt: p.charge.periodStart, maxAttempts: 3 },
        );
      }
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return { created: [], fallback: [...fallback, ...plain.map((r) => r.service.id)] };
  }
  return { created: planned.map((p) => p.invoice.id!), fallback };
}

/** Cancels a service now (terminated through provisioning) or at the end of its paid period. */
export async function cancelService(
  actor: AuditActor,
  serviceId: string,
  input: { when: "now" | "period_end"; reason?: string | null; customerId?: string },
  options: { now?: Date } = {},
): Promise<typeof services.$inferSelect> {
  const now = options.now ?? new Date();
  return billingDb().transaction(async (tx) => {
    const where = input.customerId ? and(eq(services.id, serviceId), eq(services.customerId, input.customerId)) : eq(services.id, serviceId);
    const [service] = await tx.select().from(services).where(where).limit(1);
    if (!service) throw notFound("Service not found");
    if (["cancelled", "terminated"].includes(service.status)) throw new AppError("CONFLICT", "This service is already cancelled.");
    let updated;
    // Pending plan changes end with the service (an unpaid upgrade invoice is cancelled with it).
    const changes = await tx.select().from(serviceChanges).where(and(eq(serviceChanges.serviceId, serviceId), eq(serviceChanges.status, "pending")));
    for (const change of changes) {
      await tx.update(serviceChanges).set({ status: "cancelled", cancelledAt: now }).where(eq(serviceChanges.id, change.id));
      if (change.invoiceId) await tx.update(invoices).set({ status: "cancelled", cancelledAt: now }).where(and(eq(invoices.id, change.invoiceId), inArray(invoices.status, ["unpaid", "overdue"]), eq(invoices.amountPaid, 0)));
    }
    if (input.when === "period_end" && service.currentPeriodEnd && service.currentPeriodEnd > now) {
      [updated] = await tx
        .update(services)
        .set({ cancelAtPeriodEnd: true, cancellationReason: input.reason ?? null })
        .where(eq(services.id, serviceId))
        .returning();
      // The renewal already issued for the next period is void, so its off-session charge (which re-checks the
      // invoice) charges nothing; "keep my service" lets the next automation run issue it again.
      await voidRenewalInvoice(tx, serviceId, service.currentPeriodEnd, now, "service cancelled at period end");
    } else {
      [updated] = await tx
        .update(services)
        .set({ status: "cancelled", cancelledAt: now, cancellationReason: input.reason ?? null, cancelAtPeriodEnd: false })
        .where(eq(services.id, serviceId))
        .returning();
      await enqueueProvisioning(tx, { serviceId, action: "terminate", key: `terminate:${serviceId}`, reason: input.reason ?? "cancelled", runAt: now });
      // Unpaid renewal invoices of the service are void: nothing more is owed for it.
      const open = await tx
        .select({ id: invoices.id })
        .from(invoices)
        .where(and(eq(invoices.kind, "renewal"), inArray(invoices.status, ["unpaid", "overdue"]), eq(invoices.amountPaid, 0), sql`exists (select 1 from invoice_items where invoice_items.invoice_id = ${invoices.id} and invoice_items.service_id = ${serviceId})`));
      if (open.length) await tx.update(invoices).set({ status: "cancelled", cancelledAt: now }).where(inArray(invoices.id, open.map((o) => o.id)));
    }
    await writeAudit(tx, auditLog, actor, {
      action: input.when === "now" ? "service.cancel" : "service.cancel_at_period_end",
      entityType: "service",
      entityId: serviceId,
      before: { status: service.status, cancelAtPeriodEnd: service.cancelAtPeriodEnd },
      after: { status: updated!.status, cancelAtPeriodEnd: updated!.cancelAtPeriodEnd, reason: input.reason ?? null },
    });
    return updated!;
  });
}

/** Undoes a pending period-end cancellation. */
export async function resumeService(actor: AuditActor, serviceId: string, options: { customerId?: string } = {}) {
  return billingDb().transaction(async (tx) => {
    const where = options.customerId ? and(eq(services.id, serviceId), eq(services.customerId, options.customerId)) : eq(services.id, serviceId);
    const [updated] = await tx
      .update(services)
      .set({ cancelAtPeriodEnd: false, cancellationReason: null })
      .where(and(where, eq(services.cancelAtPeriodEnd, true), inArray(services.status, ["active", "suspended"])))
      .returning();
    if (!updated) throw new AppError("CONFLICT", "This service has no pending cancellation.");
    await writeAudit(tx, auditLog, actor, { action: "service.resume", entityType: "service", entityId: serviceId, after: { cancelAtPeriodEnd: false } });
    return updated;
  });
}
