/**
 * The customer's invoice as a PDF: their own, or their organization's when their role reads invoices
 * (lib/billing/account-access.ts). Anything else is a 404.
 */
import { authorizeCustomer } from "@/lib/auth/guards";
import { billingAccessFor } from "@/lib/billing/account-access";
import { invoicePdfDownload, pdfResponse } from "@/lib/billing/invoice-pdf";
import { requireAccountInvoice } from "@/lib/billing/portal";
import { notFound, toHttpResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const actor = await authorizeCustomer();
    const { id } = await params;
    const invoice = await requireAccountInvoice(await billingAccessFor(actor.userId), id, "invoices.read");
    const file = await invoicePdfDownload(id, { customerId: invoice.customerId });
    if (!file) throw notFound("Invoice not found");
    return pdfResponse(file);
  } catch (error) {
    return toHttpResponse(error);
  }
}
