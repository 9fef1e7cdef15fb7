"use server";
/** Bulk actions of the jobs table (every database's queue). */
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions";
import { forEachSelected, parseBulkForm } from "@/lib/admin/tables/bulk";
import { deadLetterJobAsStaff, JOB_REF, retryJobAsStaff } from "@/lib/admin/tables/jobs-admin";
import { auditActorFor, authorizeStaff } from "@/lib/auth/guards";

export async function bulkJobsAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("jobs.manage");
    const { action, ids } = parseBulkForm(formData, ["retry", "dead_letter"], JOB_REF);
    const audit = await auditActorFor(actor);
    const outcome =
      action === "retry"
        ? await forEachSelected(ids, (ref) => retryJobAsStaff(audit, ref), (n) => `${n} job${n === 1 ? "" : "s"} queued to run again.`)
        : await forEachSelected(ids, (ref) => deadLetterJobAsStaff(audit, ref), (n) => `${n} job${n === 1 ? "" : "s"} moved to the dead letters.`);
    revalidatePath("/admin/jobs");
    return outcome;
  });
}
