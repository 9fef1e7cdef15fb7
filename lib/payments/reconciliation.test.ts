import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { billingDb } from "@/db/billing/client";
import { invoices, jobs, payments, reconciliationFlags } from "@/db/billing/schema";
import { setupBillingDatabases, testClock } from "@/lib/billing/__fixtures__/setup";
import { placeOrder } from "@/lib/billing/checkout";
import { getInvoice, recordPayment } from "@/lib/billing/invoices";
import "@/lib/billing/register-jobs";
import { resetEnvCache } from "@/lib/env";
import { SCHEDULES } from "@/lib/jobs/schedules";
import { createWorker } from "@/lib/jobs/worker";
import { registerProvisioningModule } from "@/lib/provisioning";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { reconcileGateways } from "./reconciliation";
import { resetStripeClients } from "./stripe/client";
import { stripeGateway } from "./stripe/gateway";
import { handleStripeWebhook } from "./stripe/webhook";
import { startFakeStripe, type FakeStripe } from "./testing/stripe-server";

const SECRET_KEY = "sk_test_reconcile";
const WEBHOOK_SECRET = "whsec_reconcile";
const clock = testClock(Date.now() + 60_000);
const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };
const signer = new Stripe("sk_test_signer");
const activations: string[] = [];
let temp: TempDatabases;
let fake: FakeStripe;

registerProvisioningModule({
  name: "vpn",
  async activate(ctx) {
    activations.push(ctx.serviceId);
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

let n = 0;
async function checkout(customerId: string) {
  const placed = await placeOrder(
    customerId,
    { currency: "USD", items: [{ productSlug: "vpn-family", cycle: "yearly", quantity: 1 }], billingCountry: "US" },
    { idempotencyKey: `rec-${++n}`, now: clock(), profile: { email: `${customerId}@example.test` } },
  );
  const invoice = (await getInvoice(placed.invoice.id))!;
  const redirect = await stripeGateway.createPayment({ id: invoice.id, number: invoice.number, customerId, currency: "USD", amountDue: invoice.amountDue });
  if (redirect.kind !== "redirect") throw new Error("expected a redirect");
  return { invoice, sessionId: redirect.gatewayRef };
}
const deliver = (event: unknown) => {
  const payload = JSON.stringify(event);
  return handleStripeWebhook(payload, signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }));
};
const flags = () => billingDb().select().from(reconciliationFlags);
const work = async () => {
  const worker = createWorker({ databases: ["billing", "ops"], schedules: false, clock, random: () => 0.5, logger: quietLogger });
  for (let i = 0; i < 6; i++) if ((await worker.runOnce()).claimed === 0) break;
};

describe("nightly reconciliation", () => {
  it("is scheduled nightly on the billing queue", () => {
    expect(SCHEDULES).toContainEqual(expect.objectContaining({ name: "billing.reconcile", type: "billing.reconcile", database: "billing" }));
  });

  it("records a payment captured at Stripe whose webhook never came (once, flagged) and flags every mismatch once", async () => {
    // 1. Paid at Stripe, webhook lost.
    const lost = await checkout("rec-lost");
    const { paymentIntent: lostPi } = fake.completeCheckout(lost.sessionId);
    // 2. Paid and recorded, then partly refunded in the Stripe dashboard (no webhook).
    const refunded = await checkout("rec-refunded");
    const { paymentIntent: refundedPi } = fake.completeCheckout(refunded.sessionId);
    expect((await deliver(fake.event("payment_intent.succeeded", refundedPi))).status).toBe(200);
    fake.refundAtStripe(refundedPi.id, 1000);
    // 3. Recorded here against a PaymentIntent Stripe has never heard of.
    const phantom = await checkout("rec-phantom");
    await recordPayment({ invoiceId: phantom.invoice.id, gateway: "stripe", gatewayRef: "pi_not_at_stripe", amount: phantom.invoice.total, currency: "USD" });
    // 4. Money at Stripe with no invoice to attribute it to.
    const stray = fake.succeededPaymentIntent({ amount: 1234, currency: "usd" });

    const first = await reconcileGateways({ now: new Date(Date.now() + 1000) });
    expect(first.errors).toEqual([]);
    expect(first.flagged.map((f) => `${f.kind}:${f.gatewayRef}`).sort()).toEqual(
      [`missing_locally:${lostPi.id}`, `status_mismatch:${refundedPi.id}`, "missing_at_gateway:pi_not_at_stripe", `missing_locally:${stray.id}`].sort(),
    );
    expect(first.recorded).toHaveLength(1);

    // The lost payment is now recorded and its invoice paid, exactly once; the service activates once.
    const lostPayments = await billingDb().select().from(payments).where(and(eq(payments.gateway, "stripe"), eq(payments.gatewayRef, lostPi.id)));
    expect(lostPayments).toMatchObject([{ amount: 8388, currency: "USD", status: "succeeded", invoiceId: lost.invoice.id }]);
    expect((await billingDb().select().from(invoices).where(eq(invoices.id, lost.invoice.id)))[0]!.status).toBe("paid");
    const lostFlag = (await flags()).find((f) => f.gatewayRef === lostPi.id)!;
    expect(lostFlag).toMatchObject({ status: "open", paymentId: lostPayments[0]!.id, invoiceId: lost.invoice.id, gatewayAmount: 8388 });
    expect((await flags()).find((f) => f.gatewayRef === refundedPi.id)).toMatchObject({ amount: 0, gatewayAmount: 1000 });

    // Run again (and concurrently): nothing new is recorded or flagged.
    const again = await Promise.all([reconcileGateways({ now: new Date(Date.now() + 2000) }), reconcileGateways({ now: new Date(Date.now() + 2000) })]);
    expect(again.flatMap((r) => r.recorded)).toEqual([]);
    expect(again.flatMap((r) => r.flagged)).toEqual([]);
    expect(await billingDb().select().from(payments).where(eq(payments.gatewayRef, lostPi.id))).toHaveLength(1);
    expect(await flags()).toHaveLength(4);

    // The late webhook changes nothing either; the service is activated once.
    expect((await deliver(fake.event("payment_intent.succeeded", lostPi))).status).toBe(200);
    expect(await billingDb().select().from(payments).where(eq(payments.gatewayRef, lostPi.id))).toHaveLength(1);
    await work();
    expect(await billingDb().select().from(jobs).where(eq(jobs.uniqueKey, `invoice-paid:${lost.invoice.id}`))).toHaveLength(1);
    const services = activations.length;
    await work();
    expect(activations.length).toBe(services);
  });

  it("runs as the billing.reconcile job", async () => {
    const { reconcileJob } = await import("@/lib/billing/scheduled-jobs");
    await billingDb().transaction((tx) => reconcileJob.enqueue(tx, {}, { uniqueKey: "reconcile-test", runAt: clock() }));
    await work();
    const [job] = await billingDb().select().from(jobs).where(eq(jobs.uniqueKey, "reconcile-test"));
    expect(job!.status).toBe("succeeded");
  });
});
