import "server-only";
/**
 * A customer's billing details (name, company, address, country, VAT ID), edited in the portal. Invoices copy
 * them when issued, so an edit never rewrites an existing invoice. The billing currency is not editable here:
 * it is fixed by the first order.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { billingDb } from "@/db/billing/client";
import { auditLog, billingProfiles } from "@/db/billing/schema";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { validation } from "@/lib/errors";
import { checkVatId, type ViesLookup } from "./tax";

const optional = (max: number, message = `At most ${max} characters.`) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((v) => (v ? v : null));

export const billingProfileSchema = z.object({
  name: optional(120),
  companyName: optional(160),
  email: z
    .string()
    .trim()
    .max(254)
    .optional()
    .transform((v) => (v ? v.toLowerCase() : null))
    .pipe(z.email({ error: "Enter an email address, or leave it empty to use your sign-in email." }).nullable()),
  addressLine1: optional(160),
  addressLine2: optional(160),
  city: optional(100),
  postalCode: optional(20),
  state: optional(10).transform((v) => (v ? v.toUpperCase() : null)),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, "Choose your country."),
  vatId: optional(32),
});
export type BillingProfileInput = z.input<typeof billingProfileSchema>;

export interface BillingProfileView {
  name: string | null;
  companyName: string | null;
  email: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  postalCode: string | null;
  state: string | null;
  country: string | null;
  vatId: string | null;
  vatIdStatus: "verified" | "unverified" | "invalid" | null;
  currency: string | null;
}

export async function getBillingProfile(customerId: string): Promise<BillingProfileView | null> {
  const [p] = await billingDb().select().from(billingProfiles).where(eq(billingProfiles.customerId, customerId)).limit(1);
  if (!p) return null;
  return {
    name: p.name,
    companyName: p.companyName,
    email: p.email,
    addressLine1: p.addressLine1,
    addressLine2: p.addressLine2,
    city: p.city,
    postalCode: p.postalCode,
    state: p.state,
    country: p.country,
    vatId: p.vatId,
    vatIdStatus: p.vatIdCheck ? (p.vatIdCheck.status ?? (p.vatIdCheck.valid ? "unverified" : "invalid")) : null,
    currency: p.currency,
  };
}

/**
 * Saves the customer's billing details. A VAT ID must be well-formed for the chosen country (checked against
 * VIES when reachable, recorded either way); a malformed one is refused with a field error rather than stored.
 */
export async function saveBillingProfile(
  actor: AuditActor,
  customerId: string,
  rawInput: unknown,
  options: { viesLookup?: ViesLookup; now?: Date } = {},
): Promise<BillingProfileView> {
  const parsed = billingProfileSchema.safeParse(rawInput);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "form"] ??= []).push(issue.message);
    throw validation(fieldErrors);
  }
  const input = parsed.data;
  let vatId: string | null = null;
  let vatIdCheck: (typeof billingProfiles.$inferSelect)["vatIdCheck"] = null;
  if (input.vatId) {
    const check = await checkVatId(input.vatId, input.country, { lookup: options.viesLookup, now: options.now });
    if (!check.valid) throw validation({ vatId: [check.reason ?? "This VAT ID is not valid."] });
    vatId = check.normalized ?? input.vatId;
    vatIdCheck = { valid: check.valid, source: check.source, status: check.status, checkedAt: check.checkedAt, name: check.name };
  }
  const values = { ...input, vatId, vatIdCheck };
  await billingDb().transaction(async (tx) => {
    const [before] = await tx.select().from(billingProfiles).where(eq(billingProfiles.customerId, customerId)).limit(1);
    if (before) await tx.update(billingProfiles).set(values).where(eq(billingProfiles.id, before.id));
    else await tx.insert(billingProfiles).values({ customerId, ...values });
    await writeAudit(tx, auditLog, actor, {
      action: "billing_profile.update",
      entityType: "customer",
      entityId: customerId,
      before: before ? { country: before.country, state: before.state, vatId: before.vatId, companyName: before.companyName } : null,
      after: { country: values.country, state: values.state, vatId: values.vatId, companyName: values.companyName },
    });
  });
  return (await getBillingProfile(customerId))!;
}
