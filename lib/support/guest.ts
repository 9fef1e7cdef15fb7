import "server-only";
/**
 * The public contact form. A submission becomes a ticket only after the sender clicks the link we email
 * (so nobody can open tickets in someone else's name or make us mail strangers repeatedly): the request waits in
 * `guest_requests` with the SHA-256 of a single-use token. A filled honeypot field is accepted silently and
 * dropped; submissions are rate-limited per address and per email.
 */
import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { supportDb } from "@/db/support/client";
import { departments, guestRequests, tickets } from "@/db/support/schema";
import { renderEmail, sendEmail } from "@/lib/email";
import { serverEnv } from "@/lib/env";
import { AppError, validation } from "@/lib/errors";
import { normalizeIp } from "@/lib/security/request-context";
import { assertRateLimit, rateLimitKey } from "@/lib/security/rate-limit";
import { parseTokenInput, randomToken, sha256Hex } from "@/lib/security/tokens";
import { GUEST_CUSTOMER_ID } from "./db";
import { personByEmail } from "./people";
import { openTicket } from "./tickets";

export const CONTACT_LINK_TTL_MS = 48 * 60 * 60_000;
export const CONTACT_RATE_LIMITS = {
  ip: { limit: 5, windowMs: 60 * 60_000 },
  email: { limit: 3, windowMs: 60 * 60_000 },
} as const;

/** The honeypot's field name: looks like something a bot fills in, hidden from people and screen readers. */
export const HONEYPOT_FIELD = "website";

export const contactSchema = z.object({
  name: z
    .string()
    .optional()
    .transform((v) => v?.replace(/\s+/g, " ").trim() || undefined)
    .pipe(z.string().max(100, "Keep your name under 100 characters").optional()),
  email: z.email({ error: "Enter your email address" }).transform((v) => v.trim().toLowerCase()),
  departmentId: z.string({ error: "Choose a topic" }).trim().min(1, "Choose a topic"),
  subject: z
    .string({ error: "Give it a subject" })
    .transform((v) => v.replace(/\s+/g, " ").trim())
    .pipe(z.string().min(3, "Give it a subject of at least 3 characters").max(150, "Keep the subject under 150 characters")),
  body: z
    .string({ error: "Write a message" })
    .transform((v) => v.trim())
    .pipe(z.string().min(10, "Tell us a little more (at least 10 characters)").max(10_000, "Keep the message under 10,000 characters")),
  [HONEYPOT_FIELD]: z.string().optional(),
});

export const INVALID_CONTACT_LINK = "This link is invalid or has expired. Please send the form again.";

export async function submitContactForm(input: Record<string, unknown>, context: { ip: string | null; now?: Date }): Promise<{ accepted: true }> {
  const now = context.now ?? new Date();
  const parsed = contactSchema.safeParse(input);
  if (!parsed.success) throw validation(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join(".") || "form", [i.message]])));
  const data = parsed.data;
  await assertRateLimit(rateLimitKey("contact:ip", normalizeIp(context.ip) ?? "unknown"), CONTACT_RATE_LIMITS.ip, now);
  // A bot filled the hidden field: answer as if it worked, do nothing.
  if (data[HONEYPOT_FIELD]) return { accepted: true };
  await assertRateLimit(rateLimitKey("contact:email", data.email), CONTACT_RATE_LIMITS.email, now);

  const db = supportDb();
  const [dept] = await db.select({ id: departments.id }).from(departments).where(and(eq(departments.id, data.departmentId), eq(departments.active, true))).limit(1);
  if (!dept) throw validation({ departmentId: ["Choose a topic"] });
  const token = randomToken(32);
  await db.insert(guestRequests).values({
    email: data.email,
    name: data.name ?? null,
    departmentId: dept.id,
    subject: data.subject,
    bodyMarkdown: data.body,
    tokenHash: sha256Hex(token),
    expiresAt: new Date(now.getTime() + CONTACT_LINK_TTL_MS),
    ip: context.ip,
    createdAt: now,
  });
  const url = `${serverEnv().APP_URL.replace(/\/+$/, "")}/contact/verify?token=${token}`;
  const email = renderEmail({
    heading: "Confirm your message to Skyport support",
    paragraphs: [`You (or someone using your address) sent us “${data.subject}”. Confirm it and we open a ticket and answer by email.`, "If this wasn't you, ignore this email and nothing happens."],
    action: { label: "Confirm and send", url },
  });
  await sendEmail({ to: data.email, subject: "Confirm your message to Skyport support", ...email, template: "support.contact-verify" });
  return { accepted: true };
}

/**
 * Turns a verified request into a ticket, once: the request is claimed with a conditional UPDATE, so a double
 * click opens one ticket. If the address belongs to an account, the ticket lands in that account's portal.
 */
export async function verifyContactRequest(tokenInput: unknown, options: { now?: Date } = {}): Promise<{ number: string; hasAccount: boolean }> {
  const now = options.now ?? new Date();
  const token = parseTokenInput(tokenInput);
  if (!token) throw new AppError("GONE", INVALID_CONTACT_LINK);
  const db = supportDb();
  const hash = sha256Hex(token);
  const [request] = await db.select().from(guestRequests).where(eq(guestRequests.tokenHash, hash)).limit(1);
  if (request?.ticketId) {
    const [t] = await db.select({ number: tickets.number, customerId: tickets.customerId }).from(tickets).where(eq(tickets.id, request.ticketId)).limit(1);
    if (t) return { number: t.number, hasAccount: t.customerId !== GUEST_CUSTOMER_ID };
  }
  const claimed = await db
    .update(guestRequests)
    .set({ verifiedAt: now })
    .where(and(eq(guestRequests.tokenHash, hash), isNull(guestRequests.verifiedAt), gt(guestRequests.expiresAt, now)))
    .returning();
  const req = claimed[0];
  if (!req) throw new AppError("GONE", INVALID_CONTACT_LINK);
  const person = await personByEmail(req.email);
  const account = person && person.role === "customer" ? person : null;
  const ticket = await openTicket(
    { customerId: account?.id ?? GUEST_CUSTOMER_ID, email: req.email, name: req.name },
    { departmentId: req.departmentId, priority: "normal", subject: req.subject, body: req.bodyMarkdown },
    [],
    { now, source: "contact" },
  );
  await db.update(guestRequests).set({ ticketId: ticket.id }).where(eq(guestRequests.id, req.id));
  return { number: ticket.number, hasAccount: Boolean(account) };
}
