import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import Stripe from "stripe";
import { billingDb } from "@/db/billing/client";
import {
  billingProfiles,
  creditNotes,
  gatewayEvents,
  invoices,
  jobs,
  paymentFailures,
  paymentMethods,
  payments,
  reconciliationFlags,
  refunds,
  services,
} from "@/db/billing/schema";
import { opsDb } from "@/db/ops/client";
import { emailOutbox } from "@/db/ops/schema";
import { setupBillingDatabases, testClock } from "@/lib/billing/__fixtures__/setup";
import { placeOrder } from "@/lib/billing/checkout";
import { getInvoice } from "@/lib/billing/invoices";
import "@/lib/billing/jobs";
import { resetEnvCache } from "@/lib/env";
import { createWorker } from "@/lib/jobs/worker";
import { registerProvisioningModule } from "@/lib/provisioning";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { startFakeStripe, type FakeStripe } from "../testing/stripe-server";
import { resetStripeClients } from "./client";
import { chargeSavedStripeMethod, stripeGateway } from "./gateway";
import { handleStripeWebhook } from "./webhook";

const SECRET_KEY = "sk_test_skyport_local";
const WEBHOOK_SECRET = "whsec_test_skyport_local";
const clock = testClock(Date.now() + 60_000);
const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };
const activations: string[] = [];
let temp: TempDatabases;
let fake: FakeStripe;
const signer = new Stripe("sk_test_signer");

registerProvisioningModule({
  name: "vpn",
  async activate(ctx) {
    activations.push(ctx.serviceId);
    await ctx.log("activate", "VPN enabled");
  },
  async suspend() {},
  async unsuspend() {},
  async terminate() {},
  async changePackage() {},
});

beforeAll(async () => {
  temp = await setupBillingDatabases();
  fake = await startFakeStripe({ secretKey: SECRET_KEY });
  Object.assign(process.env, { STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: fake.url });
  resetEnvCache();
  resetStripeClients();
});
afterAll(async () => {
  await fake.close();
  for (const k of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE"]) delete process.env[k];
  resetEnvCache();
  temp.cleanup();
});

function deliver(event: unknown, options: { secret?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify(event);
  const header = signer.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? WEBHOOK_SECRET, timestamp: options.timestamp });
  return handleStripeWebhook(payload, header);
}

let orderN = 0;
async function orderAndCheckout(customerId: string, email = `${customerId}@example.test`) {
  const placed = await placeOrder(
    customerId,
    { currency: "USD", items: [{ productSlug: "vpn-family", cycle: "yearly", quantity: 1 }], billingCountry: "US" },
    { idempotencyKey: `stripe-${++orderN}`, now: clock(), profile: { email } },
  );
  const invoice = (await getInvoice(placed.invoice.id))!;
  const redirect = await stripeGateway.createPayment({ id: invoice.id, number: invoice.number, customerId, currency: invoice.currency, amountDue: invoice.amountDue });
  if (redirect.kind !== "redirect") throw new Error("expected a redirect");
  return { placed, invoice, sessionId: redirect.gatewayRef, url: redirect.url };
}

const runWorker = async () => {
  const worker = createWorker({ databases: ["billing", "ops"], schedules: false, clock, random: () => 0.5, logger: quietLogger });
  for (let i = 0; i < 4; i++) await worker.runOnce();
};

const eventRows = async () => (await billingDb().select({ n: count() }).from(gatewayEvents))[0]!.n;

describe("Stripe checkout", () => {
  it("creates a Checkout Session in payment mode that saves the card, with the invoice in its metadata", async () => {
    const { invoice, sessionId, url } = await orderAndCheckout("s-create");
    expect(url).toBe(`${fake.url}/checkout/${sessionId}`);
    const request = fake.requests.find((r) => r.path === "/v1/checkout/sessions" && r.method === "POST")!;
    expect(request.body).toMatchObject({
      mode: "payment",
      client_reference_id: invoice.id,
      metadata: { invoiceId: invoice.id },
      payment_intent_data: { setup_future_usage: "off_session", metadata: { invoiceId: invoice.id } },
      line_items: [{ quantity: "1", price_data: { currency: "usd", unit_amount: "8388", product_data: { name: `Invoice ${invoice.number}` } } }],
      customer_creation: "always",
      customer_email: "s-create@example.test",
    });
    expect(request.idempotencyKey).toBe(`checkout:${invoice.id}:8388`);
  });

  it("lets someone else (an organization's billing member) pay once without saving their card on the buyer", async () => {
    const { invoice } = await orderAndCheckout("s-buyer");
    const before = fake.requests.length;
    await stripeGateway.createPayment(
      { id: invoice.id, number: invoice.number, customerId: "s-buyer", currency: invoice.currency, amountDue: invoice.amountDue },
      { payerId: "s-colleague", customerEmail: "colleague@example.test" },
    );
    const request = fake.requests.slice(before).find((r) => r.path === "/v1/checkout/sessions" && r.method === "POST")!;
    expect(request.body).toMatchObject({ customer_email: "colleague@example.test", payment_intent_data: { metadata: { invoiceId: invoice.id } } });
    const body = request.body as { payment_intent_data: Record<string, unknown>; customer?: unknown; customer_creation?: unknown };
    expect(body.payment_intent_data.setup_future_usage).toBeUndefined();
    expect(body.customer).toBeUndefined();
    expect(body.customer_creation).toBeUndefined();
    expect(request.idempotencyKey).toBe(`checkout:${invoice.id}:8388:payer:s-colleague`);
  });
});

describe("Stripe webhook", () => {
  it("turns 4× duplicated, out-of-order deliveries into one payment, one activation job and one email", async () => {
    const { placed, invoice, sessionId } = await orderAndCheckout("s-dup");
    const { session, paymentIntent } = fake.completeCheckout(sessionId);
    const succeeded = fake.event("payment_intent.succeeded", paymentIntent);
    const completed = fake.event("checkout.session.completed", session);
    // payment_intent.succeeded first, then everything again, three more times, interleaved.
    const deliveries = [succeeded, completed, completed, succeeded, succeeded, completed, completed, succeeded];
    const responses = [];
    for (const event of deliveries) responses.push(await deliver(event));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(responses.filter((r) => r.body.duplicate)).toHaveLength(6);
    // Concurrent redelivery too.
    const concurrent = await Promise.all([deliver(succeeded), deliver(completed), deliver(fake.event("payment_intent.succeeded", paymentIntent))]);
    expect(concurrent.map((r) => r.status)).toEqual([200, 200, 200]);

    const pays = await billingDb().select().from(payments).where(eq(payments.invoiceId, invoice.id));
    expect(pays).toHaveLength(1);
    expect(pays[0]).toMatchObject({ gateway: "stripe", gatewayRef: paymentIntent.id, amount: 8388, currency: "USD", status: "succeeded", details: { brand: "visa", last4: "4242" } });
    const paidJobs = await billingDb().select().from(jobs).where(eq(jobs.type, "billing.invoice-paid"));
    expect(paidJobs.filter((j) => j.uniqueKey === `invoice-paid:${invoice.id}`)).toHaveLength(1);

    await runWorker();
    const [svc] = await billingDb().select().from(services).where(eq(services.orderId, placed.order.id));
    expect(svc).toMatchObject({ status: "active", provisioningStatus: "succeeded" });
    expect(activations.filter((id) => id === svc!.id)).toHaveLength(1);
    const mails = await opsDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, "s-dup@example.test"));
    expect(mails).toHaveLength(1);
    expect((await getInvoice(invoice.id))!.status).toBe("paid");

    // The card was saved for renewals, on the customer and the service.
    const [method] = await billingDb().select().from(paymentMethods).where(eq(paymentMethods.customerId, "s-dup"));
    expect(method).toMatchObject({ gateway: "stripe", gatewayMethodRef: paymentIntent.payment_method, brand: "visa", last4: "4242", isDefault: true });
    expect(svc!.paymentMethodId).toBe(method!.id);
    const [profile] = await billingDb().select().from(billingProfiles).where(eq(billingProfiles.customerId, "s-dup"));
    expect(profile!.stripeCustomerId).toBe(paymentIntent.customer);
    const stored = await billingDb().select().from(gatewayEvents).where(eq(gatewayEvents.gateway, "stripe"));
    expect(stored.filter((e) => e.eventId === succeeded.id || e.eventId === completed.id).map((e) => e.status)).toEqual(["processed", "processed"]);
  });

  it("answers 400 to forged and stale signatures and stores nothing", async () => {
    const { sessionId } = await orderAndCheckout("s-forged");
    const { paymentIntent } = fake.completeCheckout(sessionId);
    const event = fake.event("payment_intent.succeeded", paymentIntent);
    const before = await eventRows();
    expect((await deliver(event, { secret: "whsec_wrong" })).status).toBe(400);
    expect((await deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(400);
    const payload = JSON.stringify(event);
    const header = signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    expect((await handleStripeWebhook(payload.replace("8388", "1"), header)).status).toBe(400);
    expect((await handleStripeWebhook(payload, null)).status).toBe(400);
    expect((await handleStripeWebhook(payload, "t=1,v1=abc")).status).toBe(400);
    expect(await eventRows()).toBe(before);
    expect(await billingDb().select().from(payments).where(eq(payments.gatewayRef, paymentIntent.id))).toHaveLength(0);
  });

  it("stores and ignores event types outside the allow-list", async () => {
    const event = fake.event("customer.created", { id: "cus_x", object: "customer" });
    const response = await deliver(event);
    expect(response).toEqual({ status: 200, body: { received: true, ignored: true } });
    const [row] = await billingDb().select().from(gatewayEvents).where(eq(gatewayEvents.eventId, event.id as string));
    expect(row).toMatchObject({ type: "customer.created", status: "ignored" });
    expect((await deliver(event)).body).toMatchObject({ duplicate: true });
  });

  it("flags a payment whose amount or currency does not match the invoice, and does not apply it", async () => {
    const a = await orderAndCheckout("s-mismatch-amount");
    const paidLess = fake.completeCheckout(a.sessionId, { amount: 100 });
    expect((await deliver(fake.event("checkout.session.completed", paidLess.session))).status).toBe(200);
    const b = await orderAndCheckout("s-mismatch-currency");
    const paidEur = fake.completeCheckout(b.sessionId, { currency: "eur" });
    expect((await deliver(fake.event("payment_intent.succeeded", paidEur.paymentIntent))).status).toBe(200);

    for (const [invoice, pi, kind] of [
      [a.invoice, paidLess.paymentIntent, "amount_mismatch"],
      [b.invoice, paidEur.paymentIntent, "currency_mismatch"],
    ] as const) {
      expect((await getInvoice(invoice.id))).toMatchObject({ status: "unpaid", amountPaid: 0 });
      const [payment] = await billingDb().select().from(payments).where(eq(payments.gatewayRef, pi.id as string));
      expect(payment).toMatchObject({ status: "held", failureCode: kind });
      const [flag] = await billingDb().select().from(reconciliationFlags).where(eq(reconciliationFlags.gatewayRef, pi.id as string));
      expect(flag).toMatchObject({ kind, status: "open", invoiceId: invoice.id });
      expect(await billingDb().select().from(jobs).where(eq(jobs.uniqueKey, `invoice-paid:${invoice.id}`))).toHaveLength(0);
    }
  });

  it("records failed payments, refunds (with credit notes) and disputes from re-read state", async () => {
    const { invoice, sessionId } = await orderAndCheckout("s-life");
    const failed = fake.failedPaymentIntent(invoice.id, 8388, "usd");
    expect((await deliver(fake.event("payment_intent.payment_failed", failed))).status).toBe(200);
    const [failure] = await billingDb().select().from(paymentFailures).where(eq(paymentFailures.invoiceId, invoice.id));
    expect(failure).toMatchObject({ gateway: "stripe", gatewayRef: failed.id, code: "insufficient_funds", resolvedAt: null });

    const { paymentIntent } = fake.completeCheckout(sessionId);
    await deliver(fake.event("payment_intent.succeeded", paymentIntent));
    const [resolved] = await billingDb().select().from(paymentFailures).where(eq(paymentFailures.invoiceId, invoice.id));
    expect(resolved!.resolvedAt).not.toBeNull();

    // A partial refund made in the Stripe dashboard, then the rest; each charge.refunded delivered twice.
    const charge1 = fake.refundAtStripe(paymentIntent.id as string, 1000);
    const e1 = fake.event("charge.refunded", charge1);
    await deliver(e1);
    await deliver(e1);
    expect(await getInvoice(invoice.id)).toMatchObject({ status: "partially_refunded", amountRefunded: 1000 });
    const charge2 = fake.refundAtStripe(paymentIntent.id as string);
    await deliver(fake.event("charge.refunded", charge2));
    await deliver(fake.event("charge.refunded", charge2));
    expect(await getInvoice(invoice.id)).toMatchObject({ status: "refunded", amountRefunded: 8388 });
    const rows = await billingDb().select().from(refunds).where(eq(refunds.invoiceId, invoice.id));
    expect(rows.map((r) => r.amount).sort((x, y) => x - y)).toEqual([1000, 7388]);
    const notes = await billingDb().select().from(creditNotes).where(eq(creditNotes.invoiceId, invoice.id));
    expect(notes.map((n) => n.total).sort((x, y) => x - y)).toEqual([1000, 7388]);
    expect(notes.every((n) => /^CN-\d{4}-\d{6}$/.test(n.number))).toBe(true);
    const [payment] = await billingDb().select().from(payments).where(eq(payments.gatewayRef, paymentIntent.id as string));
    expect(payment).toMatchObject({ status: "refunded", amountRefunded: 8388 });

    const dispute = fake.dispute(paymentIntent.id as string);
    await deliver(fake.event("charge.dispute.created", dispute));
    const [disputed] = await billingDb().select().from(payments).where(eq(payments.gatewayRef, paymentIntent.id as string));
    expect(disputed!.status).toBe("disputed");
    const [flag] = await billingDb().select().from(reconciliationFlags).where(eq(reconciliationFlags.gatewayRef, dispute.id as string));
    expect(flag).toMatchObject({ kind: "status_mismatch", paymentId: payment!.id, details: expect.objectContaining({ reason: "fraudulent" }) });
  });

  it("retries a failed handler on the next delivery instead of treating it as a duplicate", async () => {
    const { invoice, sessionId } = await orderAndCheckout("s-retry");
    const { paymentIntent } = fake.completeCheckout(sessionId);
    const event = fake.event("payment_intent.succeeded", paymentIntent);
    // Stripe unreachable: the handler cannot re-read the PaymentIntent.
    process.env.STRIPE_API_BASE = "http://127.0.0.1:9";
    resetEnvCache();
    const down = await deliver(event);
    expect(down.status).toBe(500);
    const [row] = await billingDb().select().from(gatewayEvents).where(eq(gatewayEvents.eventId, event.id as string));
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    process.env.STRIPE_API_BASE = fake.url;
    resetEnvCache();
    expect((await deliver(event)).status).toBe(200);
    const [after] = await billingDb().select().from(gatewayEvents).where(eq(gatewayEvents.eventId, event.id as string));
    expect(after).toMatchObject({ status: "processed", attempts: 2 });
    expect(await getInvoice(invoice.id)).toMatchObject({ status: "paid" });
  });
});

describe("Stripe off-session renewals and refunds", () => {
  it("charges the saved card once per (service, period), records declines and emails on SCA", async () => {
    const { placed, sessionId } = await orderAndCheckout("s-renew");
    const { session } = fake.completeCheckout(sessionId);
    await deliver(fake.event("checkout.session.completed", session));
    await runWorker();
    const [svc] = await billingDb().select().from(services).where(eq(services.orderId, placed.order.id));
    const { createInvoice } = await import("@/lib/billing/invoices");
    const periodStart = svc!.currentPeriodEnd!;
    const renewal = await billingDb().transaction((tx) =>
      createInvoice(tx, {
        customerId: "s-renew",
        kind: "renewal",
        currency: "USD",
        dueAt: periodStart,
        now: clock(),
        items: [{ serviceId: svc!.id, description: "Family (yearly)", quantity: 1, unitAmount: 8388, amount: 8388, total: 8388, periodStart, periodEnd: new Date(periodStart.getTime() + 365 * 86_400_000) }],
      }),
    );
    const first = await chargeSavedStripeMethod({ invoiceId: renewal.id, serviceId: svc!.id, periodStart, attempt: 1, now: clock() });
    expect(first.outcome).toBe("paid");
    // A re-run of the job after the charge went through does not charge again.
    const again = await chargeSavedStripeMethod({ invoiceId: renewal.id, serviceId: svc!.id, periodStart, attempt: 1, now: clock() });
    expect(again).toEqual({ outcome: "skipped", reason: "invoice is paid" });
    const creates = fake.requests.filter((r) => r.path === "/v1/payment_intents" && r.method === "POST");
    expect(creates.at(-1)).toMatchObject({ idempotencyKey: `renewal:${svc!.id}:${periodStart.getTime()}`, body: { off_session: "true", confirm: "true" } });
    expect(await billingDb().select().from(payments).where(eq(payments.invoiceId, renewal.id))).toHaveLength(1);

    // Declined, then authentication required.
    const [method] = await billingDb().select().from(paymentMethods).where(eq(paymentMethods.id, svc!.paymentMethodId!));
    const declined = await billingDb().transaction((tx) =>
      createInvoice(tx, { customerId: "s-renew", kind: "renewal", currency: "USD", dueAt: periodStart, now: clock(), items: [{ serviceId: svc!.id, description: "x", quantity: 1, unitAmount: 8388, amount: 8388, total: 8388 }] }),
    );
    fake.declines.set(method!.gatewayMethodRef, "card_declined");
    const d = await chargeSavedStripeMethod({ invoiceId: declined.id, serviceId: svc!.id, periodStart: new Date(periodStart.getTime() + 1), attempt: 1, now: clock() });
    expect(d).toMatchObject({ outcome: "failed", code: "card_declined" });
    fake.declines.set(method!.gatewayMethodRef, "authentication_required");
    const sca = await chargeSavedStripeMethod({ invoiceId: declined.id, serviceId: svc!.id, periodStart: new Date(periodStart.getTime() + 1), attempt: 2, now: clock() });
    expect(sca.outcome).toBe("requires_action");
    const failures = await billingDb().select().from(paymentFailures).where(eq(paymentFailures.invoiceId, declined.id));
    expect(failures.map((f) => [f.code, f.attempt])).toEqual([
      ["card_declined", 1],
      ["authentication_required", 2],
    ]);
    const mails = await opsDb().select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, "s-renew@example.test"), eq(emailOutbox.template, "billing.authentication-required")));
    expect(mails).toHaveLength(1);
    fake.declines.clear();
  });

  it("reads the authoritative state of a payment", async () => {
    const { sessionId } = await orderAndCheckout("s-state");
    const { paymentIntent } = fake.completeCheckout(sessionId);
    expect(await stripeGateway.fetchAuthoritativeState(paymentIntent.id as string)).toMatchObject({ status: "succeeded", amount: 8388, currency: "USD", amountRefunded: 0 });
    fake.refundAtStripe(paymentIntent.id as string, 100);
    expect(await stripeGateway.fetchAuthoritativeState(paymentIntent.id as string)).toMatchObject({ status: "partially_refunded", amountRefunded: 100 });
  });
});
