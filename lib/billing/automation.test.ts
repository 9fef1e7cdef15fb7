import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, like } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { coupons, dunningSteps, invoiceItems, invoices, jobs, paymentFailures, paymentMethods, services } from "@/db/billing/schema";
import { opsDb } from "@/db/ops/client";
import { emailOutbox } from "@/db/ops/schema";
import { resetEnvCache } from "@/lib/env";
import { createWorker } from "@/lib/jobs/worker";
import { registerProvisioningModule } from "@/lib/provisioning";
import { resetStripeClients } from "@/lib/payments/stripe/client";
import { startFakeStripe, type FakeStripe } from "@/lib/payments/testing/stripe-server";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { DAY, setupBillingDatabases, testClock } from "./__fixtures__/setup";
import { placeOrder } from "./checkout";
import { dunningSchedule, runDunning } from "./dunning";
import { recordPayment } from "./invoices";
import "./register-jobs";
import { cancelService, resumeService, runRenewals } from "./renewals";
import { DEFAULT_BILLING_SETTINGS } from "./settings";

let temp: TempDatabases;
let fake: FakeStripe;
const clock = testClock(Date.parse("2026-12-01T12:00:00Z"));
const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };
const moduleCalls: string[] = [];

registerProvisioningModule({
  name: "vpn",
  async activate(ctx) {
    moduleCalls.push(`activate:${ctx.serviceId}`);
    await ctx.log("activate", "on");
  },
  async suspend(ctx) {
    moduleCalls.push(`suspend:${ctx.serviceId}`);
    await ctx.log("suspend", "off");
  },
  async unsuspend(ctx) {
    moduleCalls.push(`unsuspend:${ctx.serviceId}`);
    await ctx.log("unsuspend", "on");
  },
  async terminate(ctx) {
    moduleCalls.push(`terminate:${ctx.serviceId}`);
    await ctx.log("terminate", "gone");
  },
  async changePackage() {},
});

beforeAll(async () => {
  temp = await setupBillingDatabases();
  fake = await startFakeStripe({ secretKey: "sk_test_auto" });
  Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_auto", STRIPE_WEBHOOK_SECRET: "whsec_auto", STRIPE_API_BASE: fake.url });
  resetEnvCache();
  resetStripeClients();
});
afterAll(async () => {
  await fake.close();
  for (const k of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE"]) delete process.env[k];
  resetEnvCache();
  temp.cleanup();
});

const work = async () => {
  const worker = createWorker({ databases: ["billing", "ops"], schedules: false, clock, random: () => 0.5, logger: quietLogger });
  for (let i = 0; i < 6; i++) if ((await worker.runOnce()).claimed === 0) break;
};

let k = 0;
async function activeService(customerId: string, options: { couponCode?: string; cycle?: "monthly" | "yearly" } = {}) {
  const placed = await placeOrder(
    customerId,
    { currency: "USD", items: [{ productSlug: "vpn-personal", cycle: options.cycle ?? "monthly", quantity: 1 }], billingCountry: "US", couponCode: options.couponCode },
    { idempotencyKey: `auto-${++k}`, now: clock(), profile: { email: `${customerId}@example.test` } },
  );
  if (placed.invoice.total > 0) {
    await recordPayment({ invoiceId: placed.invoice.id, gateway: "manual", gatewayRef: `m-${placed.invoice.id}`, amount: placed.invoice.total, currency: "USD" }, { now: clock() });
  }
  await work();
  const [svc] = await billingDb().select().from(services).where(eq(services.orderId, placed.order.id));
  expect(svc!.status).toBe("active");
  return svc!;
}

const service = async (id: string) => (await billingDb().select().from(services).where(eq(services.id, id)))[0]!;
const renewalInvoices = async (serviceId: string) => {
  const items = await billingDb().select({ invoiceId: invoiceItems.invoiceId }).from(invoiceItems).where(eq(invoiceItems.serviceId, serviceId));
  const ids = items.map((i) => i.invoiceId);
  return (await billingDb().select().from(invoices).where(eq(invoices.kind, "renewal"))).filter((i) => ids.includes(i.id));
};
const dunningEmails = async (customerId: string) =>
  (await opsDb().select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, `${customerId}@example.test`), like(emailOutbox.template, "billing.dunning.%")))).map((e) => e.template);

describe("renewals", () => {
  it("issues one renewal invoice per period N days before it is due, however often it runs", async () => {
    clock.set(Date.parse("2026-12-01T12:00:00Z"));
    const svc = await activeService("ren-1");
    expect(svc.currentPeriodEnd!.toISOString()).toBe("2027-01-01T12:00:00.000Z");
    clock.set(Date.parse("2026-12-24T11:00:00Z")); // 8 days before
    expect((await runRenewals({ now: clock() })).created).toEqual([]);
    clock.set(Date.parse("2026-12-25T12:00:00Z")); // 7 days before
    const runs = await Promise.all([runRenewals({ now: clock() }), runRenewals({ now: clock() }), runRenewals({ now: clock() })]);
    expect(runs.flatMap((r) => r.created)).toHaveLength(1);
    clock.advance(3600_000);
    expect((await runRenewals({ now: clock() })).created).toEqual([]);
    const [inv] = await renewalInvoices(svc.id);
    expect(inv).toMatchObject({ status: "unpaid", total: 499, idempotencyKey: `renewal:${svc.id}:${Date.parse("2027-01-01T12:00:00Z")}` });
    expect(inv!.dueAt!.toISOString()).toBe("2027-01-01T12:00:00.000Z");
    const [item] = await billingDb().select().from(invoiceItems).where(eq(invoiceItems.invoiceId, inv!.id));
    expect(item!.periodStart!.toISOString()).toBe("2027-01-01T12:00:00.000Z");
    expect(item!.periodEnd!.toISOString()).toBe("2027-02-01T12:00:00.000Z");
    expect(item!.description).toBe("Personal (monthly, 2027-01-01 – 2027-02-01)");

    // Paid: the period moves on and the next renewal is for the next period, once.
    await recordPayment({ invoiceId: inv!.id, gateway: "manual", gatewayRef: `m-${inv!.id}`, amount: 499, currency: "USD" }, { now: clock() });
    await work();
    expect((await service(svc.id)).currentPeriodEnd!.toISOString()).toBe("2027-02-01T12:00:00.000Z");
    clock.set(Date.parse("2027-01-25T12:00:00Z"));
    expect((await runRenewals({ now: clock() })).created).toHaveLength(1);
    expect((await runRenewals({ now: clock() })).created).toHaveLength(0);
    expect(await renewalInvoices(svc.id)).toHaveLength(2);
  });

  it("keeps discounting a repeating coupon for its cycles only", async () => {
    clock.set(Date.parse("2026-12-01T12:00:00Z"));
    await billingDb().insert(coupons).values({ code: "TWOMONTHS", discountType: "percent", percentBps: 5000, duration: "repeating", durationCycles: 2 });
    const svc = await activeService("ren-coupon", { couponCode: "TWOMONTHS" });
    const totals: number[] = [];
    for (const month of ["2026-12-25", "2027-01-25", "2027-02-22"]) {
      clock.set(Date.parse(`${month}T12:00:00Z`));
      await runRenewals({ now: clock() });
      const latest = (await renewalInvoices(svc.id)).sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime()).at(-1)!;
      totals.push(latest.total);
      await recordPayment({ invoiceId: latest.id, gateway: "manual", gatewayRef: `m-${latest.id}`, amount: latest.total, currency: "USD" }, { now: clock() });
      await work();
    }
    // First invoice used cycle 1 (at checkout); the first renewal is cycle 2; then full price.
    expect(totals).toEqual([249, 499, 499]); // 499 − 250 (249.5 rounded half up)
  });

  it("charges the saved card on the due date, retries a decline after the configured days, and records each failure", async () => {
    clock.set(Date.parse("2026-12-01T12:00:00Z"));
    const svc = await activeService("ren-card");
    const [method] = await billingDb()
      .insert(paymentMethods)
      .values({ customerId: "ren-card", gateway: "stripe", gatewayCustomerRef: "cus_saved", gatewayMethodRef: "pm_saved", type: "card", isDefault: true })
      .returning();
    await billingDb().update(services).set({ paymentMethodId: method!.id }).where(eq(services.id, svc.id));
    fake.declines.set("pm_saved", "card_declined");
    clock.set(Date.parse("2026-12-25T12:00:00Z"));
    await runRenewals({ now: clock() });
    const [inv] = await renewalInvoices(svc.id);
    await work(); // not due yet: the charge job waits for the due date
    expect(await billingDb().select().from(paymentFailures).where(eq(paymentFailures.invoiceId, inv!.id))).toHaveLength(0);
    clock.set(Date.parse("2027-01-01T12:00:01Z"));
    await work();
    let failures = await billingDb().select().from(paymentFailures).where(eq(paymentFailures.invoiceId, inv!.id));
    expect(failures).toEqual([expect.objectContaining({ code: "card_declined", attempt: 1 })]);
    expect(failures[0]!.nextRetryAt!.toISOString()).toBe("2027-01-02T12:00:00.000Z");
    fake.declines.clear();
    clock.set(Date.parse("2027-01-02T12:00:01Z"));
    await work();
    const [paid] = await billingDb().select().from(invoices).where(eq(invoices.id, inv!.id));
    expect(paid).toMatchObject({ status: "paid", amountPaid: 499 });
    failures = await billingDb().select().from(paymentFailures).where(eq(paymentFailures.invoiceId, inv!.id));
    expect(failures.every((f) => f.resolvedAt)).toBe(true);
    const keys = fake.requests.filter((r) => r.path === "/v1/payment_intents" && r.method === "POST").map((r) => r.idempotencyKey);
    const periodStart = Date.parse("2027-01-01T12:00:00Z");
    expect(keys).toEqual([`renewal:${svc.id}:${periodStart}`, `renewal:${svc.id}:${periodStart}:retry-2`]);
    const chargeJobs = await billingDb().select().from(jobs).where(eq(jobs.type, "billing.charge-renewal"));
    expect(chargeJobs.map((j) => j.uniqueKey).sort()).toEqual([`charge:${inv!.id}:1`, `charge:${inv!.id}:2`]);
  });

  it("cancels at period end (no renewal, terminated when the period ends) or at once", async () => {
    clock.set(Date.parse("2026-12-01T12:00:00Z"));
    const a = await activeService("ren-cancel-a");
    const b = await activeService("ren-cancel-b");
    const actor = { id: "ren-cancel-a" };
    await cancelService(actor, a.id, { when: "period_end", reason: "moving", customerId: "ren-cancel-a" }, { now: clock() });
    await expect(cancelService(actor, b.id, { when: "now", customerId: "ren-cancel-a" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    clock.set(Date.parse("2026-12-26T12:00:00Z"));
    const run = await runRenewals({ now: clock() });
    expect(await renewalInvoices(a.id)).toHaveLength(0);
    expect(run.created.length).toBeGreaterThanOrEqual(1); // b renews
    const bInvoice = (await renewalInvoices(b.id))[0]!;
    // Resume and cancel again, then let the period run out.
    await resumeService(actor, a.id, { customerId: "ren-cancel-a" });
    await cancelService(actor, a.id, { when: "period_end" }, { now: clock() });
    clock.set(Date.parse("2027-01-01T12:00:01Z"));
    expect((await runRenewals({ now: clock() })).terminated).toEqual([a.id]);
    await work();
    expect(await service(a.id)).toMatchObject({ status: "terminated" });
    expect(moduleCalls).toContain(`terminate:${a.id}`);

    await cancelService({ id: "staff" }, b.id, { when: "now", reason: "fraud" }, { now: clock() });
    await work();
    expect(await service(b.id)).toMatchObject({ status: "terminated", cancellationReason: "fraud" });
    expect((await billingDb().select().from(invoices).where(eq(invoices.id, bInvoice.id)))[0]!.status).toBe("cancelled");
  });
});

describe("dunning", () => {
  it("sends each reminder once, suspends after the overdue days, and unsuspends on payment", async () => {
    clock.set(Date.parse("2026-12-01T12:00:00Z"));
    const svc = await activeService("dun-1");
    clock.set(Date.parse("2026-12-25T12:00:00Z"));
    await runRenewals({ now: clock() });
    const [inv] = await renewalInvoices(svc.id);
    const due = inv!.dueAt!.getTime();
    // Run the job every 6 hours for 12 days, twice each time.
    for (let t = due - 7 * DAY; t <= due + 12 * DAY; t += 6 * 3600_000) {
      clock.set(t);
      await runDunning({ now: clock() });
      await runDunning({ now: clock() });
      await work();
    }
    expect(await dunningEmails("dun-1")).toEqual([
      "billing.dunning.before_due",
      "billing.dunning.due",
      "billing.dunning.overdue_1",
      "billing.dunning.overdue_3",
      "billing.dunning.overdue_7",
      "billing.dunning.suspension_warning",
      "billing.dunning.suspended",
    ]);
    const steps = await billingDb().select().from(dunningSteps).where(eq(dunningSteps.invoiceId, inv!.id));
    expect(steps).toHaveLength(7);
    expect(steps.every((s) => s.emailId)).toBe(true);
    expect(await service(svc.id)).toMatchObject({ status: "suspended", suspensionReason: "overdue" });
    expect((await billingDb().select().from(invoices).where(eq(invoices.id, inv!.id)))[0]!.status).toBe("overdue");
    expect(moduleCalls.filter((c) => c === `suspend:${svc.id}`)).toHaveLength(1);

    await recordPayment({ invoiceId: inv!.id, gateway: "manual", gatewayRef: `late-${inv!.id}`, amount: inv!.total, currency: "USD" }, { now: clock() });
    await work();
    expect(await service(svc.id)).toMatchObject({ status: "active", suspensionReason: null });
    expect(moduleCalls.filter((c) => c === `unsuspend:${svc.id}`)).toHaveLength(1);
    // Paid invoices dun no more.
    clock.advance(30 * DAY);
    await runDunning({ now: clock() });
    expect(await billingDb().select().from(dunningSteps).where(eq(dunningSteps.invoiceId, inv!.id))).toHaveLength(7);
  });

  it("after a long gap records every missed step but emails only the latest, and terminates at the end", async () => {
    clock.set(Date.parse("2026-12-01T12:00:00Z"));
    const svc = await activeService("dun-2");
    clock.set(Date.parse("2026-12-25T12:00:00Z"));
    await runRenewals({ now: clock() });
    const [inv] = await renewalInvoices(svc.id);
    clock.set(inv!.dueAt!.getTime() + 4 * DAY);
    const first = await runDunning({ now: clock() });
    expect(first.steps.map((s) => [s.step, s.emailed])).toEqual([
      ["before_due", false],
      ["due", false],
      ["overdue_1", false],
      ["overdue_3", true],
    ]);
    await work();
    expect(await dunningEmails("dun-2")).toEqual(["billing.dunning.overdue_3"]);
    clock.set(inv!.dueAt!.getTime() + 31 * DAY);
    await runDunning({ now: clock() });
    await work();
    expect(await service(svc.id)).toMatchObject({ status: "terminated" });
    expect((await billingDb().select().from(invoices).where(eq(invoices.id, inv!.id)))[0]!.status).toBe("cancelled");
    expect(await dunningEmails("dun-2")).toEqual(["billing.dunning.overdue_3", "billing.dunning.terminated"]);
  });

  it("schedules steps from the settings", () => {
    const due = new Date("2027-01-10T00:00:00Z");
    const s = dunningSchedule(due, DEFAULT_BILLING_SETTINGS).map((x) => [x.step, (x.at.getTime() - due.getTime()) / DAY]);
    expect(s).toEqual([
      ["before_due", -3],
      ["due", 0],
      ["overdue_1", 1],
      ["overdue_3", 3],
      ["overdue_7", 7],
      ["suspension_warning", 8],
      ["suspended", 10],
      ["terminated", 30],
    ]);
  });
});
