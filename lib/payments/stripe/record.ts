import "server-only";
/**
 * Turns a PaymentIntent, as the Stripe API reports it, into our records: the saved payment method (for off-session
 * renewals) and the payment applied to the invoice named in its metadata. Called by the webhook handlers and by
 * off-session charges; idempotent per PaymentIntent id.
 */
import { and, eq, isNull } from "drizzle-orm";
import type Stripe from "stripe";
import { billingDb } from "@/db/billing/client";
import { billingProfiles, invoiceItems, invoices, paymentMethods, reconciliationFlags, services } from "@/db/billing/schema";
import { recordPayment } from "@/lib/billing/invoices";
import type { BillingExecutor } from "@/lib/billing/db";
import type { EventOutcome, SettleEvent } from "../events";

const idOf = (value: string | { id: string } | null | undefined): string | null => (typeof value === "string" ? value : (value?.id ?? null));

async function flagUnattributed(tx: BillingExecutor, pi: Stripe.PaymentIntent, message: string) {
  await tx
    .insert(reconciliationFlags)
    .values({
      gateway: "stripe",
      gatewayRef: pi.id,
      kind: "missing_locally",
      gatewayAmount: pi.amount_received,
      currency: pi.currency.toUpperCase(),
      details: { message, metadata: pi.metadata ?? {} },
    })
    .onConflictDoNothing();
}

/** Saves the card Stripe attached for future off-session use, and makes it the method of the invoice's services. */
async function savePaymentMethod(tx: BillingExecutor, pi: Stripe.PaymentIntent, invoice: typeof invoices.$inferSelect): Promise<string | null> {
  const customerRef = idOf(pi.customer);
  const methodRef = idOf(pi.payment_method);
  if (!customerRef || !methodRef || !pi.setup_future_usage) return null;
  const pm = typeof pi.payment_method === "object" ? pi.payment_method : null;
  const card = pm?.card;
  const [method] = await tx
    .insert(paymentMethods)
    .values({
      customerId: invoice.customerId,
      gateway: "stripe",
      gatewayCustomerRef: customerRef,
      gatewayMethodRef: methodRef,
      type: pm?.type === "card" || !pm ? "card" : pm.type === "sepa_debit" ? "sepa_debit" : "other",
      brand: card?.brand ?? null,
      last4: card?.last4 ?? null,
      expMonth: card?.exp_month ?? null,
      expYear: card?.exp_year ?? null,
      status: "active",
    })
    .onConflictDoUpdate({ target: [paymentMethods.gateway, paymentMethods.gatewayMethodRef], set: { status: "active", gatewayCustomerRef: customerRef } })
    .returning({ id: paymentMethods.id, customerId: paymentMethods.customerId });
  if (!method || method.customerId !== invoice.customerId) return null;
  const [hasDefault] = await tx
    .select({ id: paymentMethods.id })
    .from(paymentMethods)
    .where(and(eq(paymentMethods.customerId, invoice.customerId), eq(paymentMethods.isDefault, true)))
    .limit(1);
  if (!hasDefault) await tx.update(paymentMethods).set({ isDefault: true }).where(eq(paymentMethods.id, method.id));
  const [profile] = await tx.select({ id: billingProfiles.id, ref: billingProfiles.stripeCustomerId }).from(billingProfiles).where(eq(billingProfiles.customerId, invoice.customerId)).limit(1);
  if (profile && !profile.ref) {
    const [taken] = await tx.select({ id: billingProfiles.id }).from(billingProfiles).where(eq(billingProfiles.stripeCustomerId, customerRef)).limit(1);
    if (!taken) await tx.update(billingProfiles).set({ stripeCustomerId: customerRef }).where(eq(billingProfiles.id, profile.id));
  }
  const serviceIds = new Set<string>();
  if (invoice.orderId) {
    for (const s of await tx.select({ id: services.id }).from(services).where(eq(services.orderId, invoice.orderId))) serviceIds.add(s.id);
  }
  for (const i of await tx.select({ id: invoiceItems.serviceId }).from(invoiceItems).where(eq(invoiceItems.invoiceId, invoice.id))) if (i.id) serviceIds.add(i.id);
  for (const id of serviceIds) {
    await tx
      .update(services)
      .set({ paymentMethodId: method.id, gateway: "stripe" })
      .where(and(eq(services.id, id), isNull(services.paymentMethodId)));
  }
  return method.id;
}

export async function recordStripePaymentIntent(pi: Stripe.PaymentIntent, now: Date = new Date(), settle?: SettleEvent): Promise<EventOutcome> {
  if (pi.status !== "succeeded") return { note: `payment intent ${pi.id} is ${pi.status}` };
  const invoiceId = pi.metadata?.invoiceId;
  return billingDb().transaction(async (tx) => {
    const outcome = await applyPaymentIntent(tx, pi, invoiceId, now);
    await settle?.(tx, outcome);
    return outcome;
  });
}

async function applyPaymentIntent(tx: BillingExecutor, pi: Stripe.PaymentIntent, invoiceId: string | undefined, now: Date): Promise<EventOutcome> {
  const [invoice] = invoiceId ? await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).limit(1) : [];
  if (!invoice) {
    await flagUnattributed(tx, pi, invoiceId ? `invoice ${invoiceId} does not exist` : "payment without an invoice id");
    return { note: "payment not attributable to an invoice; flagged" };
  }
  const paymentMethodId = await savePaymentMethod(tx, pi, invoice);
  const card = typeof pi.payment_method === "object" ? pi.payment_method?.card : null;
  const result = await recordPayment(
    {
      invoiceId: invoice.id,
      gateway: "stripe",
      gatewayRef: pi.id,
      amount: pi.amount_received,
      currency: pi.currency,
      paymentMethodId,
      details: card ? { brand: card.brand, last4: card.last4 } : null,
    },
    { tx, now },
  );
  return { invoiceId: invoice.id, paymentId: result.payment.id, note: result.outcome === "applied" ? undefined : `payment ${result.outcome}` };
}
