import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { billingDb } from "@/db/billing/client";
import { auditLog, jobs, paymentMethods, services } from "@/db/billing/schema";
import { setupBillingDatabases, testClock } from "@/lib/billing/__fixtures__/setup";
import { placeOrder } from "@/lib/billing/checkout";
import { getInvoice } from "@/lib/billing/invoices";
import "@/lib/billing/register-jobs";
import { createRenewalInvoice } from "@/lib/billing/renewals";
import { resetEnvCache } from "@/lib/env";
import { createWorker } from "@/lib/jobs/worker";
import { registerProvisioningModule } from "@/lib/provisioning";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { removePaymentMethod, setDefaultPaymentMethod } from "./saved-methods";
import { resetStripeClients } from "./stripe/client";
import { stripeGateway } from "./stripe/gateway";
import { handleStripeWebhook } from "./stripe/webhook";
import { startFakeStripe, type FakeStripe } from "./testing/stripe-server";

const SECRET_KEY = "sk_test_saved_methods";
const WEBHOOK_SECRET = "whsec_saved_methods";
const clock = testClock(Date.now() + 60_000);
const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };
const signer = new Stripe("sk_test_signer");
let temp: TempDatabases;
let fake: FakeStripe;
const me = { id: "cards-1", email: "cards-1@example.test" };

registerProvisioningModule({ name: "vpn", async activate() {}, async suspend() {}, async unsuspend() {}, async terminate() {}, async changePackage() {} });

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

const deliver = (event: unknown) => {
  const payload = JSON.stringify(event);
  return handleStripeWebhook(payload, signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }));
};

let n = 0;
/** Buys a plan by card at the Stripe stand-in; the webhook saves the card. */
async function buyByCard(customerId: string) {
  const placed = await placeOrder(
    customerId,
    { currency: "USD", items: [{ productSlug: "vpn-personal", cycle: "monthly", quantity: 1 }], billingCountry: "US" },
    { idempotencyKey: `cards-${++n}`, now: clock(), profile: { email: `${customerId}@example.test` } },
  );
  const invoice = (await getInvoice(placed.invoice.id))!;
  const redirect = await stripeGateway.createPayment({ id: invoice.id, number: invoice.number, customerId, currency: "USD", amountDue: invoice.amountDue });
  if (redirect.kind !== "redirect") throw new Error("expected a redirect");
  const done = fake.completeCheckout(redirect.gatewayRef);
  expect((await deliver(fake.event("payment_intent.succeeded", done.paymentIntent))).status).toBe(200);
  const worker = createWorker({ databases: ["billing", "ops"], schedules: false, clock, random: () => 0.5, logger: quietLogger });
  for (let i = 0; i < 6; i++) if ((await worker.runOnce()).claimed === 0) break;
  const [svc] = await billingDb().select().from(services).where(eq(services.orderId, placed.order.id));
  return { service: svc!, stripePm: done.paymentMethod.id };
}
const methods = (customerId: string) => billingDb().select().from(paymentMethods).where(eq(paymentMethods.customerId, customerId)).orderBy(paymentMethods.createdAt);
const serviceMethod = async (id: string) => (await billingDb().select({ pm: services.paymentMethodId }).from(services).where(eq(services.id, id)))[0]!.pm;

describe("saved payment methods", () => {
  it("chooses the default (renewals use it, Stripe is told) and removes a card (detached at Stripe, services move to the default)", async () => {
    const a = await buyByCard(me.id);
    const b = await buyByCard(me.id);
    let [pm1, pm2] = await methods(me.id);
    expect([pm1!.isDefault, pm2!.isDefault]).toEqual([true, false]);
    expect([await serviceMethod(a.service.id), await serviceMethod(b.service.id)]).toEqual([pm1!.id, pm2!.id]);

    await setDefaultPaymentMethod(me, me.id, pm2!.id);
    [pm1, pm2] = await methods(me.id);
    expect([pm1!.isDefault, pm2!.isDefault]).toEqual([false, true]);
    expect([await serviceMethod(a.service.id), await serviceMethod(b.service.id)]).toEqual([pm2!.id, pm2!.id]);
    expect(fake.customers.get(pm2!.gatewayCustomerRef!)!.invoice_settings).toMatchObject({ default_payment_method: b.stripePm });

    // Someone else can neither remove nor choose it.
    await expect(removePaymentMethod({ id: "x", email: "x" }, "someone-else", pm2!.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(setDefaultPaymentMethod({ id: "x", email: "x" }, "someone-else", pm1!.id)).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Removing the default detaches it at Stripe; the remaining card becomes the default and renews both services.
    expect(await removePaymentMethod(me, me.id, pm2!.id)).toEqual({ newDefaultId: pm1!.id });
    expect(fake.requests.some((r) => r.method === "POST" && r.path === `/v1/payment_methods/${b.stripePm}/detach`)).toBe(true);
    expect(fake.paymentMethods.get(b.stripePm)!.customer).toBeNull();
    [pm1, pm2] = await methods(me.id);
    expect([pm1!.status, pm1!.isDefault, pm2!.status, pm2!.isDefault]).toEqual(["active", true, "detached", false]);
    expect([await serviceMethod(a.service.id), await serviceMethod(b.service.id)]).toEqual([pm1!.id, pm1!.id]);
    await expect(removePaymentMethod(me, me.id, pm2!.id)).rejects.toMatchObject({ code: "NOT_FOUND" });

    // The last card removed: renewals are invoices to pay, with no charge job.
    await removePaymentMethod(me, me.id, pm1!.id);
    expect(await serviceMethod(a.service.id)).toBeNull();
    const renewal = await createRenewalInvoice(a.service.id, { now: clock() });
    expect(renewal).not.toBeNull();
    expect(await billingDb().select().from(jobs).where(eq(jobs.uniqueKey, `charge:${renewal!.id}:1`))).toEqual([]);
    const audited = await billingDb().select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.actorId, me.id), eq(auditLog.entityType, "payment_method")));
    expect(audited.map((r) => r.action).sort()).toEqual(["payment_method.remove", "payment_method.remove", "payment_method.set_default"]);
  });
});
