"use server";
/** "Pay now" on an invoice: hands over to the chosen gateway (or pays from credit) for the signed-in customer. */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { GATEWAYS } from "@/db/billing/schema";
import { parseForm, runAction } from "@/lib/actions";
import { authorizeCustomer } from "@/lib/auth/guards";
import { billingAccessFor } from "@/lib/billing/account-access";
import { requireAccountInvoice } from "@/lib/billing/portal";
import { startInvoicePayment } from "@/lib/payments";

const paySchema = z.object({
  invoiceId: z.string().trim().min(1).max(64),
  gateway: z.enum(GATEWAYS, { error: "Choose how to pay." }),
});

export async function payInvoiceAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const { invoiceId, gateway } = parseForm(paySchema, formData);
    const page = `/portal/invoices/${invoiceId}`;
    // Their own invoice, or their organization's when their role pays invoices (NOT_FOUND otherwise).
    const invoice = await requireAccountInvoice(await billingAccessFor(actor.userId), invoiceId, "invoices.pay");
    const next = await startInvoicePayment(invoice.customerId, invoiceId, gateway, { customerEmail: actor.email, payerId: actor.userId });
    if (next.kind === "redirect") return { redirectTo: next.url };
    revalidatePath(page);
    if (next.kind === "instructions") return { redirectTo: `${page}?method=bank_transfer` };
    return { redirectTo: `${page}?paid=1` };
  });
}
