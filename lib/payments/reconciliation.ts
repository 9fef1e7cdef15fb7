import "server-only";
/**
 * Nightly reconciliation (`billing.reconcile`, lib/jobs/schedules.ts): compares what the gateways say about recent
 * payments with our records, so a lost webhook or a change made in a gateway's dashboard never goes unnoticed
 * (FOSSBilling#1053: paid at PayPal but unpaid in billing).
 *
 * Stripe: every PaymentIntent created in the window (listed from the API, newest first, paginated):
 * - succeeded but not recorded here → re-read and recorded through the same path as the webhook (so it is recorded
 *   once, however often this runs, and activates the service once), and flagged `missing_locally` for staff;
 *   one without an invoice to attribute it to is flagged only;
 * - recorded with another amount or currency → `amount_mismatch` / `currency_mismatch`;
 * - refunded at the gateway more than we know of → `status_mismatch`.
 * Our own Stripe and PayPal payments of the window that the gateway does not confirm (not found, or not succeeded)
 * are flagged `missing_at_gateway`.
 * PayPal has no list of captures in Orders v2, so the other direction goes through the orders we created
 * (gateway_checkouts): each order of the window on an invoice without a PayPal payment is re-read, and a completed
 * capture we never heard of (webhook and return both lost: FOSSBilling#1053) is recorded through the same path as
 * the webhook and flagged `missing_locally`.
 *
 * Idempotent: payments are unique per gateway reference and flags per (gateway, reference, kind), so a re-run (or
 * two workers at once) records and flags nothing twice.
 */
import { and, eq, gte, inArray, notExists } from "drizzle-orm";
import type Stripe from "stripe";
import { billingDb } from "@/db/billing/client";
import { gatewayCheckouts, payments, reconciliationFlags, RECONCILIATION_KINDS, type Gateway } from "@/db/billing/schema";
import { gatewaySecrets } from "./config";
import { captureAmount, recordPayPalCapture } from "./paypal/record";
import { stripeClient } from "./stripe/client";
import { recordStripePaymentIntent } from "./stripe/record";

const DAY = 86_400_000;

export interface ReconciliationResult {
  /** Gateway payments looked at. */
  checked: number;
  /** Payments captured at the gateway that we recorded now. */
  recorded: string[];
  /** New flags raised in this run (existing ones are not raised again). */
  flagged: Array<{ gateway: Gateway; gatewayRef: string; kind: (typeof RECONCILIATION_KINDS)[number] }>;
  errors: string[];
}

async function flag(
  result: ReconciliationResult,
  input: {
    gateway: Gateway;
    gatewayRef: string;
    kind: (typeof RECONCILIATION_KINDS)[number];
    paymentId?: string | null;
    invoiceId?: string | null;
    amount?: number | null;
    gatewayAmount?: number | null;
    currency?: string | null;
    message: string;
  },
) {
  const [row] = await billingDb()
    .insert(reconciliationFlags)
    .values({
      gateway: input.gateway,
      gatewayRef: input.gatewayRef,
      kind: input.kind,
      paymentId: input.paymentId ?? null,
      invoiceId: input.invoiceId ?? null,
      amount: input.amount ?? null,
      gatewayAmount: input.gatewayAmount ?? null,
      currency: input.currency ?? null,
      details: { message: input.message, source: "reconciliation" },
    })
    .onConflictDoNothing()
    .returning({ id: reconciliationFlags.id });
  if (row) result.flagged.push({ gateway: input.gateway, gatewayRef: input.gatewayRef, kind: input.kind });
}

async function hasFlag(gateway: Gateway, gatewayRef: string, kind: (typeof RECONCILIATION_KINDS)[number]) {
  const [row] = await billingDb()
    .select({ id: reconciliationFlags.id })
    .from(reconciliationFlags)
    .where(and(eq(reconciliationFlags.gateway, gateway), eq(reconciliationFlags.gatewayRef, gatewayRef), eq(reconciliationFlags.kind, kind)))
    .limit(1);
  return Boolean(row);
}

const isNotFound = (error: unknown) => (error as { statusCode?: number }).statusCode === 404 || (error as { code?: string }).code === "resource_missing";

async function reconcileStripe(since: Date, now: Date, result: ReconciliationResult) {
  const stripe = await stripeClient();
  const seen = new Set<string>();
  const db = billingDb();
  const list = stripe.paymentIntents.list({ created: { gte: Math.floor(since.getTime() / 1000) }, limit: 100, expand: ["data.latest_charge"] });
  for await (const pi of list as AsyncIterable<Stripe.PaymentIntent>) {
    seen.add(pi.id);
    if (pi.status !== "succeeded") continue;
    result.checked++;
    const [local] = await db.select().from(payments).where(and(eq(payments.gateway, "stripe"), eq(payments.gatewayRef, pi.id))).limit(1);
    if (!local) {
      // Captured at Stripe, unknown here: record it as the webhook would have (re-read with the card), then flag it.
      const flaggedBefore = await hasFlag("stripe", pi.id, "missing_locally");
      const full = await stripe.paymentIntents.retrieve(pi.id, { expand: ["payment_method"] });
      const outcome = await recordStripePaymentIntent(full, now);
      if (outcome.paymentId) {
        result.recorded.push(outcome.paymentId);
        await flag(result, {
          gateway: "stripe",
          gatewayRef: pi.id,
          kind: "missing_locally",
          paymentId: outcome.paymentId,
          invoiceId: outcome.invoiceId ?? null,
          gatewayAmount: pi.amount_received,
          currency: pi.currency.toUpperCase(),
          message: `Captured at Stripe but not recorded here (webhook lost?); recorded by reconciliation${outcome.note ? ` (${outcome.note})` : ""}.`,
        });
      } else {
        // No invoice to attribute it to: recordStripePaymentIntent flagged it (once); report it if that was now.
        if (!flaggedBefore && (await hasFlag("stripe", pi.id, "missing_locally"))) result.flagged.push({ gateway: "stripe", gatewayRef: pi.id, kind: "missing_locally" });
      }
      continue;
    }
    if (local.status === "held") continue; // flagged when it was held
    const currency = pi.currency.toUpperCase();
    if (currency !== local.currency) {
      await flag(result, { gateway: "stripe", gatewayRef: pi.id, kind: "currency_mismatch", paymentId: local.id, invoiceId: local.invoiceId, amount: local.amount, gatewayAmount: pi.amount_received, currency, message: `Stripe says ${currency}, we recorded ${local.currency}.` });
    } else if (pi.amount_received !== local.amount) {
      await flag(result, { gateway: "stripe", gatewayRef: pi.id, kind: "amount_mismatch", paymentId: local.id, invoiceId: local.invoiceId, amount: local.amount, gatewayAmount: pi.amount_received, currency, message: `Stripe captured ${pi.amount_received}, we recorded ${local.amount}.` });
    }
    const charge = typeof pi.latest_charge === "object" ? pi.latest_charge : null;
    const refundedAtGateway = charge?.amount_refunded ?? 0;
    if (refundedAtGateway > local.amountRefunded) {
      await flag(result, {
        gateway: "stripe",
        gatewayRef: pi.id,
        kind: "status_mismatch",
        paymentId: local.id,
        invoiceId: local.invoiceId,
        amount: local.amountRefunded,
        gatewayAmount: refundedAtGateway,
        currency,
        message: `Refunded ${refundedAtGateway} at Stripe, ${local.amountRefunded} here (a refund made in the Stripe dashboard?).`,
      });
    }
  }
  // Ours but not in Stripe's list of the window: ask Stripe about each one.
  const ours = await db
    .select()
    .from(payments)
    .where(and(eq(payments.gateway, "stripe"), inArray(payments.status, ["succeeded", "partially_refunded", "refunded"]), gte(payments.paidAt, since)));
  for (const local of ours) {
    if (!local.gatewayRef || seen.has(local.gatewayRef)) continue;
    await checkOurs("stripe", local, result);
  }
}

async function checkOurs(gateway: Gateway, local: typeof payments.$inferSelect, result: ReconciliationResult) {
  result.checked++;
  let status: string;
  let amount: number | null = null;
  try {
    // Imported here: the job registry loads this file in every worker, and the PayPal SDK is heavy to load.
    const { gatewayFor } = await import("./registry");
    const state = await gatewayFor(gateway).fetchAuthoritativeState(local.gatewayRef!);
    status = state.status;
    amount = state.amount;
  } catch (error) {
    if (!isNotFound(error)) {
      result.errors.push(`${gateway} ${local.gatewayRef}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    status = "not found";
  }
  if (!["succeeded", "refunded", "partially_refunded"].includes(status)) {
    await flag(result, {
      gateway,
      gatewayRef: local.gatewayRef!,
      kind: "missing_at_gateway",
      paymentId: local.id,
      invoiceId: local.invoiceId,
      amount: local.amount,
      gatewayAmount: amount,
      currency: local.currency,
      message: `Recorded here as paid, but the gateway says: ${status}.`,
    });
  } else if (amount !== null && amount !== local.amount) {
    await flag(result, { gateway, gatewayRef: local.gatewayRef!, kind: "amount_mismatch", paymentId: local.id, invoiceId: local.invoiceId, amount: local.amount, gatewayAmount: amount, currency: local.currency, message: `The gateway captured ${amount}, we recorded ${local.amount}.` });
  }
}

async function reconcilePayPal(since: Date, now: Date, result: ReconciliationResult) {
  const ours = await billingDb()
    .select()
    .from(payments)
    .where(and(eq(payments.gateway, "paypal"), inArray(payments.status, ["succeeded", "partially_refunded", "refunded"]), gte(payments.paidAt, since)));
  for (const local of ours) if (local.gatewayRef) await checkOurs("paypal", local, result);

  const unpaidOrders = await billingDb()
    .select({ orderId: gatewayCheckouts.gatewayRef, invoiceId: gatewayCheckouts.invoiceId })
    .from(gatewayCheckouts)
    .where(
      and(
        eq(gatewayCheckouts.gateway, "paypal"),
        gte(gatewayCheckouts.createdAt, since),
        notExists(
          billingDb()
            .select({ id: payments.id })
            .from(payments)
            .where(and(eq(payments.invoiceId, gatewayCheckouts.invoiceId), eq(payments.gateway, "paypal"))),
        ),
      ),
    );
  if (unpaidOrders.length === 0) return;
  const { getPayPalCapture, getPayPalOrderCaptures } = await import("./paypal/gateway");
  for (const checkout of unpaidOrders) {
    result.checked++;
    try {
      for (const capture of await getPayPalOrderCaptures(checkout.orderId)) {
        if (capture.status !== "COMPLETED") continue;
        const authoritative = await getPayPalCapture(capture.id);
        const outcome = await recordPayPalCapture(authoritative, now);
        if (outcome.paymentId) result.recorded.push(capture.id);
        await flag(result, {
          gateway: "paypal",
          gatewayRef: capture.id,
          kind: "missing_locally",
          paymentId: outcome.paymentId ?? null,
          invoiceId: checkout.invoiceId,
          gatewayAmount: captureAmount(authoritative)?.amount ?? null,
          currency: captureAmount(authoritative)?.currency ?? null,
          message: outcome.paymentId
            ? `Captured at PayPal (order ${checkout.orderId}) but never recorded here; recorded by reconciliation.`
            : `Captured at PayPal (order ${checkout.orderId}) but not recorded: ${outcome.note ?? "unknown reason"}.`,
        });
      }
    } catch (error) {
      if (!isNotFound(error)) result.errors.push(`paypal order ${checkout.orderId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

export async function reconcileGateways(options: { now?: Date; windowDays?: number } = {}): Promise<ReconciliationResult> {
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - (options.windowDays ?? 3) * DAY);
  const result: ReconciliationResult = { checked: 0, recorded: [], flagged: [], errors: [] };
  if ((await gatewaySecrets("stripe")).secretKey) {
    try {
      await reconcileStripe(since, now, result);
    } catch (error) {
      result.errors.push(`stripe: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if ((await gatewaySecrets("paypal")).clientId) {
    try {
      await reconcilePayPal(since, now, result);
    } catch (error) {
      result.errors.push(`paypal: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return result;
}
