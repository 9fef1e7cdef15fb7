"use server";
/**
 * Checkout: `quoteCheckoutAction` prices the cart as the form changes (anyone may ask; a signed-in customer gets
 * their currency lock, credit and coupon limits applied), `placeOrderAction` turns it into an order, an invoice and
 * a payment hand-over. Both call lib/billing and lib/payments and nothing else.
 */
import { z } from "zod";
import { GATEWAYS } from "@/db/billing/schema";
import { parseForm, runAction } from "@/lib/actions";
import { authorizeCustomer, currentActor, requestContext } from "@/lib/auth/guards";
import { placeOrder, quoteCart } from "@/lib/billing";
import { getBillingProfile } from "@/lib/billing/profile";
import { AppError } from "@/lib/errors";
import { startInvoicePayment } from "@/lib/payments";
import { toQuoteView } from "./quote-view";

const checkoutSchema = z.object({
  plan: z.string().trim().min(1).max(64),
  cycle: z.string().trim().min(1).max(20),
  currency: z.string().trim().min(3).max(3),
  couponCode: z.string().trim().max(64).optional(),
  billingCountry: z.string().trim().max(2).optional().default(""),
  billingState: z.string().trim().max(10).optional(),
  vatId: z.string().trim().max(32).optional(),
  useCredit: z.string().optional(),
});

type CheckoutFields = z.infer<typeof checkoutSchema>;

function quoteInput(fields: CheckoutFields, customerId: string | undefined) {
  return {
    customerId,
    currency: fields.currency,
    items: [{ productSlug: fields.plan, cycle: fields.cycle as never, quantity: 1 }],
    couponCode: fields.couponCode || undefined,
    billingCountry: fields.billingCountry,
    billingState: fields.billingState || undefined,
    vatId: fields.vatId || undefined,
    useCredit: fields.useCredit === "on" || fields.useCredit === "true",
  };
}

/** Prices what the form shows. An inapplicable coupon comes back as `couponError` with the quote unchanged by it. */
export async function quoteCheckoutAction(formData: FormData) {
  return runAction(async () => {
    const fields = parseForm(checkoutSchema, formData);
    const actor = await currentActor();
    // No country yet: price without tax so the summary still shows the plan (tax appears once a country is chosen).
    const input = quoteInput({ ...fields, billingCountry: fields.billingCountry || "ZZ" }, actor?.userId);
    return toQuoteView(await quoteCart(input));
  });
}

const placeSchema = checkoutSchema.extend({
  idempotencyKey: z.string().trim().min(8).max(200),
  /** "Bill to": empty for the personal account, else an organization where the buyer may order (checked in lib). */
  organizationId: z.string().trim().max(64).optional(),
  gateway: z.enum(GATEWAYS).optional(),
});

export interface PlacedOrderResult {
  invoiceId: string;
  /** Where the browser goes next: the gateway's page, or the invoice. */
  redirectTo: string;
}

export async function placeOrderAction(formData: FormData) {
  return runAction(async (): Promise<PlacedOrderResult> => {
    const actor = await authorizeCustomer();
    if (!actor.emailVerified) {
      throw new AppError("FORBIDDEN", `Verify your email address (${actor.email}) before placing an order: open the link we sent you, then try again.`);
    }
    const fields = parseForm(placeSchema, formData);
    if (!fields.billingCountry) throw new AppError("VALIDATION", "Choose your country.", { fieldErrors: { billingCountry: ["Choose your country."] } });
    const ctx = await requestContext();
    const existing = await getBillingProfile(actor.userId);
    const placed = await placeOrder(actor.userId, quoteInput(fields, actor.userId), {
      idempotencyKey: fields.idempotencyKey,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      organizationId: fields.organizationId || null,
      // The first order gives the billing profile a contact; later orders never overwrite what the customer set.
      profile: existing?.email ? undefined : { email: actor.email, name: existing?.name ?? actor.name },
    });
    const invoice = placed.invoice;
    const invoicePage = `/portal/invoices/${invoice.id}`;
    if (invoice.status === "paid" || invoice.total - invoice.amountPaid <= 0) return { invoiceId: invoice.id, redirectTo: `${invoicePage}?paid=1` };
    if (!fields.gateway || fields.gateway === "credit") return { invoiceId: invoice.id, redirectTo: invoicePage };
    try {
      const next = await startInvoicePayment(actor.userId, invoice.id, fields.gateway, { customerEmail: actor.email });
      if (next.kind === "redirect") return { invoiceId: invoice.id, redirectTo: next.url };
      if (next.kind === "instructions") return { invoiceId: invoice.id, redirectTo: `${invoicePage}?method=bank_transfer` };
      return { invoiceId: invoice.id, redirectTo: `${invoicePage}?paid=1` };
    } catch (error) {
      // The order exists either way: the invoice page lets them pay again or another way.
      console.error(`[checkout] could not start ${fields.gateway} payment for invoice ${invoice.id}:`, error instanceof Error ? error.message : error);
      return { invoiceId: invoice.id, redirectTo: `${invoicePage}?payment=unavailable` };
    }
  });
}
