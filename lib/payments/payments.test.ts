import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { billingDb } from "@/db/billing/client";
import { auditLog, creditLedger, creditNotes, gatewaySettings, invoices, payments, refunds } from "@/db/billing/schema";
import { setSetting, setupBillingDatabases, testClock } from "@/lib/billing/__fixtures__/setup";
import { createAddFundsInvoice } from "@/lib/billing/add-funds";
import { appendCredit, creditBalance } from "@/lib/billing/credit";
import { createInvoice, getInvoice, recordPayment } from "@/lib/billing/invoices";
import { fulfilPaidInvoice } from "@/lib/billing/fulfilment";
import { resetEnvCache } from "@/lib/env";
import { spawnTsx } from "@/lib/jobs/__fixtures__/setup";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { bankTransferInstructions, recordBankTransfer } from "./bank-transfer";
import { gatewaySecrets, getGatewayConfig, listGatewayConfigs, saveGatewaySettings } from "./config";
import { payWithCredit } from "./credit";
import { startInvoicePayment } from "./pay";
import { refundPayment } from "./refunds";
import { resetStripeClients } from "./stripe/client";
import { startFakeStripe, type FakeStripe } from "./testing/stripe-server";

let temp: TempDatabases;
const clock = testClock(Date.parse("2026-11-22T10:00:00Z"));
const staff = { id: "staff-1", email: "billing@skyport.test" };

beforeAll(async () => {
  temp = await setupBillingDatabases({ seed: false });
});
afterAll(() => temp.cleanup());

async function invoiceFor(customerId: string, total: number, currency = "USD") {
  return billingDb().transaction((tx) =>
    createInvoice(tx, {
      customerId,
      kind: "manual",
      currency,
      dueAt: new Date(clock().getTime() + 7 * 86_400_000),
      now: clock(),
      items: [{ description: "Service", quantity: 1, unitAmount: total, amount: total, total }],
    }),
  );
}

const grant = (customerId: string, amount: number, currency = "USD") =>
  billingDb().transaction((tx) => appendCredit(tx, { customerId, currency, amount, reason: "promotion" }));

describe("gateway settings", () => {
  it("stores secrets encrypted, never returns them, audits without values, and lets env override", async () => {
    const saved = await saveGatewaySettings(staff, "stripe", {
      enabled: true,
      publicConfig: { publishableKey: "pk_test_1" },
      secrets: { secretKey: "sk_test_db_secret", webhookSecret: "whsec_db_secret" },
    });
    expect(saved).toMatchObject({ enabled: true, configured: true, source: "database", secretsSet: ["secretKey", "webhookSecret"], publicConfig: { publishableKey: "pk_test_1" } });
    expect(JSON.stringify(saved)).not.toContain("sk_test_db_secret");
    const [row] = await billingDb().select().from(gatewaySettings).where(eq(gatewaySettings.gateway, "stripe"));
    expect(row!.secretsEncrypted).toMatch(/^v1\./);
    expect(row!.secretsEncrypted).not.toContain("sk_test_db_secret");
    expect(await gatewaySecrets("stripe")).toEqual({ secretKey: "sk_test_db_secret", webhookSecret: "whsec_db_secret" });
    const audits = await billingDb().select().from(auditLog).where(eq(auditLog.action, "gateway.update"));
    expect(JSON.stringify(audits)).not.toContain("sk_test_db_secret");
    expect(audits[0]!.after).toMatchObject({ changedSettings: ["secretKey", "webhookSecret"] });

    // Keep one secret, remove the other.
    const partial = await saveGatewaySettings(staff, "stripe", { secrets: { webhookSecret: null } });
    expect(partial).toMatchObject({ configured: false, secretsSet: ["secretKey"] });
    await expect(saveGatewaySettings(staff, "stripe", { secrets: { password: "x" } })).rejects.toMatchObject({ code: "VALIDATION" });

    process.env.STRIPE_SECRET_KEY = "sk_test_env";
    process.env.STRIPE_WEBHOOK_SECRET = "whsec_env";
    resetEnvCache();
    expect(await getGatewayConfig("stripe")).toMatchObject({ source: "env", configured: true, enabled: true });
    expect((await gatewaySecrets("stripe")).secretKey).toBe("sk_test_env");
    delete process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    resetEnvCache();
    const all = await listGatewayConfigs();
    expect(all.map((g) => g.gateway)).toEqual(["stripe", "paypal", "bank_transfer", "credit", "manual"]);
    expect(JSON.stringify(all)).not.toMatch(/sk_test|whsec/);
  });
});

describe("bank transfer", () => {
  it("shows instructions with the invoice number and lets staff record the money, audited, once per reference", async () => {
    await setSetting("billing.bankTransferInstructions", "Pay to Skyport Ltd, IBAN GB00 TEST.");
    const inv = await invoiceFor("bank-1", 5000);
    expect(await bankTransferInstructions(inv)).toEqual({ text: `Pay to Skyport Ltd, IBAN GB00 TEST.\nReference: ${inv.number}`, reference: inv.number });
    await saveGatewaySettings(staff, "bank_transfer", { enabled: true });
    expect(await startInvoicePayment("bank-1", inv.id, "bank_transfer")).toMatchObject({ kind: "instructions", reference: inv.number });
    await expect(startInvoicePayment("someone-else", inv.id, "bank_transfer")).rejects.toMatchObject({ code: "NOT_FOUND" });

    const part = await recordBankTransfer(staff, inv.id, { amount: 2000, reference: "  TRX 0001 " }, { now: clock() });
    expect(part).toMatchObject({ outcome: "applied", invoice: { status: "partially_paid", amountPaid: 2000 }, payment: { gatewayRef: "TRX 0001", recordedBy: "staff-1" } });
    expect((await recordBankTransfer(staff, inv.id, { amount: 2000, reference: "TRX 0001" }, { now: clock() })).outcome).toBe("duplicate");
    const rest = await recordBankTransfer(staff, inv.id, { amount: 3000, reference: "TRX 0002" }, { now: clock() });
    expect(rest).toMatchObject({ outcome: "applied", invoicePaid: true });
    const audits = await billingDb().select().from(auditLog).where(eq(auditLog.entityId, inv.id));
    expect(audits.map((a) => a.action)).toEqual(["payment.record_bank_transfer", "payment.record_bank_transfer"]);
    expect(audits[0]).toMatchObject({ actorId: "staff-1" });

    await expect(recordBankTransfer(staff, inv.id, { amount: 0, reference: "X" })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(recordBankTransfer(staff, inv.id, { amount: 10, reference: "  " })).rejects.toMatchObject({ code: "VALIDATION" });
    const other = await invoiceFor("bank-2", 100);
    await expect(recordBankTransfer(staff, other.id, { amount: 100, reference: "TRX 0001" })).rejects.toMatchObject({ code: "CONFLICT" });
    // Wrong currency: held and flagged, not applied.
    expect(await recordBankTransfer(staff, other.id, { amount: 100, reference: "TRX-EUR", currency: "EUR" })).toMatchObject({ outcome: "held", reason: "currency_mismatch" });
  });
});

describe("account credit", () => {
  it("pays all or part of an invoice and never goes below zero", async () => {
    await grant("cr-1", 1500);
    const inv = await invoiceFor("cr-1", 4000);
    const first = await payWithCredit("cr-1", inv.id, { now: clock() });
    expect(first).toMatchObject({ amount: 1500, balanceAfter: 0 });
    expect(await getInvoice(inv.id)).toMatchObject({ status: "partially_paid", amountPaid: 1500 });
    expect(await payWithCredit("cr-1", inv.id, { now: clock() })).toBeNull();
    await expect(payWithCredit("cr-1", inv.id, { amount: 1 })).rejects.toMatchObject({ code: "VALIDATION", message: "There is not enough account credit for this payment." });
    await grant("cr-1", 10_000);
    await expect(payWithCredit("cr-1", inv.id, { amount: 3000 })).rejects.toMatchObject({ code: "VALIDATION", message: "That is more than the invoice's amount due." });
    expect(await payWithCredit("cr-1", inv.id, { now: clock() })).toMatchObject({ amount: 2500, balanceAfter: 7500 });
    expect(await getInvoice(inv.id)).toMatchObject({ status: "paid" });
    await expect(payWithCredit("cr-other", inv.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const ledger = await billingDb().select().from(creditLedger).where(eq(creditLedger.customerId, "cr-1"));
    expect(ledger.map((e) => [e.seq, e.amount, e.balanceAfter])).toEqual([
      [1, 1500, 1500],
      [2, -1500, 0],
      [3, 10_000, 10_000],
      [4, -2500, 7500],
    ]);
  });

  it("lets only one of two concurrent spends take the same balance, in-process and across processes", async () => {
    await grant("cr-race", 1000);
    const a = await invoiceFor("cr-race", 800);
    const b = await invoiceFor("cr-race", 800);
    const results = await Promise.allSettled([payWithCredit("cr-race", a.id, { amount: 800 }), payWithCredit("cr-race", b.id, { amount: 800 })]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await creditBalance("cr-race", "USD")).toBe(200);

    await grant("cr-proc", 1000);
    const c = await invoiceFor("cr-proc", 800);
    const d = await invoiceFor("cr-proc", 800);
    const go = path.join(temp.dir, "go");
    const script = path.resolve("lib/payments/__fixtures__/spend-credit-child.ts");
    const children = [spawnTsx(script, ["cr-proc", c.id, "800", go]), spawnTsx(script, ["cr-proc", d.id, "800", go])];
    await Promise.all(children.map((ch) => ch.waitForLine("READY", 60_000)));
    writeFileSync(go, "");
    const lines = await Promise.all(children.map((ch) => ch.waitForLine("RESULT", 60_000)));
    await Promise.all(children.map((ch) => ch.exited));
    expect(lines.filter((l) => l.startsWith("RESULT ok"))).toHaveLength(1);
    expect(lines.filter((l) => l.includes("not enough account credit") || l.includes("balance changed"))).toHaveLength(1);
    expect(await creditBalance("cr-proc", "USD")).toBe(200);
    const ledger = await billingDb().select().from(creditLedger).where(eq(creditLedger.customerId, "cr-proc"));
    expect(ledger.map((e) => e.balanceAfter)).toEqual([1000, 200]);
  });

  it("adds funds through an add_funds invoice that credits the ledger once when paid", async () => {
    const inv = await createAddFundsInvoice("cr-add", { amount: 2500, currency: "GBP" }, { now: clock() });
    expect(inv).toMatchObject({ kind: "add_funds", total: 2500, status: "unpaid" });
    await recordPayment({ invoiceId: inv.id, gateway: "manual", gatewayRef: "add-1", amount: 2500, currency: "GBP" }, { now: clock() });
    const ctx = {
      now: clock,
      once: async <D, T>(_key: string, db: D, fn: (tx: never) => Promise<T>) => ({ applied: true, value: await (db as ReturnType<typeof billingDb>).transaction((tx) => fn(tx as never)) }),
    };
    await fulfilPaidInvoice(inv.id, ctx as never);
    await fulfilPaidInvoice(inv.id, ctx as never);
    expect(await creditBalance("cr-add", "GBP")).toBe(2500);
    await expect(createAddFundsInvoice("cr-add", { amount: 1, currency: "GBP" })).rejects.toMatchObject({ code: "VALIDATION" });
  });
});

describe("refunds", () => {
  let fake: FakeStripe;
  beforeAll(async () => {
    fake = await startFakeStripe({ secretKey: "sk_test_refunds" });
    Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_refunds", STRIPE_WEBHOOK_SECRET: "whsec_refunds", STRIPE_API_BASE: fake.url });
    resetEnvCache();
    resetStripeClients();
  });
  afterAll(async () => {
    await fake.close();
    for (const k of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE"]) delete process.env[k];
    resetEnvCache();
  });

  async function paidByStripe(customerId: string, total: number) {
    const inv = await invoiceFor(customerId, total);
    // A succeeded PaymentIntent at the stand-in (as if paid through Checkout).
    const pi = (await fetch(`${fake.url}/v1/payment_intents`, {
      method: "POST",
      headers: { authorization: "Bearer sk_test_refunds", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ amount: String(total), currency: "usd", confirm: "true", "metadata[invoiceId]": inv.id }).toString(),
    }).then((r) => r.json())) as { id: string };
    const result = await recordPayment({ invoiceId: inv.id, gateway: "stripe", gatewayRef: pi.id, amount: total, currency: "USD" }, { now: clock() });
    return { inv, paymentId: result.payment.id, pi: pi.id };
  }

  it("refunds partially through Stripe, then the rest to credit, with credit notes and audit rows", async () => {
    const { inv, paymentId, pi } = await paidByStripe("rf-1", 6000);
    const r1 = await refundPayment(staff, paymentId, { amount: 2000, method: "gateway", reason: "goodwill" }, { now: clock() });
    expect(r1).toMatchObject({ status: "succeeded", method: "gateway", amount: 2000 });
    expect(r1.gatewayRef).toMatch(/^re_/);
    const refundCall = fake.requests.find((r) => r.path === "/v1/refunds")!;
    expect(refundCall).toMatchObject({ idempotencyKey: `refund:${r1.id}`, body: { payment_intent: pi, amount: "2000", metadata: { refundId: r1.id } } });
    expect(await getInvoice(inv.id)).toMatchObject({ status: "partially_refunded", amountRefunded: 2000 });

    const r2 = await refundPayment(staff, paymentId, { amount: 4000, method: "credit" }, { now: clock() });
    expect(r2).toMatchObject({ status: "succeeded", method: "credit" });
    expect(await creditBalance("rf-1", "USD")).toBe(4000);
    expect(await getInvoice(inv.id)).toMatchObject({ status: "refunded", amountRefunded: 6000 });
    const [payment] = await billingDb().select().from(payments).where(eq(payments.id, paymentId));
    expect(payment).toMatchObject({ status: "refunded", amountRefunded: 6000 });
    const notes = await billingDb().select().from(creditNotes).where(eq(creditNotes.invoiceId, inv.id));
    expect(notes.map((n) => n.total).sort()).toEqual([2000, 4000]);
    expect((await billingDb().select().from(refunds).where(eq(refunds.paymentId, paymentId))).every((r) => r.creditNoteId)).toBe(true);
    const audits = await billingDb().select().from(auditLog).where(eq(auditLog.entityId, paymentId));
    expect(audits.map((a) => a.action)).toEqual(["payment.refund", "payment.refund"]);

    await expect(refundPayment(staff, paymentId, { amount: 1, method: "credit" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("refuses refunds above what is left, and records a gateway failure on the refund", async () => {
    const { paymentId } = await paidByStripe("rf-2", 1000);
    await expect(refundPayment(staff, paymentId, { amount: 1001, method: "gateway" })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(refundPayment(staff, paymentId, { amount: -5, method: "gateway" })).rejects.toMatchObject({ code: "VALIDATION" });
    process.env.STRIPE_API_BASE = "http://127.0.0.1:9";
    resetEnvCache();
    await expect(refundPayment(staff, paymentId, { amount: 500, method: "gateway" })).rejects.toMatchObject({ code: "UNAVAILABLE" });
    process.env.STRIPE_API_BASE = fake.url;
    resetEnvCache();
    const rows = await billingDb().select().from(refunds).where(eq(refunds.paymentId, paymentId));
    expect(rows).toEqual([expect.objectContaining({ status: "failed", amount: 500 })]);
    // The failed attempt does not count against what can be refunded.
    expect(await refundPayment(staff, paymentId, { amount: 1000, method: "gateway" })).toMatchObject({ status: "succeeded" });
  });

  it("sends a credit payment's refund back to credit", async () => {
    await grant("rf-3", 900);
    const inv = await invoiceFor("rf-3", 900);
    const paid = await payWithCredit("rf-3", inv.id, { now: clock() });
    const refund = await refundPayment(staff, paid!.paymentId, { amount: 900, method: "gateway" }, { now: clock() });
    expect(refund.method).toBe("credit");
    expect(await creditBalance("rf-3", "USD")).toBe(900);
    const [after] = await billingDb().select().from(invoices).where(eq(invoices.id, inv.id));
    expect(after!.status).toBe("refunded");
  });
});
