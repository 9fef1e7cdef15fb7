import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { creditNotes, gatewayEvents, jobs, paymentFailures, payments, reconciliationFlags, services } from "@/db/billing/schema";
import { setupBillingDatabases, testClock } from "@/lib/billing/__fixtures__/setup";
import { placeOrder } from "@/lib/billing/checkout";
import { getInvoice } from "@/lib/billing/invoices";
import "@/lib/billing/jobs";
import { resetEnvCache } from "@/lib/env";
import { createWorker } from "@/lib/jobs/worker";
import { registerProvisioningModule } from "@/lib/provisioning";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { createPayPalSigner, startFakePayPal, type FakePayPal, type PayPalSigner } from "../testing/paypal-server";
import { setPayPalApiBase } from "./client";
import { capturePayPalOrder, paypalGateway } from "./gateway";
import { clearPayPalCertCache, isAllowedCertUrl } from "./verify";
import { handlePayPalWebhook } from "./webhook";

const CLIENT_ID = "paypal-client-id";
const CLIENT_SECRET = "paypal-client-secret";
const WEBHOOK_ID = "WH-ID-SKYPORT-TEST";
const clock = testClock(Date.now() + 60_000);
const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };
let temp: TempDatabases;
let fake: FakePayPal;
let signer: PayPalSigner;
const certFetches: string[] = [];

registerProvisioningModule({
  name: "vpn",
  async activate(ctx) {
    await ctx.log("activate", "VPN enabled");
  },
  async suspend() {},
  async unsuspend() {},
  async terminate() {},
  async changePackage() {},
});

beforeAll(async () => {
  temp = await setupBillingDatabases();
  fake = await startFakePayPal({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  signer = createPayPalSigner();
  Object.assign(process.env, { PAYPAL_CLIENT_ID: CLIENT_ID, PAYPAL_CLIENT_SECRET: CLIENT_SECRET, PAYPAL_WEBHOOK_ID: WEBHOOK_ID });
  resetEnvCache();
  setPayPalApiBase(fake.url);
});
afterAll(async () => {
  setPayPalApiBase(null);
  await fake.close();
  for (const k of ["PAYPAL_CLIENT_ID", "PAYPAL_CLIENT_SECRET", "PAYPAL_WEBHOOK_ID"]) delete process.env[k];
  resetEnvCache();
  temp.cleanup();
});

const fetchCert = async (url: string) => {
  certFetches.push(url);
  if (url !== signer.certUrl) throw new Error("unknown certificate");
  return signer.certPem;
};

function deliver(event: unknown, options: { headers?: Record<string, string>; body?: string } = {}) {
  const raw = options.body ?? JSON.stringify(event);
  return handlePayPalWebhook(raw, options.headers ?? signer.headers(raw, WEBHOOK_ID), { fetchCert });
}

let n = 0;
async function orderAndApprove(customerId: string) {
  const placed = await placeOrder(
    customerId,
    { currency: "EUR", items: [{ productSlug: "vpn-family", cycle: "yearly", quantity: 1 }], billingCountry: "US" },
    { idempotencyKey: `paypal-${++n}`, now: clock(), profile: { email: `${customerId}@example.test` } },
  );
  const invoice = (await getInvoice(placed.invoice.id))!;
  const result = await paypalGateway.createPayment({ id: invoice.id, number: invoice.number, customerId, currency: invoice.currency, amountDue: invoice.amountDue });
  if (result.kind !== "redirect") throw new Error("expected redirect");
  return { placed, invoice, orderId: result.gatewayRef, url: result.url };
}

describe("PayPal Orders v2 through the real SDK", () => {
  it("creates an order for the invoice and captures it when the payer returns, once", async () => {
    const { placed, invoice, orderId, url } = await orderAndApprove("pp-1");
    expect(url).toBe(`${fake.url}/checkoutnow?token=${orderId}`);
    const create = fake.requests.find((r) => r.path === "/v2/checkout/orders" && r.method === "POST")!;
    expect(create.body).toMatchObject({
      intent: "CAPTURE",
      purchase_units: [{ reference_id: invoice.id, custom_id: invoice.id, invoice_id: invoice.number, amount: { currency_code: "EUR", value: "83.88" } }],
    });
    expect(create.requestId).toBe(`order:${invoice.id}:8388`);
    fake.approve(orderId);
    const first = await capturePayPalOrder(invoice.id, orderId, { customerId: "pp-1", now: clock() });
    expect(first.status).toBe("COMPLETED");
    // The payer reloads the return page: no second capture, no second payment.
    const second = await capturePayPalOrder(invoice.id, orderId, { customerId: "pp-1", now: clock() });
    expect(second.status).toBe("COMPLETED");
    expect(fake.captures.size).toBeGreaterThanOrEqual(1);
    const pays = await billingDb().select().from(payments).where(eq(payments.invoiceId, invoice.id));
    expect(pays).toEqual([expect.objectContaining({ gateway: "paypal", amount: 8388, currency: "EUR", status: "succeeded" })]);
    expect(await getInvoice(invoice.id)).toMatchObject({ status: "paid" });
    await expect(capturePayPalOrder(invoice.id, orderId, { customerId: "someone-else" })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const worker = createWorker({ databases: ["billing", "ops"], schedules: false, clock, random: () => 0.5, logger: quietLogger });
    for (let i = 0; i < 3; i++) await worker.runOnce();
    const [svc] = await billingDb().select().from(services).where(eq(services.orderId, placed.order.id));
    expect(svc!.status).toBe("active");
  });
});

describe("PayPal webhooks", () => {
  it("verifies the signature (CRC32 + RSA-SHA256 against the paypal.com certificate) and records the capture once", async () => {
    const { invoice, orderId } = await orderAndApprove("pp-2");
    fake.approve(orderId);
    // The payer never returns to us: the capture happens (e.g. via PayPal's own flow) and the webhook records it.
    await capturePayPalOrderDirect(orderId);
    const capture = [...fake.captures.values()].find((c) => c.custom_id === invoice.id)!;
    const event = fake.event("PAYMENT.CAPTURE.COMPLETED", capture);
    const responses = [];
    for (let i = 0; i < 4; i++) responses.push(await deliver(event));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(responses.slice(1).every((r) => r.body.duplicate)).toBe(true);
    expect(await billingDb().select().from(payments).where(eq(payments.invoiceId, invoice.id))).toHaveLength(1);
    expect(await billingDb().select().from(jobs).where(eq(jobs.uniqueKey, `invoice-paid:${invoice.id}`))).toHaveLength(1);
    expect(await getInvoice(invoice.id)).toMatchObject({ status: "paid", amountPaid: 8388 });
  });

  it("refuses forged bodies, wrong webhook ids, foreign certificate hosts and missing headers, storing nothing", async () => {
    const event = fake.event("PAYMENT.CAPTURE.COMPLETED", { id: "CAP-FORGED" });
    const raw = JSON.stringify(event);
    const before = (await billingDb().select({ n: count() }).from(gatewayEvents))[0]!.n;
    const good = signer.headers(raw, WEBHOOK_ID);
    expect((await deliver(null, { body: raw.replace("CAP-FORGED", "CAP-FORGED2"), headers: good })).status).toBe(400);
    expect((await deliver(null, { body: raw, headers: signer.headers(raw, "WH-OTHER") })).status).toBe(400);
    certFetches.length = 0;
    for (const certUrl of ["https://evil.example/cert.pem", "http://api.paypal.com/cert", "https://paypal.com.evil.example/c", "https://api.paypal.com:8443/c"]) {
      expect((await deliver(null, { body: raw, headers: signer.headers(raw, WEBHOOK_ID, { certUrl }) })).status).toBe(400);
    }
    expect(certFetches).toEqual([]);
    const { "paypal-transmission-sig": _sig, ...missing } = good;
    expect((await deliver(null, { body: raw, headers: missing })).status).toBe(400);
    expect((await deliver(null, { body: raw, headers: { ...good, "paypal-transmission-sig": Buffer.from("nope").toString("base64") } })).status).toBe(400);
    expect((await billingDb().select({ n: count() }).from(gatewayEvents))[0]!.n).toBe(before);
    expect(isAllowedCertUrl("https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1")).toBe(true);
    expect(isAllowedCertUrl("https://paypal.com/x")).toBe(true);
    expect(isAllowedCertUrl("https://notpaypal.com/x")).toBe(false);
  });

  it("rejects an expired certificate", async () => {
    clearPayPalCertCache();
    const raw = JSON.stringify(fake.event("PAYMENT.CAPTURE.COMPLETED", { id: "CAP-LATE" }));
    const response = await handlePayPalWebhook(raw, signer.headers(raw, WEBHOOK_ID), { fetchCert, now: new Date(Date.now() + 30 * 86_400_000) });
    expect(response.status).toBe(400);
    clearPayPalCertCache();
  });

  it("stores unknown event types as ignored", async () => {
    const event = fake.event("CHECKOUT.ORDER.APPROVED", { id: "ORD-X" });
    expect(await deliver(event)).toEqual({ status: 200, body: { received: true, ignored: true } });
    const [row] = await billingDb().select().from(gatewayEvents).where(eq(gatewayEvents.eventId, event.id));
    expect(row).toMatchObject({ gateway: "paypal", status: "ignored" });
  });

  it("holds a capture whose amount does not match, records denials and refunds with credit notes", async () => {
    const a = await orderAndApprove("pp-3");
    fake.captureOverride.set(a.orderId, { value: "1.00" });
    fake.approve(a.orderId);
    await capturePayPalOrderDirect(a.orderId);
    const cheap = [...fake.captures.values()].find((c) => c.custom_id === a.invoice.id)!;
    await deliver(fake.event("PAYMENT.CAPTURE.COMPLETED", cheap));
    expect(await getInvoice(a.invoice.id)).toMatchObject({ status: "unpaid", amountPaid: 0 });
    const [flag] = await billingDb().select().from(reconciliationFlags).where(eq(reconciliationFlags.gatewayRef, cheap.id as string));
    expect(flag).toMatchObject({ kind: "amount_mismatch", amount: 8388, gatewayAmount: 100 });

    const b = await orderAndApprove("pp-4");
    fake.captureOverride.set(b.orderId, { status: "DECLINED" });
    fake.approve(b.orderId);
    await capturePayPalOrderDirect(b.orderId);
    const declined = [...fake.captures.values()].find((c) => c.custom_id === b.invoice.id)!;
    await deliver(fake.event("PAYMENT.CAPTURE.DENIED", declined));
    const [failure] = await billingDb().select().from(paymentFailures).where(eq(paymentFailures.invoiceId, b.invoice.id));
    expect(failure).toMatchObject({ gateway: "paypal", code: "DECLINED_BY_RISK_FRAUD_FILTERS" });

    const c = await orderAndApprove("pp-5");
    fake.approve(c.orderId);
    await capturePayPalOrder(c.invoice.id, c.orderId, { now: clock() });
    const captured = [...fake.captures.values()].find((x) => x.custom_id === c.invoice.id)!;
    const refund = fake.refundAtPayPal(captured.id as string, "20.00");
    const refundEvent = fake.event("PAYMENT.CAPTURE.REFUNDED", refund);
    await deliver(refundEvent);
    await deliver(refundEvent);
    await deliver(fake.event("PAYMENT.CAPTURE.REFUNDED", refund));
    expect(await getInvoice(c.invoice.id)).toMatchObject({ status: "partially_refunded", amountRefunded: 2000 });
    const notes = await billingDb().select().from(creditNotes).where(eq(creditNotes.invoiceId, c.invoice.id));
    expect(notes.map((x) => x.total)).toEqual([2000]);
    expect(await paypalGateway.fetchAuthoritativeState(captured.id as string)).toMatchObject({ status: "partially_refunded", amount: 8388, currency: "EUR", invoiceId: c.invoice.id });
  });
});

describe("PayPal reconciliation", () => {
  it("records a capture whose return and webhook were both lost (once, flagged), and leaves unpaid orders alone", async () => {
    const { reconcileGateways } = await import("../reconciliation");
    // Captured at PayPal, then our process died before recording it, and the webhook never came.
    const lost = await orderAndApprove("pp-rec-lost");
    fake.approve(lost.orderId);
    await capturePayPalOrderDirect(lost.orderId);
    // Approved but never captured: nothing was paid, nothing to record.
    const abandoned = await orderAndApprove("pp-rec-abandoned");
    fake.approve(abandoned.orderId);
    expect(await getInvoice(lost.invoice.id)).toMatchObject({ status: "unpaid" });

    const first = await reconcileGateways({ now: clock() });
    expect(first.errors).toEqual([]);
    const capture = [...fake.captures.values()].find((c) => c.custom_id === lost.invoice.id)!;
    expect(first.recorded).toEqual([capture.id]);
    expect(first.flagged).toEqual([{ gateway: "paypal", gatewayRef: capture.id, kind: "missing_locally" }]);
    expect(await getInvoice(lost.invoice.id)).toMatchObject({ status: "paid" });
    expect(await getInvoice(abandoned.invoice.id)).toMatchObject({ status: "unpaid" });
    const [flag] = await billingDb().select().from(reconciliationFlags).where(eq(reconciliationFlags.gatewayRef, capture.id as string));
    expect(flag).toMatchObject({ kind: "missing_locally", invoiceId: lost.invoice.id, gatewayAmount: 8388, currency: "EUR", status: "open" });

    // Again, and then the late webhook: still one payment and one activation job.
    const again = await reconcileGateways({ now: clock() });
    expect(again.recorded).toEqual([]);
    expect(again.flagged).toEqual([]);
    await deliver(fake.event("PAYMENT.CAPTURE.COMPLETED", capture));
    expect(await billingDb().select().from(payments).where(eq(payments.invoiceId, lost.invoice.id))).toHaveLength(1);
    expect(await billingDb().select().from(jobs).where(eq(jobs.uniqueKey, `invoice-paid:${lost.invoice.id}`))).toHaveLength(1);
  });
});

/** Captures through the SDK without recording (what PayPal's side does before sending the webhook). */
async function capturePayPalOrderDirect(orderId: string) {
  const { OrdersController } = await import("@paypal/paypal-server-sdk");
  const { paypalClient } = await import("./client");
  await new OrdersController(await paypalClient()).captureOrder({ id: orderId, paypalRequestId: `direct:${orderId}` });
}
