/** The customer's invoice as a PDF. Scoped by the signed-in customer's id: someone else's invoice is a 404. */
import { authorizeCustomer } from "@/lib/auth/guards";
import { invoicePdfDownload, pdfResponse } from "@/lib/billing/invoice-pdf";
import { notFound, toHttpResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const actor = await authorizeCustomer();
    const { id } = await params;
    const file = await invoicePdfDownload(id, { customerId: actor.userId });
    if (!file) throw notFound("Invoice not found");
    return pdfResponse(file);
  } catch (error) {
    return toHttpResponse(error);
  }
}
