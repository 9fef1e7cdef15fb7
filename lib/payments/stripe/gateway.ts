import "server-only";
/**
 * Stripe: Checkout Session for the first payment (saving the card for renewals), off-session PaymentIntents for
 * renewals with an idempotency key per (service, period), refunds, and the authoritative state of a payment.
 */
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { billingDb } from "@/db/billing/client";
import { billingProfiles, invoices, paymentFailures, paymentMethods, services } from "@/db/billing/schema";
import { PAYABLE_STATUSES } from "@/lib/billing/invoices";
import { appUrl, money, sendBillingEmail } from "@/lib/billing/notify";
import { AppError, notFound } from "@/lib/errors";
import type { AuthoritativePaymentState, CreatePaymentOptions, PayableInvoice, PaymentGateway } from "../types";
import { stripeClient } from "./client";
import { recordStripePaymentIntent } from "./record";

export const stripeGateway: PaymentGateway = {
  name: "stripe",

  async createPayment(invoice: PayableInvoice, options: CreatePaymentOptions = {}) {
    if (invoice.amountDue <= 0) throw new AppError("CONFLICT", "This invoice has nothing left to pay.");
    const stripe = await stripeClient();
    const [profile] = await billingDb()
      .select({ stripeCustomerId: billingProfiles.stripeCustomerId, email: billingProfiles.email })
      .from(billingProfiles)
      .where(eq(billingProfiles.customerId, invoice.customerId))
      .limit(1);
    const label = invoice.number ? `Invoice ${invoice.number}` : "Invoice";
    // Someone other than the invoice's customer (a billing member of the organization) pays once with their own
    // card: it is neither attached to the buyer's Stripe customer nor saved for the buyer's renewals.
    const saveCard = !options.payerId || options.payerId === invoice.customerId;
    const session = await stripe.checkout.sessions.create(
      {
        mode: "payment",
        client_reference_id: invoice.id,
        metadata: { invoiceId: invoice.id },
        line_items: [
          { quantity: 1, price_data: { currency: invoice.currency.toLowerCase(), unit_amount: invoice.amountDue, product_data: { name: label } } },
        ],
        payment_intent_data: {
          // Saves the card on the Stripe customer for renewals charged off-session.
          ...(saveCard ? { setup_future_usage: "off_session" as const } : {}),
          metadata: { invoiceId: invoice.id },
          description: label,
        },
        ...(!saveCard
          ? options.customerEmail
            ? { customer_email: options.customerEmail }
            : {}
          : profile?.stripeCustomerId
            ? { customer: profile.stripeCustomerId }
            : { customer_creation: "always" as const, ...((options.customerEmail ?? profile?.email) ? { customer_email: (options.customerEmail ?? profile?.email)! } : {}) }),
        success_url: options.returnUrl ?? appUrl(`/portal/invoices/${invoice.id}?paid=1`),
        cancel_url: options.cancelUrl ?? appUrl(`/portal/invoices/${invoice.id}`),
      },
      // A double click gets the same session rather than a second one for the same amount.
      { idempotencyKey: `checkout:${invoice.id}:${invoice.amountDue}${saveCard ? "" : `:payer:${options.payerId}`}` },
    );
    if (!session.url) throw new AppError("UNAVAILABLE", "Stripe did not return a checkout page.");
    return { kind: "redirect" as const, url: session.url, gatewayRef: session.id };
  },

  async refund(payment, amount, options) {
    const stripe = await stripeClient();
    const refund = await stripe.refunds.create(
      { payment_intent: payment.gatewayRef, amount, metadata: { refundId: options.idempotencyKey.replace(/^refund:/, "") }, reason: "requested_by_customer" },
      { idempotencyKey: options.idempotencyKey },
    );
    return { gatewayRef: refund.id, status: refund.status === "succeeded" ? "succeeded" : refund.status === "failed" || refund.status === "canceled" ? "failed" : "pending" };
  },

  async fetchAuthoritativeState(gatewayRef: string): Promise<AuthoritativePaymentState> {
    const stripe = await stripeClient();
    const pi = await stripe.paymentIntents.retrieve(gatewayRef, { expand: ["latest_charge"] });
    const charge = typeof pi.latest_charge === "object" ? pi.latest_charge : null;
    const refunded = charge?.amount_refunded ?? 0;
    const status =
      pi.status === "succeeded"
        ? refunded >= pi.amount_received && refunded > 0
          ? "refunded"
          : refunded > 0
            ? "partially_refunded"
            : "succeeded"
        : pi.status === "requires_action"
          ? "requires_action"
          : pi.status === "canceled" || pi.status === "requires_payment_method"
            ? "failed"
            : pi.status === "processing" || pi.status === "requires_confirmation" || pi.status === "requires_capture"
              ? "pending"
              : "unknown";
    return { gatewayRef: pi.id, status, amount: pi.amount_received, amountRefunded: refunded, currency: pi.currency.toUpperCase(), invoiceId: pi.metadata?.invoiceId ?? null };
  },
};

export type OffSessionChargeResult =
  | { outcome: "paid"; paymentIntentId: string }
  | { outcome: "requires_action"; paymentIntentId: string | null }
  | { outcome: "pending"; paymentIntentId: string }
  | { outcome: "failed"; code: string; message: string; paymentIntentId: string | null }
  | { outcome: "skipped"; reason: string };

/**
 * Charges a renewal invoice to the service's saved card without the customer present. The idempotency key is per
 * (service, period) and attempt: a retried job never charges twice, and a later retry after a decline is a new
 * request (Stripe would replay the decline for the same key). A card that needs authentication (SCA) gets the
 * customer an email with a link to pay the invoice themselves.
 */
export async function chargeSavedStripeMethod(input: {
  invoiceId: string;
  serviceId: string;
  periodStart: Date;
  attempt: number;
  now?: Date;
}): Promise<OffSessionChargeResult> {
  const now = input.now ?? new Date();
  const db = billingDb();
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, input.invoiceId)).limit(1);
  if (!invoice) throw notFound("Invoice not found");
  if (!PAYABLE_STATUSES.includes(invoice.status)) return { outcome: "skipped", reason: `invoice is ${invoice.status}` };
  const due = invoice.total - invoice.amountPaid;
  const [service] = await db.select().from(services).where(eq(services.id, input.serviceId)).limit(1);
  if (!service?.paymentMethodId) return { outcome: "skipped", reason: "no saved payment method" };
  // A cancellation stops off-session renewals even if a charge job was already queued.
  if (service.cancelAtPeriodEnd || ["cancelled", "terminated"].includes(service.status)) return { outcome: "skipped", reason: `service is ${service.cancelAtPeriodEnd ? "ending" : service.status}` };
  const [method] = await db
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.id, service.paymentMethodId), eq(paymentMethods.gateway, "stripe"), eq(paymentMethods.status, "active")))
    .limit(1);
  if (!method?.gatewayCustomerRef) return { outcome: "skipped", reason: "saved payment method is not usable" };

  const stripe = await stripeClient();
  const key = `renewal:${input.serviceId}:${input.periodStart.getTime()}${input.attempt > 1 ? `:retry-${input.attempt}` : ""}`;
  let pi: Stripe.PaymentIntent;
  try {
    pi = await stripe.paymentIntents.create(
      {
        amount: due,
        currency: invoice.currency.toLowerCase(),
        customer: method.gatewayCustomerRef,
        payment_method: method.gatewayMethodRef,
        off_session: true,
        confirm: true,
        metadata: { invoiceId: invoice.id, serviceId: input.serviceId },
        description: `Invoice ${invoice.number}`,
        expand: ["payment_method"],
      },
      { idempotencyKey: key },
    );
  } catch (error) {
    if (error instanceof Stripe.errors.StripeCardError || (error as { type?: string }).type === "StripeCardError") {
      const e = error as InstanceType<typeof Stripe.errors.StripeCardError>;
      const failedPi = (e.payment_intent as Stripe.PaymentIntent | undefined) ?? null;
      const code = e.code ?? e.decline_code ?? "card_error";
      await db.insert(paymentFailures).values({
        customerId: invoice.customerId,
        invoiceId: invoice.id,
        serviceId: input.serviceId,
        paymentMethodId: method.id,
        gateway: "stripe",
        gatewayRef: failedPi?.id ?? null,
        amount: due,
        currency: invoice.currency,
        code,
        message: e.message,
        attempt: input.attempt,
      });
      if (code === "authentication_required" || failedPi?.status === "requires_action") {
        await sendBillingEmail({
          customerId: invoice.customerId,
          dedupeKey: `sca:${invoice.id}`,
          template: "billing.authentication-required",
          subject: `Please confirm your payment for invoice ${invoice.number}`,
          heading: "Your bank asks you to confirm this payment",
          paragraphs: [`We tried to charge ${money(due, invoice.currency)} for invoice ${invoice.number}, and your bank needs you to confirm it.`],
          action: { label: "Pay invoice", url: appUrl(`/portal/invoices/${invoice.id}`) },
        });
        return { outcome: "requires_action", paymentIntentId: failedPi?.id ?? null };
      }
      return { outcome: "failed", code, message: e.message, paymentIntentId: failedPi?.id ?? null };
    }
    throw error;
  }
  if (pi.status === "succeeded") {
    await recordStripePaymentIntent(pi, now);
    return { outcome: "paid", paymentIntentId: pi.id };
  }
  if (pi.status === "requires_action") return { outcome: "requires_action", paymentIntentId: pi.id };
  // processing (e.g. a bank debit): the payment_intent.succeeded webhook records it when it completes.
  return { outcome: "pending", paymentIntentId: pi.id };
}
