"use server";
/** Portal billing: add funds to account credit through a gateway, the billing details shown on invoices, saved cards. */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseForm, runAction } from "@/lib/actions";
import { auditActorFor, authorizeCustomer } from "@/lib/auth/guards";
import { createAddFundsInvoice, customerCreditSummary, SUPPORTED_CURRENCIES } from "@/lib/billing";
import { parseAmountField } from "@/lib/billing/admin";
import { saveBillingProfile } from "@/lib/billing/profile";
import { startInvoicePayment } from "@/lib/payments";
import { removePaymentMethod, setDefaultPaymentMethod } from "@/lib/payments/saved-methods";

const addFundsSchema = z.object({
  amount: z.string().trim().min(1, "Enter an amount."),
  currency: z.string().trim().toUpperCase().optional(),
  gateway: z.enum(["stripe", "paypal", "bank_transfer"], { error: "Choose how to pay." }),
});

export async function addFundsAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const input = parseForm(addFundsSchema, formData);
    const summary = await customerCreditSummary(actor.userId);
    const currency = summary?.currency ?? (SUPPORTED_CURRENCIES.includes(input.currency as never) ? input.currency! : "USD");
    const amount = parseAmountField(input.amount, currency, "amount");
    const invoice = await createAddFundsInvoice(actor.userId, { amount, currency });
    revalidatePath("/portal/invoices");
    const page = `/portal/invoices/${invoice.id}`;
    try {
      const next = await startInvoicePayment(actor.userId, invoice.id, input.gateway, { customerEmail: actor.email });
      if (next.kind === "redirect") return { redirectTo: next.url };
      if (next.kind === "instructions") return { redirectTo: `${page}?method=bank_transfer` };
      return { redirectTo: `${page}?paid=1` };
    } catch (error) {
      console.error(`[add-funds] could not start ${input.gateway} payment for invoice ${invoice.id}:`, error instanceof Error ? error.message : error);
      return { redirectTo: `${page}?payment=unavailable` };
    }
  });
}

export async function saveBillingProfileAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const input = Object.fromEntries(formData);
    const saved = await saveBillingProfile(await auditActorFor(actor), actor.userId, input);
    revalidatePath("/portal/billing");
    return { vatIdStatus: saved.vatIdStatus, vatId: saved.vatId };
  });
}

const methodSchema = z.object({ methodId: z.string().trim().min(1).max(64) });

/** Removes a saved card (detached at the gateway first). Scoped to the signed-in customer's own methods. */
export async function removePaymentMethodAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const { methodId } = parseForm(methodSchema, formData);
    const result = await removePaymentMethod(await auditActorFor(actor), actor.userId, methodId);
    revalidatePath("/portal/billing");
    return result;
  });
}

export async function setDefaultPaymentMethodAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const { methodId } = parseForm(methodSchema, formData);
    await setDefaultPaymentMethod(await auditActorFor(actor), actor.userId, methodId);
    revalidatePath("/portal/billing");
    return { methodId };
  });
}
