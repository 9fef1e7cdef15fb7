/** Any invoice as a PDF, for staff with invoices.read. */
import { authorizeStaff } from "@/lib/auth/guards";
import { invoicePdfDownload, pdfResponse } from "@/lib/billing/invoice-pdf";
import { notFound, toHttpResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await authorizeStaff("invoices.read");
    const { id } = await params;
    const file = await invoicePdfDownload(id);
    if (!file) throw notFound("Invoice not found");
    return pdfResponse(file);
  } catch (error) {
    return toHttpResponse(error);
  }
}
