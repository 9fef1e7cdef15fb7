import "server-only";
/**
 * `billing.vies-recheck` (daily): VAT IDs accepted while VIES was unreachable are "unverified" (reverse charge
 * applied meanwhile, as the format was right). Once VIES answers, the check is recorded as verified, or as invalid
 * — then later invoices charge VAT again (renewals read the check) and the customer is told once.
 */
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { auditLog, billingProfiles } from "@/db/billing/schema";
import { SYSTEM_ACTOR, writeAudit } from "@/lib/audit";
import { appUrl, sendBillingEmail } from "./notify";
import { checkVatId, type ViesLookup } from "./tax";
import { configuredViesLookup } from "./vies";

export interface RecheckResult {
  checked: number;
  verified: string[];
  invalid: string[];
  stillUnverified: number;
}

export async function recheckUnverifiedVatIds(options: { now?: Date; lookup?: ViesLookup; limit?: number } = {}): Promise<RecheckResult> {
  const now = options.now ?? new Date();
  const lookup = options.lookup ?? configuredViesLookup();
  const result: RecheckResult = { checked: 0, verified: [], invalid: [], stillUnverified: 0 };
  if (!lookup) return result;
  const db = billingDb();
  const rows = await db
    .select()
    .from(billingProfiles)
    .where(and(isNotNull(billingProfiles.vatId), sql`json_extract(${billingProfiles.vatIdCheck}, '$.status') = 'unverified'`))
    .orderBy(sql`json_extract(${billingProfiles.vatIdCheck}, '$.checkedAt')`)
    .limit(options.limit ?? 200);
  for (const profile of rows) {
    result.checked++;
    const check = await checkVatId(profile.vatId!, profile.country, { lookup, now });
    if (check.status === "unverified") {
      result.stillUnverified++;
      continue;
    }
    const vatIdCheck = { valid: check.valid, source: check.source, status: check.status, checkedAt: check.checkedAt, name: check.name, reason: check.reason };
    await db.transaction(async (tx) => {
      await tx.update(billingProfiles).set({ vatIdCheck }).where(eq(billingProfiles.id, profile.id));
      await writeAudit(tx, auditLog, SYSTEM_ACTOR, {
        action: "billing_profile.vat_recheck",
        entityType: "customer",
        entityId: profile.customerId,
        before: { vatId: profile.vatId, status: "unverified" },
        after: { vatId: profile.vatId, status: check.status },
      });
    });
    if (check.status === "verified") result.verified.push(profile.customerId);
    else {
      result.invalid.push(profile.customerId);
      await sendBillingEmail({
        customerId: profile.customerId,
        dedupeKey: `vat-invalid:${profile.customerId}:${profile.vatId}`,
        template: "billing.vat-id-invalid",
        subject: "Your VAT ID could not be confirmed",
        heading: "We could not confirm your VAT ID",
        paragraphs: [
          `The EU VIES service reports ${profile.vatId} as not valid. Until it is corrected, VAT is added to your invoices.`,
          "If the number is right, please check it is registered for intra-EU trade, or enter the correct one in your billing details.",
        ],
        action: { label: "Update billing details", url: appUrl("/portal/billing") },
      });
    }
  }
  return result;
}
