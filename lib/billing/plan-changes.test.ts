import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { auditLog, invoiceItems, invoices, jobs, paymentMethods, serviceChanges, services } from "@/db/billing/schema";
import { AppError } from "@/lib/errors";
import { createWorker } from "@/lib/jobs/worker";
import { registerProvisioningModule } from "@/lib/provisioning";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { addTaxRate, priceOf, setSetting, setupBillingDatabases, testClock } from "./__fixtures__/setup";
import { placeOrder } from "./checkout";
import { recordPayment } from "./invoices";
import { cancelPlanChange, listPlanOptions, previewPlanChange, prorate, requestPlanChange } from "./plan-changes";
import "./register-jobs";
import { cancelService, resumeService, runRenewals } from "./renewals";
import { changeServiceDueDate, staffSuspendService, staffUnsuspendService } from "./service-admin";
import { chargeSavedStripeMethod } from "@/lib/payments/stripe/gateway";

let temp: TempDatabases;
const clock = testClock(Date.parse("2026-12-01T12:00:00Z"));
const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };
const calls: Array<{ action: string; serviceId: string; deviceLimit?: unknown }> = [];
const customer = { id: "staff-1", email: "staff@example.test" };

registerProvisioningModule({
  name: "vpn",
  async activate(ctx) {
    calls.push({ action: "activate", serviceId: ctx.serviceId });
  },
  async suspend(ctx) {
    calls.push({ action: "suspend", serviceId: ctx.serviceId });
  },
  async unsuspend(ctx) {
    calls.push({ action: "unsuspend", serviceId: ctx.serviceId });
  },
  async terminate(ctx) {
    calls.push({ action: "terminate", serviceId: ctx.serviceId });
  },
  async changePackage(ctx) {
    calls.push({ action: "change_package", serviceId: ctx.serviceId, deviceLimit: ctx.productConfig.deviceLimit });
    await ctx.log("Change VPN plan", `Device limit ${String(ctx.productConfig.deviceLimit)}`);
  },
});

beforeAll(async () => {
  temp = await setupBillingDatabases();
  await setSetting("company.country", "GB");
  await addTaxRate({ name: "VAT", country: "GB", rateBps: 2000 });
});
afterAll(() => temp.cleanup());

const work = async () => {
  const worker = createWorker({ databases: ["billing", "ops"], schedules: false, clock, random: () => 0.5, logger: quietLogger });
  for (let i = 0; i < 8; i++) if ((await worker.runOnce()).claimed === 0) break;
};

let k = 0;
async function activeService(customerId: string, options: { slug?: string; country?: string } = {}) {
  const placed = await placeOrder(
    customerId,
    { currency: "USD", items: [{ productSlug: options.slug ?? "vpn-personal", cycle: "monthly", quantity: 1 }], billingCountry: options.country ?? "US" },
    { idempotencyKey: `plan-${++k}`, now: clock(), profile: { email: `${customerId}@example.test` } },
  );
  await recordPayment({ invoiceId: placed.invoice.id, gateway: "manual", gatewayRef: `m-${placed.invoice.id}`, amount: placed.invoice.total, currency: "USD" }, { now: clock() });
  await work();
  const [svc] = await billingDb().select().from(services).where(eq(services.orderId, placed.order.id));
  expect(svc!.status).toBe("active");
  return svc!;
}
const service = async (id: string) => (await billingDb().select().from(services).where(eq(services.id, id)))[0]!;
const invoice = async (id: string) => (await billingDb().select().from(invoices).where(eq(invoices.id, id)))[0]!;
const renewals = async (serviceId: string) => {
  const ids = (await billingDb().select({ id: invoiceItems.invoiceId }).from(invoiceItems).where(eq(invoiceItems.serviceId, serviceId))).map((r) => r.id);
  return (await billingDb().select().from(invoices).where(eq(invoices.kind, "renewal"))).filter((i) => ids.includes(i.id));
};
const audits = async (entityId: string) => (await billingDb().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, entityId))).map((a) => a.action);

describe("proration", () => {
  it("charges the price difference for whole days left, rounded once half away from zero", () => {
    const periodStart = new Date("2026-12-01T12:00:00Z");
    const periodEnd = new Date("2027-01-01T12:00:00Z"); // 31 days
    // 10 days and 1 hour in: 20 whole days (and 23 hours) left; the day in progress counts as used.
    const now = new Date("2026-12-11T13:00:00Z");
    expect(prorate({ oldAmount: 499, newAmount: 899, periodStart, periodEnd, now })).toEqual({ totalDays: 31, remainingDays: 20, amount: 258 }); // 8000/31 = 258.06
    expect(prorate({ oldAmount: 499, newAmount: 2499, periodStart, periodEnd, now })).toEqual({ totalDays: 31, remainingDays: 20, amount: 1290 }); // 40000/31 = 1290.32
    expect(prorate({ oldAmount: 899, newAmount: 499, periodStart, periodEnd, now }).amount).toBe(-258);
    // Exactly half a unit rounds away from zero in both directions.
    const twoDays = { periodStart: new Date("2027-01-01T00:00:00Z"), periodEnd: new Date("2027-01-03T00:00:00Z"), now: new Date("2027-01-02T00:00:00Z") };
    expect(prorate({ oldAmount: 100, newAmount: 201, ...twoDays }).amount).toBe(51); // 50.5
    expect(prorate({ oldAmount: 201, newAmount: 100, ...twoDays }).amount).toBe(-51);
    // Nothing left, nothing owed; the whole period left, the whole difference.
    expect(prorate({ oldAmount: 499, newAmount: 899, periodStart, periodEnd, now: periodEnd }).amount).toBe(0);
    expect(prorate({ oldAmount: 499, newAmount: 899, periodStart, periodEnd, now: periodStart })).toEqual({ totalDays: 31, remainingDays: 31, amount: 400 });
  });
});

describe("upgrades", () => {
  it("previews, charges the difference through an invoice, applies on payment and tells the module; a pending one can be cancelled", async () => {
    clock.set(Date.parse("2026-12-01T12:00:00Z"));
    const svc = await activeService("up-1");
    const family = await priceOf("vpn-family", "monthly", "USD");
    const business = await priceOf("vpn-business", "monthly", "USD");
    expect((await listPlanOptions("up-1", svc.id)).map((o) => [o.name, o.amount, o.kind])).toEqual([
      ["Family", 899, "upgrade"],
      ["Business", 2499, "upgrade"],
    ]);
    // Another customer sees no options and cannot preview.
    expect(await listPlanOptions("someone-else", svc.id)).toEqual([]);
    await expect(previewPlanChange("someone-else", svc.id, family.id)).rejects.toMatchObject({ code: "NOT_FOUND" });

    clock.set(Date.parse("2026-12-11T13:00:00Z"));
    const preview = await previewPlanChange("up-1", svc.id, family.id, { now: clock() });
    expect(preview).toMatchObject({ kind: "upgrade", fromName: "Personal", toName: "Family", oldAmount: 499, newAmount: 899, totalDays: 31, remainingDays: 20, proration: 258, tax: 0, dueNow: 258 });

    // Requested, then withdrawn before paying: its invoice is cancelled and nothing changes (Paymenter#1266).
    const first = await requestPlanChange({ id: "up-1", email: "up-1@example.test" }, "up-1", svc.id, family.id, { now: clock() });
    expect(first.change.status).toBe("pending");
    expect(await invoice(first.invoiceId!)).toMatchObject({ kind: "upgrade", status: "unpaid", total: 258, currency: "USD" });
    await expect(requestPlanChange({ id: "up-1", email: "" }, "up-1", svc.id, business.id, { now: clock() })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(cancelPlanChange({ id: "x", email: "" }, first.change.id, { customerId: "someone-else" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await cancelPlanChange({ id: "up-1", email: "up-1@example.test" }, first.change.id, { customerId: "up-1", now: clock() });
    expect((await invoice(first.invoiceId!)).status).toBe("cancelled");
    expect((await service(svc.id)).amount).toBe(499);

    // Requested again and paid: the service moves to Family now, the due date stays, the module gets the new limit.
    const second = await requestPlanChange({ id: "up-1", email: "up-1@example.test" }, "up-1", svc.id, family.id, { now: clock() });
    const [item] = await billingDb().select().from(invoiceItems).where(eq(invoiceItems.invoiceId, second.invoiceId!));
    expect(item).toMatchObject({ kind: "proration", serviceId: svc.id, unitAmount: 258, total: 258 });
    expect(item!.description).toBe("Upgrade Personal → Family (monthly): 20 of 31 days left, 2026-12-11 – 2027-01-01");
    await recordPayment({ invoiceId: second.invoiceId!, gateway: "manual", gatewayRef: `m-${second.invoiceId}`, amount: 258, currency: "USD" }, { now: clock() });
    await work();
    const after = await service(svc.id);
    expect(after).toMatchObject({ productId: family.productId, priceId: family.id, amount: 899 });
    expect(after.nextDueAt!.toISOString()).toBe(svc.nextDueAt!.toISOString());
    expect((await billingDb().select().from(serviceChanges).where(eq(serviceChanges.id, second.change.id)))[0]!.status).toBe("applied");
    expect(calls.filter((c) => c.serviceId === svc.id && c.action === "change_package")).toEqual([{ action: "change_package", serviceId: svc.id, deviceLimit: 10 }]);
    expect(await audits(svc.id)).toEqual(expect.arrayContaining(["service.upgrade_requested", "service.upgrade_cancelled", "service.upgrade_applied"]));
    // The next renewal bills the new price.
    clock.set(Date.parse("2026-12-25T12:00:00Z"));
    await runRenewals({ now: clock() });
    expect((await renewals(svc.id)).map((i) => i.total)).toEqual([899]);
  });

  it("taxes the proration like any line (20 % VAT on 258 = 52, rounded once)", async () => {
    clock.set(Date.parse("2026-12-01T12:00:00Z"));
    const svc = await activeService("up-vat", { country: "GB" });
    const family = await priceOf("vpn-family", "monthly", "USD");
    clock.set(Date.parse("2026-12-11T13:00:00Z"));
    const preview = await previewPlanChange("up-vat", svc.id, family.id, { now: clock() });
    expect(preview).toMatchObject({ proration: 258, tax: 52, taxName: "VAT", taxRateBps: 2000, dueNow: 310 });
  });
});

describe("downgrades", () => {
  it("take effect at the next renewal as a pending change the customer can cancel; the module disables devices then", async () => {
    clock.set(Date.parse("2026-12-01T12:00:00Z"));
    const svc = await activeService("down-1", { slug: "vpn-family" });
    const personal = await priceOf("vpn-personal", "monthly", "USD");
    clock.set(Date.parse("2026-12-11T13:00:00Z"));
    const preview = await previewPlanChange("down-1", svc.id, personal.id, { now: clock() });
    expect(preview).toMatchObject({ kind: "downgrade", proration: 0, dueNow: 0, newAmount: 499 });
    expect(preview.effectiveAt.toISOString()).toBe("2027-01-01T12:00:00.000Z");

    const first = await requestPlanChange({ id: "down-1", email: "" }, "down-1", svc.id, personal.id, { now: clock() });
    expect(first.invoiceId).toBeNull();
    await cancelPlanChange({ id: "down-1", email: "" }, first.change.id, { customerId: "down-1", now: clock() });
    const second = await requestPlanChange({ id: "down-1", email: "" }, "down-1", svc.id, personal.id, { now: clock() });
    expect((await service(svc.id)).amount).toBe(899);

    // The renewal for the new period bills the lower price; the plan itself changes only when that period starts.
    clock.set(Date.parse("2026-12-25T12:00:00Z"));
    await runRenewals({ now: clock() });
    const [renewal] = await renewals(svc.id);
    expect(renewal).toMatchObject({ total: 499 });
    expect((await billingDb().select().from(invoiceItems).where(eq(invoiceItems.invoiceId, renewal!.id)))[0]!.description).toBe("Personal (monthly, 2027-01-01 – 2027-02-01)");
    expect((await service(svc.id)).amount).toBe(899);
    await recordPayment({ invoiceId: renewal!.id, gateway: "manual", gatewayRef: `m-${renewal!.id}`, amount: 499, currency: "USD" }, { now: clock() });
    await work();
    expect(calls.filter((c) => c.serviceId === svc.id && c.action === "change_package")).toEqual([]);

    clock.set(Date.parse("2027-01-01T12:30:00Z"));
    const run = await runRenewals({ now: clock() });
    expect(run.changesApplied).toEqual([second.change.id]);
    expect((await runRenewals({ now: clock() })).changesApplied).toEqual([]);
    await work();
    expect(await service(svc.id)).toMatchObject({ productId: personal.productId, amount: 499 });
    expect(calls.filter((c) => c.serviceId === svc.id && c.action === "change_package")).toEqual([{ action: "change_package", serviceId: svc.id, deviceLimit: 3 }]);
  });

  it("requested after the renewal was issued, re-issues that renewal at the new price (and back when withdrawn)", async () => {
    clock.set(Date.parse("2026-12-01T12:00:00Z"));
    const svc = await activeService("down-2", { slug: "vpn-family" });
    const personal = await priceOf("vpn-personal", "monthly", "USD");
    clock.set(Date.parse("2026-12-26T12:00:00Z"));
    await runRenewals({ now: clock() });
    expect((await renewals(svc.id)).map((i) => [i.total, i.status])).toEqual([[899, "unpaid"]]);
    const change = await requestPlanChange({ id: "down-2", email: "" }, "down-2", svc.id, personal.id, { now: clock() });
    await runRenewals({ now: clock() });
    expect((await renewals(svc.id)).map((i) => [i.total, i.status]).sort()).toEqual([[499, "unpaid"], [899, "cancelled"]]);
    await cancelPlanChange({ id: "down-2", email: "" }, change.change.id, { customerId: "down-2", now: clock() });
    await runRenewals({ now: clock() });
    expect((await renewals(svc.id)).filter((i) => i.status === "unpaid").map((i) => i.total)).toEqual([899]);
  });
});

describe("staff service actions and customer cancellation", () => {
  it("suspend and unsuspend go through the provisioning module and are audited; a payment does not lift a staff suspension", async () => {
    clock.set(Date.parse("2026-12-01T12:00:00Z"));
    const svc = await activeService("staff-svc");
    await staffSuspendService(customer, svc.id, { reason: "abuse report" }, { now: clock() });
    await expect(staffUnsuspendService(customer, svc.id)).rejects.toMatchObject({ code: "CONFLICT" }); // not suspended yet: the run has not happened
    await work();
    expect(await service(svc.id)).toMatchObject({ status: "suspended", suspensionReason: "staff" });
    expect(calls.filter((c) => c.serviceId === svc.id).map((c) => c.action)).toEqual(["activate", "suspend"]);
    await expect(staffSuspendService(customer, svc.id, {})).rejects.toBeInstanceOf(AppError);
    // Paying the renewal does not lift a suspension staff made (only an overdue one).
    clock.set(Date.parse("2026-12-26T12:00:00Z"));
    await runRenewals({ now: clock() });
    const [renewal] = await renewals(svc.id);
    await recordPayment({ invoiceId: renewal!.id, gateway: "manual", gatewayRef: `m-${renewal!.id}`, amount: renewal!.total, currency: "USD" }, { now: clock() });
    await work();
    expect((await service(svc.id)).status).toBe("suspended");
    await staffUnsuspendService(customer, svc.id, { now: clock() });
    await work();
    expect(await service(svc.id)).toMatchObject({ status: "active", suspensionReason: null });
    expect(calls.filter((c) => c.serviceId === svc.id).map((c) => c.action)).toEqual(["activate", "suspend", "unsuspend"]);
    const rows = await billingDb().select().from(auditLog).where(and(eq(auditLog.entityId, svc.id), eq(auditLog.actorId, customer.id)));
    expect(rows.map((r) => r.action).sort()).toEqual(["service.suspend", "service.unsuspend"]);
  });

  it("moves the next due date, re-issuing an unpaid renewal for the new date", async () => {
    clock.set(Date.parse("2026-12-01T12:00:00Z"));
    const svc = await activeService("due-1");
    clock.set(Date.parse("2026-12-26T12:00:00Z"));
    await runRenewals({ now: clock() });
    expect((await renewals(svc.id)).map((i) => i.status)).toEqual(["unpaid"]);
    await expect(changeServiceDueDate(customer, svc.id, new Date("2026-12-01T00:00:00Z"), { now: clock() })).rejects.toMatchObject({ code: "VALIDATION" });
    await changeServiceDueDate(customer, svc.id, new Date("2027-01-15T12:00:00Z"), { now: clock() });
    expect((await service(svc.id)).nextDueAt!.toISOString()).toBe("2027-01-15T12:00:00.000Z");
    expect((await renewals(svc.id)).map((i) => i.status)).toEqual(["cancelled"]);
    clock.set(Date.parse("2027-01-08T12:00:00Z"));
    await runRenewals({ now: clock() });
    const open = (await renewals(svc.id)).filter((i) => i.status === "unpaid");
    expect(open.map((i) => i.dueAt!.toISOString())).toEqual(["2027-01-15T12:00:00.000Z"]);
    expect(await audits(svc.id)).toContain("service.change_due_date");
  });

  it("a customer's cancellation at period end voids the issued renewal and stops the off-session charge; keeping it re-issues", async () => {
    clock.set(Date.parse("2026-12-01T12:00:00Z"));
    const svc = await activeService("cancel-1");
    // A saved card on the service, as after a Stripe checkout.
    const [pm] = await billingDb()
      .insert(paymentMethods)
      .values({ customerId: "cancel-1", gateway: "stripe", gatewayCustomerRef: "cus_x", gatewayMethodRef: "pm_cancel_1", type: "card", status: "active" })
      .returning();
    await billingDb().update(services).set({ paymentMethodId: pm!.id }).where(eq(services.id, svc.id));
    clock.set(Date.parse("2026-12-26T12:00:00Z"));
    await runRenewals({ now: clock() });
    const [renewal] = await renewals(svc.id);
    expect(renewal!.status).toBe("unpaid");
    expect((await billingDb().select().from(jobs).where(eq(jobs.uniqueKey, `charge:${renewal!.id}:1`))).length).toBe(1);

    await cancelService({ id: "cancel-1", email: "" }, svc.id, { when: "period_end", customerId: "cancel-1" }, { now: clock() });
    expect((await invoice(renewal!.id)).status).toBe("cancelled");
    // The queued charge finds nothing to charge (and would refuse an ending service anyway).
    expect(await chargeSavedStripeMethod({ invoiceId: renewal!.id, serviceId: svc.id, periodStart: svc.currentPeriodEnd!, attempt: 1, now: clock() })).toMatchObject({ outcome: "skipped" });
    expect((await runRenewals({ now: clock() })).created).toEqual([]);

    await resumeService({ id: "cancel-1", email: "" }, svc.id, { customerId: "cancel-1" });
    expect((await runRenewals({ now: clock() })).created).toHaveLength(1);
    // At period end a cancelled service is terminated through the module.
    await cancelService({ id: "cancel-1", email: "" }, svc.id, { when: "period_end", customerId: "cancel-1" }, { now: clock() });
    clock.set(Date.parse("2027-01-01T13:00:00Z"));
    expect((await runRenewals({ now: clock() })).terminated).toEqual([svc.id]);
    await work();
    expect((await service(svc.id)).status).toBe("terminated");
  });
});
