import "server-only";
/**
 * Editable settings (ops `settings` table), by section. Each section is one zod schema over its keys: the admin
 * form, the server action and the readers all go through it, so what is saved is what the code can use:
 * - company, billing → lib/billing/settings.ts getBillingSettings() (invoices, renewals, dunning, bank transfer);
 * - vpn → lib/vpn/settings.ts getVpnSettings() (addresses, configs, server health);
 * - security → getSecuritySettings() here (lib/auth/lockout.ts and requireCustomer());
 * - email → getSmtpUrl() here (lib/email/jobs.ts delivery), templates → lib/settings/email-templates.ts.
 * Saving writes every changed key and one audit row (old and new values, secrets redacted) in one ops transaction.
 * The SMTP password is stored encrypted (AES-GCM, lib/security/encryption) and never sent back to the browser.
 */
import { count, inArray } from "drizzle-orm";
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { opsDb } from "@/db/ops/client";
import { auditLog, settings } from "@/db/ops/schema";
import { vpnDb } from "@/db/vpn/client";
import { devices } from "@/db/vpn/schema";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { validation } from "@/lib/errors";
import { decryptSecret, encryptSecret } from "@/lib/security/encryption";

function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[issue.path.join(".") || "form"] ??= []).push(issue.message);
  return out;
}

export type FieldType = "text" | "textarea" | "lines" | "number" | "numbers" | "boolean" | "secret" | "dns-profiles";

export interface SettingField {
  key: string;
  label: string;
  type: FieldType;
  hint?: string;
}

const trimmed = (max: number) => z.string().trim().max(max, `At most ${max} characters.`);
const required = (max: number) => trimmed(max).min(1, "Required.");
const days = (max = 365) => z.coerce.number({ error: "Enter a number of days." }).int("Whole days.").min(0, "0 or more.").max(max, `At most ${max}.`);
const lines = (max: number) =>
  z
    .string()
    .transform((v) => v.split(/\r?\n/).map((l) => l.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(200)).max(max, `At most ${max} lines.`));
const dayList = z
  .string()
  .transform((v) => v.split(/[\s,]+/).filter(Boolean).map(Number))
  .pipe(z.array(z.number().int("Whole days, e.g. 1, 3, 7.").min(0).max(365)).max(10, "At most 10 entries."))
  .transform((list) => [...new Set(list)].sort((a, b) => a - b));
const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());
const ip = z.string().refine((v) => ipaddr.isValid(v), "Not an IP address.");
const cidrOf = (family: "ipv4" | "ipv6") =>
  z.string().trim().refine((v) => {
    try {
      const [addr, bits] = ipaddr.parseCIDR(v);
      return addr.kind() === family && bits <= (family === "ipv4" ? 24 : 120);
    } catch {
      return false;
    }
  }, `An ${family === "ipv4" ? "IPv4" : "IPv6"} range in CIDR notation, e.g. ${family === "ipv4" ? "100.96.0.0/16" : "fd00::/64"}.`);

export const SETTINGS_SECTIONS = {
  company: {
    title: "Company",
    description: "Printed on invoices and credit notes and used in emails.",
    fields: [
      { key: "company.name", label: "Trading name", type: "text" },
      { key: "company.legalName", label: "Legal name", type: "text", hint: "Shown as the seller on invoices." },
      { key: "company.address", label: "Address", type: "lines", hint: "One line per row." },
      { key: "company.country", label: "Country", type: "text", hint: "Two letters (ISO 3166), e.g. GB. Decides EU reverse charge." },
      { key: "company.vatId", label: "VAT ID", type: "text" },
      { key: "company.email", label: "Contact email", type: "text" },
      { key: "company.supportEmail", label: "Support email", type: "text" },
      { key: "company.phone", label: "Phone", type: "text" },
      { key: "company.website", label: "Website", type: "text" },
    ],
    schema: z.object({
      "company.name": required(100),
      "company.legalName": required(200),
      "company.address": lines(6),
      "company.country": z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "Two letters, e.g. GB."),
      "company.vatId": trimmed(30).transform((v) => v || null),
      "company.email": z.string().trim().pipe(z.email({ error: "Enter a valid email address." })),
      "company.supportEmail": z.string().trim().pipe(z.email({ error: "Enter a valid email address." })),
      "company.phone": trimmed(40),
      "company.website": z.string().trim().pipe(z.url({ protocol: /^https?$/, error: "A full https:// address." })),
    }),
  },
  billing: {
    title: "Billing automation",
    description: "When invoices are issued, reminded, and when unpaid services are suspended and terminated.",
    fields: [
      { key: "billing.invoiceDueDays", label: "New invoices due after (days)", type: "number" },
      { key: "billing.renewalDaysBefore", label: "Issue renewal invoices (days before due)", type: "number" },
      { key: "billing.reminderDaysBefore", label: "Reminder before due (days)", type: "number" },
      { key: "billing.overdueReminderDays", label: "Overdue reminders (days after due)", type: "numbers", hint: "Comma-separated, e.g. 1, 3, 7." },
      { key: "billing.chargeRetryDays", label: "Retry failed automatic charges (days after)", type: "numbers", hint: "Comma-separated, e.g. 1, 3, 5." },
      { key: "billing.suspendAfterDays", label: "Suspend services (days overdue)", type: "number" },
      { key: "billing.terminateAfterDays", label: "Terminate services (days overdue)", type: "number", hint: "Must be later than suspension." },
      { key: "billing.bankTransferInstructions", label: "Bank transfer instructions", type: "textarea" },
    ],
    schema: z
      .object({
        "billing.invoiceDueDays": days(90),
        "billing.renewalDaysBefore": days(60),
        "billing.reminderDaysBefore": days(60),
        "billing.overdueReminderDays": dayList,
        "billing.chargeRetryDays": dayList,
        "billing.suspendAfterDays": days(),
        "billing.terminateAfterDays": days(),
        "billing.bankTransferInstructions": required(1000),
      })
      .refine((v) => v["billing.terminateAfterDays"] > v["billing.suspendAfterDays"], {
        path: ["billing.terminateAfterDays"],
        message: "Terminate after suspending: choose more days than for suspension.",
      })
      .refine((v) => v["billing.reminderDaysBefore"] <= v["billing.renewalDaysBefore"], {
        path: ["billing.reminderDaysBefore"],
        message: "The reminder cannot come before the renewal invoice is issued.",
      }),
  },
  email: {
    title: "Email",
    description: "The SMTP server emails are delivered through. Without a host, the SMTP_URL environment variable is used (or emails are only captured).",
    fields: [
      { key: "email.smtpHost", label: "SMTP host", type: "text", hint: "Leave empty to use SMTP_URL from the environment." },
      { key: "email.smtpPort", label: "SMTP port", type: "number" },
      { key: "email.smtpSecure", label: "TLS from the start (port 465)", type: "boolean" },
      { key: "email.smtpUser", label: "SMTP user", type: "text" },
      { key: "email.smtpPassword", label: "SMTP password", type: "secret", hint: "Stored encrypted. Leave empty to keep the current one." },
    ],
    schema: z.object({
      "email.smtpHost": z.string().trim().max(253).regex(/^[A-Za-z0-9.-]*$/, "A host name or IP address."),
      "email.smtpPort": z.coerce.number().int().min(1, "1–65535.").max(65535, "1–65535."),
      "email.smtpSecure": checkbox,
      "email.smtpUser": trimmed(200),
      "email.smtpPassword": z.string().max(500).optional(),
    }),
  },
  vpn: {
    title: "VPN defaults",
    description: "Address pools, DNS and tunnel parameters written into every device's WireGuard config.",
    fields: [
      { key: "vpn.ipv4Pool", label: "IPv4 pool", type: "text", hint: "Can only change while no device exists (addresses are stable)." },
      { key: "vpn.ipv6Pool", label: "IPv6 pool", type: "text" },
      { key: "vpn.dns", label: "Default DNS servers", type: "lines", hint: "One address per line." },
      { key: "vpn.dnsProfiles", label: "DNS profiles", type: "dns-profiles", hint: "One per line: name = address, address (e.g. filtering = 9.9.9.11, 149.112.112.11)." },
      { key: "vpn.mtu", label: "MTU", type: "number", hint: "Empty for WireGuard's default." },
      { key: "vpn.persistentKeepalive", label: "Persistent keepalive (seconds)", type: "number" },
      { key: "vpn.addressQuarantineDays", label: "Address quarantine (days)", type: "number", hint: "A deleted device's address is not reused for this long." },
    ],
    schema: z.object({
      "vpn.ipv4Pool": cidrOf("ipv4"),
      "vpn.ipv6Pool": cidrOf("ipv6"),
      "vpn.dns": lines(8).pipe(z.array(ip)),
      "vpn.dnsProfiles": z
        .string()
        .transform((v, ctx) => {
          const out: Record<string, string[]> = {};
          for (const line of v.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
            const m = /^([a-z0-9-]{1,32})\s*=\s*(.+)$/i.exec(line);
            const addresses = m ? m[2]!.split(/[\s,]+/).filter(Boolean) : [];
            if (!m || addresses.length === 0 || !addresses.every((a) => ipaddr.isValid(a))) {
              ctx.addIssue({ code: "custom", message: `Not "name = address, address": ${line.slice(0, 60)}` });
              return z.NEVER;
            }
            out[m[1]!.toLowerCase()] = addresses;
          }
          return out;
        }),
      "vpn.mtu": z
        .string()
        .trim()
        .transform((v) => (v === "" ? null : Number(v)))
        .pipe(z.number().int("A whole number.").min(1280, "1280–9000 (IPv6 needs at least 1280).").max(9000, "1280–9000.").nullable()),
      "vpn.persistentKeepalive": z.coerce.number().int().min(0).max(3600),
      "vpn.addressQuarantineDays": days(90),
    }),
  },
  security: {
    title: "Security",
    description: "Two-step verification for customers and the sign-in lock-out.",
    fields: [
      { key: "security.requireCustomerTwoFactor", label: "Require two-step verification for customers", type: "boolean", hint: "Customers without it are sent to set it up before using the portal. Staff always need it." },
      { key: "security.maxFailedSignIns", label: "Failed sign-ins before a lock", type: "number", hint: "Each further run of this many failures doubles the lock." },
      { key: "security.lockoutFirstMinutes", label: "First lock (minutes)", type: "number" },
      { key: "security.lockoutMinutes", label: "Longest lock (minutes)", type: "number" },
    ],
    schema: z
      .object({
        "security.requireCustomerTwoFactor": checkbox,
        "security.maxFailedSignIns": z.coerce.number().int().min(3, "At least 3.").max(50, "At most 50."),
        "security.lockoutFirstMinutes": z.coerce.number().int().min(1, "At least 1.").max(1440),
        "security.lockoutMinutes": z.coerce.number().int().min(1, "At least 1.").max(1440, "At most 1440 (a day)."),
      })
      .refine((v) => v["security.lockoutMinutes"] >= v["security.lockoutFirstMinutes"], {
        path: ["security.lockoutMinutes"],
        message: "The longest lock cannot be shorter than the first.",
      }),
  },
} as const satisfies Record<string, { title: string; description: string; fields: SettingField[]; schema: z.ZodType }>;

export type SettingsSection = keyof typeof SETTINGS_SECTIONS;
export const SECTION_KEYS = Object.keys(SETTINGS_SECTIONS) as SettingsSection[];

/** Defaults for keys the seed does not carry (older installs): what the code did before the setting existed. */
const DEFAULTS: Record<string, unknown> = {
  "email.smtpHost": "",
  "email.smtpPort": 587,
  "email.smtpSecure": false,
  "email.smtpUser": "",
  "vpn.dnsProfiles": {},
  "security.requireCustomerTwoFactor": false,
  "security.maxFailedSignIns": 5,
  "security.lockoutFirstMinutes": 1,
  "security.lockoutMinutes": 60,
};

const SECRET_KEYS = new Set(["email.smtpPassword"]);

export function isSection(value: string): value is SettingsSection {
  return (SECTION_KEYS as string[]).includes(value);
}

async function readKeys(keys: string[], db: Pick<ReturnType<typeof opsDb>, "select"> = opsDb()) {
  const rows = await db.select({ key: settings.key, value: settings.value }).from(settings).where(inArray(settings.key, keys));
  return new Map(rows.map((r) => [r.key, r.value]));
}

/** Current values of a section for the form; secrets come back only as "is set". */
export async function getSettingsSection(section: SettingsSection): Promise<{ values: Record<string, unknown>; secretsSet: Record<string, boolean> }> {
  const keys = SETTINGS_SECTIONS[section].fields.map((f) => f.key);
  const stored = await readKeys(keys);
  const values: Record<string, unknown> = {};
  const secretsSet: Record<string, boolean> = {};
  for (const key of keys) {
    if (SECRET_KEYS.has(key)) secretsSet[key] = typeof stored.get(key) === "string" && stored.get(key) !== "";
    else values[key] = stored.has(key) ? stored.get(key) : (DEFAULTS[key] ?? null);
  }
  return { values, secretsSet };
}

/**
 * Validates and saves one section. Only changed keys are written; one audit row records old and new values of
 * those keys (secret values redacted by writeAudit, and only "changed" recorded for them anyway).
 */
export async function saveSettingsSection(actor: AuditActor, section: SettingsSection, input: Record<string, unknown>): Promise<{ changed: string[] }> {
  const spec = SETTINGS_SECTIONS[section];
  const parsed = (spec.schema as z.ZodType).safeParse(input);
  if (!parsed.success) throw validation(fieldErrorsOf(parsed.error));
  const next = { ...(parsed.data as Record<string, unknown>) };
  for (const key of SECRET_KEYS) {
    if (!(key in next)) continue;
    const value = next[key];
    // An empty secret field keeps the stored one.
    if (typeof value !== "string" || value === "") delete next[key];
    else next[key] = encryptSecret(value, `setting:${key}`);
  }

  if (section === "vpn") {
    const current = await readKeys(["vpn.ipv4Pool", "vpn.ipv6Pool"]);
    const poolChanged = ["vpn.ipv4Pool", "vpn.ipv6Pool"].some((k) => current.has(k) && current.get(k) !== next[k]);
    if (poolChanged) {
      const [{ n } = { n: 0 }] = await vpnDb().select({ n: count() }).from(devices);
      if (n > 0) {
        throw validation(
          { "vpn.ipv4Pool": [`${n} device${n === 1 ? " has" : "s have"} addresses from the current pools; they cannot change now.`] },
          "Address pools cannot change while devices exist.",
        );
      }
    }
  }

  return opsDb().transaction(async (tx) => {
    const before = await readKeys(Object.keys(next), tx);
    const changed = Object.keys(next).filter((k) => JSON.stringify(before.get(k) ?? null) !== JSON.stringify(next[k]));
    if (changed.length === 0) return { changed };
    for (const key of changed) {
      await tx
        .insert(settings)
        .values({ key, value: next[key], updatedBy: actor.id })
        .onConflictDoUpdate({ target: settings.key, set: { value: next[key], updatedBy: actor.id, updatedAt: new Date() } });
    }
    const show = (key: string, value: unknown) => (SECRET_KEYS.has(key) ? (value == null ? null : "[redacted]") : (value ?? null));
    await writeAudit(tx, auditLog, actor, {
      action: "settings.updated",
      entityType: "settings",
      entityId: section,
      before: Object.fromEntries(changed.map((k) => [k, show(k, before.get(k))])),
      after: Object.fromEntries(changed.map((k) => [k, show(k, next[k])])),
    });
    return { changed };
  });
}

/* ─── Readers used by the rest of the code ──────────────────────────────────────────────────────────────── */

export interface SecuritySettings {
  requireCustomerTwoFactor: boolean;
  lockoutThreshold: number;
  firstLockMs: number;
  maxLockMs: number;
}

export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = { requireCustomerTwoFactor: false, lockoutThreshold: 5, firstLockMs: 60_000, maxLockMs: 60 * 60_000 };

/** Malformed or missing values fall back to the defaults (the lock-out must never be switched off by a typo). */
export async function getSecuritySettings(): Promise<SecuritySettings> {
  const stored = await readKeys(["security.requireCustomerTwoFactor", "security.maxFailedSignIns", "security.lockoutFirstMinutes", "security.lockoutMinutes"]);
  const int = (key: string, min: number, max: number, fallback: number) => {
    const v = stored.get(key);
    return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max ? v : fallback;
  };
  const first = int("security.lockoutFirstMinutes", 1, 1440, 1);
  return {
    requireCustomerTwoFactor: stored.get("security.requireCustomerTwoFactor") === true,
    lockoutThreshold: int("security.maxFailedSignIns", 3, 50, 5),
    firstLockMs: first * 60_000,
    maxLockMs: Math.max(first, int("security.lockoutMinutes", 1, 1440, 60)) * 60_000,
  };
}

/** The SMTP URL from the email settings, or null when no host is set (then SMTP_URL from the environment applies). */
export async function getSmtpUrl(): Promise<string | null> {
  const stored = await readKeys(["email.smtpHost", "email.smtpPort", "email.smtpSecure", "email.smtpUser", "email.smtpPassword"]);
  const host = stored.get("email.smtpHost");
  if (typeof host !== "string" || host === "") return null;
  const port = typeof stored.get("email.smtpPort") === "number" ? (stored.get("email.smtpPort") as number) : 587;
  const user = typeof stored.get("email.smtpUser") === "string" ? (stored.get("email.smtpUser") as string) : "";
  const blob = stored.get("email.smtpPassword");
  const password = typeof blob === "string" && blob ? decryptSecret(blob, "setting:email.smtpPassword") : "";
  const auth = user ? `${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ""}@` : "";
  return `${stored.get("email.smtpSecure") === true ? "smtps" : "smtp"}://${auth}${host}:${port}`;
}
