"use server";
/** Bulk actions of the invoices table. Each invoice goes through the same audited service as the detail page. */
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions";
import { forEachSelected, parseBulkForm } from "@/lib/admin/tables/bulk";
import { auditActorFor, authorizeStaff } from "@/lib/auth/guards";
import { cancelInvoice } from "@/lib/billing/invoices";

export async function bulkInvoicesAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("invoices.write");
    const { ids } = parseBulkForm(formData, ["cancel"]);
    const audit = await auditActorFor(actor);
    const outcome = await forEachSelected(
      ids,
      (id) => cancelInvoice(audit, id, { reason: "Cancelled in bulk from the invoices table" }),
      (n) => `${n} invoice${n === 1 ? "" : "s"} cancelled.`,
    );
    revalidatePath("/admin/invoices");
    return outcome;
  });
}
