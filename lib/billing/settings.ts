import "server-only";
/**
 * The billing settings read from the ops `settings` table (seeded by db/seed/ops.ts, edited in admin). Each
 * has a default here so billing keeps working on an unseeded database; values of the wrong type fall back too.
 */
import { inArray } from "drizzle-orm";
import { opsDb } from "@/db/ops/client";
import { settings } from "@/db/ops/schema";

export interface BillingSettings {
  /** Seller's country (ISO alpha-2): decides EU reverse charge. */
  companyCountry: string;
  companyName: string;
  companyLegalName: string;
  companyAddress: string[];
  companyVatId: string | null;
  companyEmail: string | null;
  /** A PNG/JPEG file printed at the top of invoice PDFs (optional; a missing file is skipped). */
  companyLogoPath: string | null;
  /** Days a new (non-renewal) invoice stays payable. */
  invoiceDueDays: number;
  renewalDaysBefore: number;
  reminderDaysBefore: number;
  overdueReminderDays: number[];
  suspendAfterDays: number;
  terminateAfterDays: number;
  chargeRetryDays: number[];
  bankTransferInstructions: string;
}

export const DEFAULT_BILLING_SETTINGS: BillingSettings = {
  companyCountry: "GB",
  companyName: "Skyport",
  companyLegalName: "Skyport",
  companyAddress: [],
  companyVatId: null,
  companyEmail: null,
  companyLogoPath: null,
  invoiceDueDays: 7,
  renewalDaysBefore: 7,
  reminderDaysBefore: 3,
  overdueReminderDays: [1, 3, 7],
  suspendAfterDays: 10,
  terminateAfterDays: 30,
  chargeRetryDays: [1, 3, 5],
  bankTransferInstructions: "Contact us for bank transfer details. Use the invoice number as the payment reference.",
};

const KEYS: Record<keyof BillingSettings, string> = {
  companyCountry: "company.country",
  companyName: "company.name",
  companyLegalName: "company.legalName",
  companyAddress: "company.address",
  companyVatId: "company.vatId",
  companyEmail: "company.email",
  companyLogoPath: "company.logoPath",
  invoiceDueDays: "billing.invoiceDueDays",
  renewalDaysBefore: "billing.renewalDaysBefore",
  reminderDaysBefore: "billing.reminderDaysBefore",
  overdueReminderDays: "billing.overdueReminderDays",
  suspendAfterDays: "billing.suspendAfterDays",
  terminateAfterDays: "billing.terminateAfterDays",
  chargeRetryDays: "billing.chargeRetryDays",
  bankTransferInstructions: "billing.bankTransferInstructions",
};

function sameShape(value: unknown, fallback: unknown): boolean {
  if (Array.isArray(fallback)) return Array.isArray(value) && value.every((v) => typeof v === typeof (fallback[0] ?? v));
  if (fallback === null) return value === null || typeof value === "string";
  if (typeof fallback === "number") return typeof value === "number" && Number.isInteger(value) && value >= 0;
  return typeof value === typeof fallback;
}

export async function getBillingSettings(): Promise<BillingSettings> {
  const rows = await opsDb()
    .select({ key: settings.key, value: settings.value })
    .from(settings)
    .where(inArray(settings.key, Object.values(KEYS)));
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const result = { ...DEFAULT_BILLING_SETTINGS } as Record<string, unknown>;
  for (const [field, key] of Object.entries(KEYS)) {
    const value = byKey.get(key);
    if (value !== undefined && sameShape(value, result[field])) result[field] = value;
  }
  const out = result as unknown as BillingSettings;
  out.companyCountry = out.companyCountry.toUpperCase();
  return out;
}
