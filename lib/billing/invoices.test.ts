import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import path from "node:path";
import { billingDb } from "@/db/billing/client";
import { auditLog, invoices, jobs, orders, paymentFailures, payments, reconciliationFlags, services } from "@/db/billing/schema";
import { opsDb } from "@/db/ops/client";
import { emailOutbox } from "@/db/ops/schema";
import { spawnTsx } from "@/lib/jobs/__fixtures__/setup";
import { createWorker } from "@/lib/jobs/worker";
import { registerProvisioningModule } from "@/lib/provisioning";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { setupBillingDatabases, testClock } from "./__fixtures__/setup";
import { placeOrder } from "./checkout";
import { cancelInvoice, createInvoice, issueCreditNote, issueInvoice, markOverdueInvoices, recordPayment } from "./invoices";
import "./jobs";

let temp: TempDatabases;
const clock = testClock(Date.parse("2026-11-22T09:00:00Z"));
const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };
const activations: string[] = [];

// Stand-in for the VPN module (the real one is wired in by the lead).
registerProvisioningModule({
  name: "vpn",
  async activate(ctx) {
    activations.push(ctx.serviceId);
    await ctx.log("activate", `VPN for ${ctx.productConfig.deviceLimit} devices`);
  },
  async suspend(ctx) {
    await ctx.log("suspend", "disabled");
  },
  async unsuspend(ctx) {
    await ctx.log("unsuspend", "enabled");
  },
  async terminate() {},
  async changePackage() {},
});

beforeAll(async () => {
  temp = await setupBillingDatabases();
});
afterAll(() => temp.cleanup());

const manual = (customerId: string, now: Date, total = 1000, currency = "USD") => ({
  customerId,
  kind: "manual" as const,
  currency,
  dueAt: new Date(now.getTime() + 7 * 86_400_000),
  now,
  items: [{ description: "Consulting", quantity: 1, unitAmount: total, amount: total, total }],
});

describe("invoice numbering", () => {
  it("is gap-free and unique under 50 concurrent issues, here and in two other processes", async () => {
    const now = new Date("2026-06-01T00:00:00Z");
    const children = [spawnTsx(path.resolve("lib/billing/__fixtures__/issue-invoices-child.ts"), ["25", "p1"]), spawnTsx(path.resolve("lib/billing/__fixtures__/issue-invoices-child.ts"), ["25", "p2"])];
    const local = await Promise.all(
      Array.from({ length: 50 }, (_, i) => billingDb().transaction((tx) => createInvoice(tx, manual(`n-${i}`, now)).then((inv) => inv.number!))),
    );
    const remote: string[] = [];
    for (const child of children) {
      const line = await child.waitForLine("NUMBERS", 60_000);
      remote.push(...(JSON.parse(line.slice(line.indexOf("["))) as string[]));
      await child.exited;
    }
    const all = [...local, ...remote];
    expect(all).toHaveLength(100);
    expect(new Set(all).size).toBe(100);
    const ns = all.map((n) => Number(/^INV-2026-(\d{6})$/.exec(n)![1])).sort((a, b) => a - b);
    expect(ns).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it("leaves no gap when the issuing transaction rolls back, and restarts each year", async () => {
    const now = new Date("2026-06-02T00:00:00Z");
    await expect(
      billingDb().transaction(async (tx) => {
        await createInvoice(tx, manual("rollback", now));
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const next = await billingDb().transaction((tx) => createInvoice(tx, manual("after-rollback", now)));
    expect(next.number).toBe("INV-2026-000101");
    const newYear = await billingDb().transaction((tx) => createInvoice(tx, manual("ny", new Date("2027-01-01T00:00:00Z"))));
    expect(newYear.number).toBe("INV-2027-000001");
  });

  it("numbers drafts only when they are issued", async () => {
    const now = new Date("2026-06-03T00:00:00Z");
    const draft = await billingDb().transaction((tx) => createInvoice(tx, { ...manual("draft", now), issue: false }));
    expect(draft).toMatchObject({ number: null, status: "draft", issuedAt: null });
    const issued = await issueInvoice(draft.id, { now });
    expect(issued).toMatchObject({ number: "INV-2026-000102", status: "unpaid" });
    await expect(issueInvoice(draft.id, { now })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("numbers credit notes in their own series", async () => {
    const now = new Date("2026-06-04T00:00:00Z");
    const inv = await billingDb().transaction((tx) => createInvoice(tx, manual("cn", now)));
    const a = await billingDb().transaction((tx) => issueCreditNote(tx, { invoiceId: inv.id, customerId: "cn", currency: "USD", subtotal: 500, now }));
    const b = await billingDb().transaction((tx) => issueCreditNote(tx, { invoiceId: inv.id, customerId: "cn", currency: "USD", subtotal: 500, tax: 100, now }));
    expect([a.number, b.number]).toEqual(["CN-2026-000001", "CN-2026-000002"]);
    expect(b.total).toBe(600);
  });

  it("refuses items whose amounts do not add up", async () => {
    const now = new Date("2026-06-05T00:00:00Z");
    await expect(
      billingDb().transaction((tx) =>
        createInvoice(tx, { ...manual("bad", now), items: [{ description: "x", quantity: 2, unitAmount: 100, amount: 150, total: 150 }] }),
      ),
    ).rejects.toThrow(/amount 150/);
    await expect(
      billingDb().transaction((tx) => createInvoice(tx, { ...manual("bad", now), items: [{ description: "x", quantity: 1, unitAmount: 0.5, amount: 0.5, total: 0.5 }] })),
    ).rejects.toThrow(/integer/);
  });
});

describe("recordPayment", () => {
  it("marks the invoice paid in one transaction, enqueues one activation job, and ignores duplicates", async () => {
    const now = clock();
    const inv = await billingDb().transaction((tx) => createInvoice(tx, manual("pay-1", now, 2500)));
    const input = { invoiceId: inv.id, gateway: "stripe" as const, gatewayRef: "pi_1", amount: 2500, currency: "usd" };
    const first = await recordPayment(input, { now });
    expect(first).toMatchObject({ outcome: "applied", invoicePaid: true, invoice: { status: "paid", amountPaid: 2500 } });
    const results = await Promise.all([1, 2, 3].map(() => recordPayment(input, { now })));
    expect(results.map((r) => r.outcome)).toEqual(["duplicate", "duplicate", "duplicate"]);
    expect(await billingDb().select().from(payments).where(eq(payments.invoiceId, inv.id))).toHaveLength(1);
    const paidJobs = await billingDb().select().from(jobs).where(eq(jobs.uniqueKey, `invoice-paid:${inv.id}`));
    expect(paidJobs).toHaveLength(1);
  });

  it("holds a payment in the wrong currency or amount with a reconciliation flag, not applying it", async () => {
    const now = clock();
    const inv = await billingDb().transaction((tx) => createInvoice(tx, manual("pay-2", now, 2500)));
    const cur = await recordPayment({ invoiceId: inv.id, gateway: "stripe", gatewayRef: "pi_cur", amount: 2500, currency: "EUR" }, { now });
    expect(cur).toMatchObject({ outcome: "held", reason: "currency_mismatch", payment: { status: "held" } });
    const low = await recordPayment({ invoiceId: inv.id, gateway: "stripe", gatewayRef: "pi_low", amount: 100, currency: "USD" }, { now });
    expect(low).toMatchObject({ outcome: "held", reason: "amount_mismatch" });
    const high = await recordPayment({ invoiceId: inv.id, gateway: "paypal", gatewayRef: "cap_high", amount: 9999, currency: "USD" }, { now });
    expect(high).toMatchObject({ outcome: "held", reason: "amount_mismatch" });
    const [after] = await billingDb().select().from(invoices).where(eq(invoices.id, inv.id));
    expect(after).toMatchObject({ status: "unpaid", amountPaid: 0 });
    const flags = await billingDb().select().from(reconciliationFlags).where(eq(reconciliationFlags.invoiceId, inv.id));
    expect(flags.map((f) => [f.gatewayRef, f.kind, f.amount, f.gatewayAmount, f.status]).sort()).toEqual([
      ["cap_high", "amount_mismatch", 2500, 9999, "open"],
      ["pi_cur", "currency_mismatch", 2500, 2500, "open"],
      ["pi_low", "amount_mismatch", 2500, 100, "open"],
    ]);
    expect(await billingDb().select().from(jobs).where(eq(jobs.uniqueKey, `invoice-paid:${inv.id}`))).toHaveLength(0);
    // A replay of the held payment stays a no-op.
    expect((await recordPayment({ invoiceId: inv.id, gateway: "stripe", gatewayRef: "pi_cur", amount: 2500, currency: "EUR" }, { now })).outcome).toBe("duplicate");
  });

  it("applies partial payments where allowed, and holds a second payment of a paid invoice", async () => {
    const now = clock();
    const inv = await billingDb().transaction((tx) => createInvoice(tx, manual("pay-3", now, 3000)));
    await billingDb().insert(paymentFailures).values({ customerId: "pay-3", invoiceId: inv.id, gateway: "stripe", amount: 3000, currency: "USD", code: "card_declined" });
    const part = await recordPayment({ invoiceId: inv.id, gateway: "bank_transfer", gatewayRef: "BANK-1", amount: 1000, currency: "USD", allowPartial: true }, { now });
    expect(part).toMatchObject({ outcome: "applied", invoicePaid: false, invoice: { status: "partially_paid", amountPaid: 1000 } });
    const rest = await recordPayment({ invoiceId: inv.id, gateway: "bank_transfer", gatewayRef: "BANK-2", amount: 2000, currency: "USD", allowPartial: true }, { now });
    expect(rest).toMatchObject({ outcome: "applied", invoicePaid: true, invoice: { status: "paid", amountPaid: 3000 } });
    const [failure] = await billingDb().select().from(paymentFailures).where(eq(paymentFailures.invoiceId, inv.id));
    expect(failure!.resolvedAt).not.toBeNull();
    const twice = await recordPayment({ invoiceId: inv.id, gateway: "paypal", gatewayRef: "cap_twice", amount: 3000, currency: "USD" }, { now });
    expect(twice).toMatchObject({ outcome: "held", reason: "status_mismatch" });
  });

  it("activates the services of a paid order through provisioning and emails one receipt", async () => {
    const placed = await placeOrder(
      "cust-act",
      { currency: "USD", items: [{ productSlug: "vpn-family", cycle: "yearly", quantity: 2 }], billingCountry: "US" },
      { idempotencyKey: "act-1", now: clock(), profile: { email: "act@example.test" } },
    );
    for (const ref of ["pi_act", "pi_act", "pi_act"]) {
      await recordPayment({ invoiceId: placed.invoice.id, gateway: "stripe", gatewayRef: ref, amount: placed.invoice.total, currency: "USD" }, { now: clock() });
    }
    const worker = createWorker({ databases: ["billing", "ops"], schedules: false, clock, random: () => 0.5, logger: quietLogger });
    for (let i = 0; i < 3; i++) await worker.runOnce();
    const svc = await billingDb().select().from(services).where(eq(services.orderId, placed.order.id));
    expect(svc.map((s) => [s.status, s.provisioningStatus])).toEqual([
      ["active", "succeeded"],
      ["active", "succeeded"],
    ]);
    expect(activations.filter((id) => svc.some((s) => s.id === id))).toHaveLength(2);
    expect(svc[0]!.currentPeriodEnd!.toISOString()).toBe("2027-11-22T09:00:00.000Z");
    const [order] = await billingDb().select().from(orders).where(eq(orders.id, placed.order.id));
    expect(order!.status).toBe("paid");
    const mails = await opsDb().select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, `invoice-paid:${placed.invoice.id}`));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ toAddress: "act@example.test", subject: `Payment received: invoice ${placed.invoice.number}` });
    const allJobs = await billingDb().select().from(jobs).where(and(eq(jobs.type, "billing.invoice-paid"), eq(jobs.uniqueKey, `invoice-paid:${placed.invoice.id}`)));
    expect(allJobs).toEqual([expect.objectContaining({ status: "succeeded" })]);
  });
});

describe("invoice lifecycle", () => {
  it("marks unpaid invoices overdue after their due date", async () => {
    const now = new Date("2026-08-01T00:00:00Z");
    const inv = await billingDb().transaction((tx) => createInvoice(tx, manual("od", now)));
    const status = async () => (await billingDb().select().from(invoices).where(eq(invoices.id, inv.id)))[0]!.status;
    await markOverdueInvoices(new Date("2026-08-05T00:00:00Z"));
    expect(await status()).toBe("unpaid");
    expect(await markOverdueInvoices(new Date("2026-08-09T00:00:00Z"))).toBe(1);
    expect(await status()).toBe("overdue");
  });

  it("cancels unpaid invoices with an audit row, and refuses paid ones", async () => {
    const now = clock();
    const inv = await billingDb().transaction((tx) => createInvoice(tx, manual("cx", now)));
    const cancelled = await cancelInvoice({ id: "staff-1", email: "staff@example.test" }, inv.id, { reason: "duplicate order", now });
    expect(cancelled).toMatchObject({ status: "cancelled" });
    const audit = await billingDb().select().from(auditLog).where(eq(auditLog.entityId, inv.id));
    expect(audit).toEqual([expect.objectContaining({ action: "invoice.cancel", actorId: "staff-1", after: { status: "cancelled", reason: "duplicate order" } })]);
    const paid = await billingDb().transaction((tx) => createInvoice(tx, manual("cx2", now)));
    await recordPayment({ invoiceId: paid.id, gateway: "manual", gatewayRef: "m-1", amount: 1000, currency: "USD" }, { now });
    await expect(cancelInvoice({ id: "staff-1" }, paid.id)).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("queries", () => {
  it("scopes portal reads to the customer and shapes invoice detail", async () => {
    const { getInvoiceDetail, listInvoices, listCustomerServices, customerCreditSummary } = await import("./queries");
    const placed = await placeOrder(
      "cust-q",
      { currency: "GBP", items: [{ productSlug: "vpn-personal", cycle: "monthly", quantity: 1 }], billingCountry: "GB" },
      { idempotencyKey: "q-1", now: clock() },
    );
    expect(await getInvoiceDetail(placed.invoice.id, { customerId: "someone-else" })).toBeNull();
    const detail = await getInvoiceDetail(placed.invoice.id, { customerId: "cust-q" });
    expect(detail).toMatchObject({ number: placed.invoice.number, amountDue: 449, items: [expect.objectContaining({ description: "Personal (monthly)" })], payments: [], creditNotes: [] });
    const list = await listInvoices({ customerId: "cust-q" });
    expect(list).toMatchObject({ total: 1, rows: [expect.objectContaining({ id: placed.invoice.id, amountDue: 449 })] });
    expect((await listInvoices({ customerId: "nobody" })).total).toBe(0);
    expect(await listCustomerServices("cust-q")).toEqual([expect.objectContaining({ productName: "Personal", status: "pending" })]);
    expect(await customerCreditSummary("cust-q")).toEqual({ currency: "GBP", balance: 0 });
    expect(await customerCreditSummary("nobody")).toBeNull();
  });
});
