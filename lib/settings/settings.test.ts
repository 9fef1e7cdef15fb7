import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import { opsDb } from "@/db/ops/client";
import { auditLog, settings } from "@/db/ops/schema";
import { seedOps } from "@/db/seed/ops";
import { registerFailedSignIn } from "@/lib/auth/lockout";
import { getBillingSettings } from "@/lib/billing/settings";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { getVpnSettings } from "@/lib/vpn/settings";
import { renderTemplate, saveEmailTemplate, getEmailTemplate } from "./email-templates";
import { getSecuritySettings, getSettingsSection, getSmtpUrl, saveSettingsSection } from "./index";

let temp: TempDatabases;
const actor = { id: "admin-1", email: "admin@example.test", ip: "192.0.2.1" };

beforeAll(async () => {
  process.env.AUTH_SECRET = "test-auth-secret-0123456789-abcdefghijkl";
  process.env.ENCRYPTION_KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  temp = await useTempDatabases();
  await seedOps();
});
afterAll(() => temp?.cleanup());

async function lastAudit(section: string) {
  const rows = await opsDb().select().from(auditLog).where(eq(auditLog.entityId, section));
  return rows.at(-1);
}

const billingForm = (over: Record<string, unknown> = {}) => ({
  "billing.invoiceDueDays": "14",
  "billing.renewalDaysBefore": "7",
  "billing.reminderDaysBefore": "3",
  "billing.overdueReminderDays": "7, 1, 3, 3",
  "billing.chargeRetryDays": "1,3,5",
  "billing.suspendAfterDays": "12",
  "billing.terminateAfterDays": "40",
  "billing.bankTransferInstructions": "IBAN XX00",
  ...over,
});

describe("settings", () => {
  it("validates with field errors, including rules across fields", async () => {
    await expect(saveSettingsSection(actor, "billing", billingForm({ "billing.terminateAfterDays": "5" }))).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { "billing.terminateAfterDays": [expect.stringContaining("more days")] },
    });
    await expect(saveSettingsSection(actor, "company", { "company.name": "", "company.country": "Britain" })).rejects.toMatchObject({
      fieldErrors: { "company.name": ["Required."], "company.country": ["Two letters, e.g. GB."] },
    });
    await expect(saveSettingsSection(actor, "vpn", { "vpn.ipv4Pool": "10.0.0.0/30", "vpn.ipv6Pool": "fd00::/64", "vpn.dns": "", "vpn.dnsProfiles": "bad line", "vpn.mtu": "100", "vpn.persistentKeepalive": "25", "vpn.addressQuarantineDays": "7" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });

  it("saves only what changed, audits old and new values in the same transaction, and billing reads them", async () => {
    const before = await getBillingSettings();
    expect(before.suspendAfterDays).toBe(10);
    const { changed } = await saveSettingsSection(actor, "billing", billingForm());
    expect(changed.sort()).toEqual(["billing.bankTransferInstructions", "billing.invoiceDueDays", "billing.suspendAfterDays", "billing.terminateAfterDays"]);
    const after = await getBillingSettings();
    expect(after).toMatchObject({ invoiceDueDays: 14, suspendAfterDays: 12, terminateAfterDays: 40, overdueReminderDays: [1, 3, 7], bankTransferInstructions: "IBAN XX00" });
    const audit = await lastAudit("billing");
    expect(audit).toMatchObject({ action: "settings.updated", actorId: "admin-1", ip: "192.0.2.1" });
    expect(audit!.before).toEqual({
      "billing.invoiceDueDays": 7,
      "billing.suspendAfterDays": 10,
      "billing.terminateAfterDays": 30,
      "billing.bankTransferInstructions": expect.stringContaining("IBAN GB00"),
    });
    expect(audit!.after).toMatchObject({ "billing.suspendAfterDays": 12, "billing.terminateAfterDays": 40 });
    // "7, 1, 3, 3" is normalised (sorted, deduplicated) to the stored [1, 3, 7]: not a change, not audited.
    expect(Object.keys(audit!.after!)).not.toContain("billing.overdueReminderDays");
    expect((await saveSettingsSection(actor, "billing", billingForm())).changed).toEqual([]);
  });

  it("company details reach the invoice settings", async () => {
    await saveSettingsSection(actor, "company", {
      "company.name": "Skyport",
      "company.legalName": "Skyport Networks GmbH",
      "company.address": "Hauptstr. 1\n10115 Berlin\n",
      "company.country": "de",
      "company.vatId": "DE123456789",
      "company.email": "hello@skyport.test",
      "company.supportEmail": "support@skyport.test",
      "company.phone": "",
      "company.website": "https://skyport.test",
    });
    expect(await getBillingSettings()).toMatchObject({ companyLegalName: "Skyport Networks GmbH", companyCountry: "DE", companyAddress: ["Hauptstr. 1", "10115 Berlin"], companyVatId: "DE123456789" });
  });

  it("VPN defaults are read by the VPN code", async () => {
    await saveSettingsSection(actor, "vpn", {
      "vpn.ipv4Pool": "100.96.0.0/16",
      "vpn.ipv6Pool": "fd5c:7a10:9e00::/64",
      "vpn.dns": "1.1.1.1\n2606:4700:4700::1111",
      "vpn.dnsProfiles": "filtering = 9.9.9.11, 149.112.112.11",
      "vpn.mtu": "1380",
      "vpn.persistentKeepalive": "15",
      "vpn.addressQuarantineDays": "3",
    });
    expect(await getVpnSettings()).toMatchObject({ dns: ["1.1.1.1", "2606:4700:4700::1111"], dnsProfiles: { filtering: ["9.9.9.11", "149.112.112.11"] }, mtu: 1380, persistentKeepalive: 15, addressQuarantineDays: 3 });
  });

  it("security settings drive the lock-out and customer 2FA enforcement", async () => {
    expect(await getSecuritySettings()).toMatchObject({ requireCustomerTwoFactor: false, lockoutThreshold: 5 });
    await saveSettingsSection(actor, "security", {
      "security.requireCustomerTwoFactor": true,
      "security.maxFailedSignIns": "3",
      "security.lockoutFirstMinutes": "2",
      "security.lockoutMinutes": "30",
    });
    expect(await getSecuritySettings()).toEqual({ requireCustomerTwoFactor: true, lockoutThreshold: 3, firstLockMs: 120_000, maxLockMs: 1_800_000 });
    const [user] = await identityDb().insert(users).values({ email: "lock@example.test" }).returning({ id: users.id, email: users.email });
    const now = new Date("2026-11-22T10:00:00Z");
    const ctx = { ip: null, userAgent: null };
    expect((await registerFailedSignIn(identityDb(), user!, ctx, now)).lockedUntil).toBeNull();
    expect((await registerFailedSignIn(identityDb(), user!, ctx, now)).lockedUntil).toBeNull();
    expect((await registerFailedSignIn(identityDb(), user!, ctx, now)).lockedUntil).toEqual(new Date(now.getTime() + 120_000));
  });

  it("stores the SMTP password encrypted, never returns it, redacts it in the audit log, and delivery uses it", async () => {
    expect(await getSmtpUrl()).toBeNull();
    const form = { "email.smtpHost": "mail.example.test", "email.smtpPort": "2525", "email.smtpSecure": false, "email.smtpUser": "mailer@x", "email.smtpPassword": "s3cret p@ss" };
    await saveSettingsSection(actor, "email", form);
    const [stored] = await opsDb().select().from(settings).where(eq(settings.key, "email.smtpPassword"));
    expect(JSON.stringify(stored!.value)).not.toContain("s3cret");
    expect(await getSmtpUrl()).toBe("smtp://mailer%40x:s3cret%20p%40ss@mail.example.test:2525");
    const view = await getSettingsSection("email");
    expect(JSON.stringify(view)).not.toContain("s3cret");
    expect(view.secretsSet).toEqual({ "email.smtpPassword": true });
    const audit = await lastAudit("email");
    expect(JSON.stringify(audit)).not.toContain("s3cret");
    expect(audit!.after).toMatchObject({ "email.smtpPassword": "[redacted]", "email.smtpHost": "mail.example.test" });
    // Saving again with the password left empty keeps it.
    await saveSettingsSection(actor, "email", { ...form, "email.smtpPassword": "", "email.smtpPort": "587" });
    expect(await getSmtpUrl()).toBe("smtp://mailer%40x:s3cret%20p%40ss@mail.example.test:587");
  });

  it("email templates: saved with an audit row, rendered with placeholders escaped and HTML sanitised", async () => {
    await saveEmailTemplate(actor, { key: "staff.message", subject: "Re: {{subject}}", body: "Hi **{{name}}**\n\n{{message}}\n\n<script>alert(1)</script>" });
    const template = await getEmailTemplate("staff.message");
    const out = renderTemplate(template, { subject: "Plan", name: "<b>Eve</b>", message: "Hello" });
    expect(out.subject).toBe("Re: Plan");
    expect(out.html).toContain("<strong>&lt;b&gt;Eve&lt;/b&gt;</strong>");
    expect(out.html).not.toContain("<script");
    const audit = await lastAudit("staff.message");
    expect(audit).toMatchObject({ action: "email_template.updated", before: { default: true }, after: { subject: "Re: {{subject}}" } });
    await expect(saveEmailTemplate(actor, { key: "made.up", subject: "x", body: "y" })).rejects.toMatchObject({ code: "VALIDATION" });
  });
});
