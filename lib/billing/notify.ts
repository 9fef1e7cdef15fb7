import "server-only";
/** Emails billing sends to customers. Every one has a dedupe key, so a re-run job or a replayed webhook sends it once. */
import { eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { billingProfiles } from "@/db/billing/schema";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import { sendEmail, renderEmail } from "@/lib/email";
import { serverEnv } from "@/lib/env";
import { formatMoney } from "@/lib/format/money";

/** The address billing mail goes to: the billing profile's, else the account's. */
export async function customerEmail(customerId: string): Promise<string | null> {
  const [profile] = await billingDb()
    .select({ email: billingProfiles.email })
    .from(billingProfiles)
    .where(eq(billingProfiles.customerId, customerId))
    .limit(1);
  if (profile?.email) return profile.email;
  const [user] = await identityDb().select({ email: users.email }).from(users).where(eq(users.id, customerId)).limit(1);
  return user?.email ?? null;
}

export const appUrl = (path: string) => new URL(path, serverEnv().APP_URL).toString();

export interface BillingEmail {
  customerId: string;
  dedupeKey: string;
  template: string;
  subject: string;
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
}

/** Queues a billing email; returns null (and sends nothing) when the customer has no address on file. */
export async function sendBillingEmail(email: BillingEmail): Promise<string | null> {
  const to = await customerEmail(email.customerId);
  if (!to) return null;
  const rendered = renderEmail({ heading: email.heading, paragraphs: email.paragraphs, action: email.action, brand: serverEnv().APP_NAME });
  return sendEmail({
    to,
    subject: email.subject,
    text: rendered.text,
    html: rendered.html,
    template: email.template,
    dedupeKey: email.dedupeKey,
    userId: email.customerId,
  });
}

export const money = (minor: number, currency: string) => formatMoney(minor, currency);
