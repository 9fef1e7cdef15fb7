/**
 * ops seed: default settings. One key per setting, dotted by area; values are JSON. Existing values are kept, so
 * what staff changed in admin survives re-seeding; new keys added in later versions appear on the next seed.
 */
import { count } from "drizzle-orm";
import { opsDb } from "@/db/ops/client";
import { settings } from "@/db/ops/schema";
import type { SeedModuleResult } from "./types";

export const DEFAULT_SETTINGS: Record<string, unknown> = {
  "company.name": "Skyport",
  "company.legalName": "Skyport Networks Ltd.",
  "company.email": "hello@skyport.test",
  "company.supportEmail": "support@skyport.test",
  "company.phone": "+44 20 7946 0000",
  "company.address": ["1 Example Street", "London EC1A 1AA", "United Kingdom"],
  "company.country": "GB",
  "company.vatId": "GB000000000",
  "company.website": "https://skyport.test",

  "billing.currencies": ["USD", "EUR", "GBP"],
  "billing.defaultCurrency": "USD",
  "billing.invoicePrefix": "INV",
  "billing.creditNotePrefix": "CN",
  /** Renewal invoices are issued this many days before the due date. */
  "billing.renewalDaysBefore": 7,
  /** Days a new (non-renewal) invoice stays payable. */
  "billing.invoiceDueDays": 7,
  "billing.reminderDaysBefore": 3,
  "billing.overdueReminderDays": [1, 3, 7],
  "billing.suspendAfterDays": 10,
  "billing.terminateAfterDays": 30,
  "billing.chargeRetryDays": [1, 3, 5],
  "billing.bankTransferInstructions":
    "Pay to Skyport Networks Ltd., IBAN GB00 TEST 0000 0000 0000 00, BIC TESTGB2L. Use the invoice number as the reference.",

  "vpn.ipv4Pool": "100.96.0.0/16",
  "vpn.ipv6Pool": "fd5c:7a10:9e00::/64",
  "vpn.dns": ["9.9.9.9", "149.112.112.112", "2620:fe::fe"],
  "vpn.mtu": 1420,
  "vpn.persistentKeepalive": 25,
  "vpn.addressQuarantineDays": 7,
  "vpn.offlineAfterSeconds": 120,
  "vpn.agentReportIntervalSeconds": 30,

  "support.ticketPrefix": "T",
  "support.autoCloseDays": 7,

  "security.maxFailedSignIns": 5,
  "security.lockoutMinutes": 15,
  "security.requireEmailVerification": true,
};

export async function seedOps(): Promise<{ result: SeedModuleResult }> {
  const db = opsDb();
  const inserted = await db
    .insert(settings)
    .values(Object.entries(DEFAULT_SETTINGS).map(([key, value]) => ({ key, value })))
    .onConflictDoNothing({ target: settings.key })
    .returning({ key: settings.key });
  const [total] = await db.select({ n: count() }).from(settings);
  return { result: { database: "ops", parts: [{ label: "settings", total: total!.n, inserted: inserted.length }] } };
}
