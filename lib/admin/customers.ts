import "server-only";
/**
 * Customer 360: everything staff need about one customer, read from each database by the customer's id (no
 * cross-database joins), and the staff actions on the account. Every action is audited in the same transaction as
 * the change it makes; callers check the permission first (app/admin/customers/[id]/actions.ts).
 */
import { and, desc, eq, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import { billingDb } from "@/db/billing/client";
import { auditLog as billingAudit, payments } from "@/db/billing/schema";
import { identityDb } from "@/db/identity/client";
import { auditLog as identityAudit, organizationMembers, organizations, staffNotes, users } from "@/db/identity/schema";
import { opsDb } from "@/db/ops/client";
import { auditLog as opsAudit } from "@/db/ops/schema";
import { supportDb } from "@/db/support/client";
import { auditLog as supportAudit, tickets } from "@/db/support/schema";
import { vpnDb } from "@/db/vpn/client";
import { auditLog as vpnAudit, devices } from "@/db/vpn/schema";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { recordAuthEvent } from "@/lib/auth/events";
import { revokeAllSessionsIn } from "@/lib/auth/sessions";
import { customerCreditSummary, listCustomerServices, listInvoices } from "@/lib/billing/queries";
import { sendEmail } from "@/lib/email";
import { getEmailTemplate, renderTemplate } from "@/lib/settings/email-templates";
import { serverEnv } from "@/lib/env";
import { AppError, notFound, validation } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/actions";

export async function getCustomerProfile(id: string) {
  const [row] = await identityDb()
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      status: users.status,
      statusReason: users.statusReason,
      emailVerified: users.emailVerified,
      twoFactorEnabled: users.twoFactorEnabled,
      country: users.country,
      locale: users.locale,
      timezone: users.timezone,
      lockedUntil: users.lockedUntil,
      lastSignInAt: users.lastSignInAt,
      lastSignInIp: users.lastSignInIp,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(and(eq(users.id, id), eq(users.role, "customer")))
    .limit(1);
  if (!row) throw notFound("That customer does not exist.");
  return { ...row, emailVerified: row.emailVerified !== null };
}

export interface AuditTrailRow {
  id: string;
  database: string;
  action: string;
  entityType: string;
  entityId: string | null;
  actorEmail: string | null;
  onBehalfOf: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
  createdAt: Date;
}

/** Audit rows about the customer (entity = them) or done while impersonating them, merged across databases by time. */
export async function customerAuditTrail(customerId: string, limit = 30): Promise<AuditTrailRow[]> {
  const sources = [
    ["identity", identityDb(), identityAudit],
    ["billing", billingDb(), billingAudit],
    ["vpn", vpnDb(), vpnAudit],
    ["support", supportDb(), supportAudit],
    ["ops", opsDb(), opsAudit],
  ] as const;
  const lists = await Promise.all(
    sources.map(async ([database, db, table]) => {
      const rows = await (db as ReturnType<typeof identityDb>)
        .select({
          id: table.id,
          action: table.action,
          entityType: table.entityType,
          entityId: table.entityId,
          actorEmail: table.actorEmail,
          onBehalfOf: table.onBehalfOf,
          before: table.before,
          after: table.after,
          ip: table.ip,
          createdAt: table.createdAt,
        })
        .from(table)
        .where(or(eq(table.entityId, customerId), eq(table.onBehalfOf, customerId)))
        .orderBy(desc(table.createdAt))
        .limit(limit);
      return rows.map((r) => ({ ...r, database }));
    }),
  );
  return lists
    .flat()
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))
    .slice(0, limit);
}

/** The whole 360 view in parallel; each part scoped by the customer's id. */
export async function getCustomer360(customerId: string) {
  const profile = await getCustomerProfile(customerId);
  const [orgs, services, invoicePage, credit, paymentRows, deviceRows, ticketRows, notes, audit] = await Promise.all([
    identityDb()
      .select({ id: organizations.id, name: organizations.name, slug: organizations.slug, role: organizationMembers.role, status: organizations.status })
      .from(organizationMembers)
      .innerJoin(organizations, eq(organizations.id, organizationMembers.organizationId))
      .where(eq(organizationMembers.userId, customerId))
      .orderBy(organizations.name),
    listCustomerServices(customerId),
    listInvoices({ customerId, pageSize: 20 }),
    customerCreditSummary(customerId),
    billingDb()
      .select({
        id: payments.id,
        invoiceId: payments.invoiceId,
        gateway: payments.gateway,
        amount: payments.amount,
        amountRefunded: payments.amountRefunded,
        currency: payments.currency,
        status: payments.status,
        paidAt: payments.paidAt,
        createdAt: payments.createdAt,
      })
      .from(payments)
      .where(eq(payments.customerId, customerId))
      .orderBy(desc(payments.createdAt))
      .limit(20),
    vpnDb()
      .select({ id: devices.id, name: devices.name, platform: devices.platform, publicKey: devices.publicKey, status: devices.status, ipv4: devices.ipv4, createdAt: devices.createdAt })
      .from(devices)
      .where(eq(devices.userId, customerId))
      .orderBy(desc(devices.createdAt))
      .limit(50),
    supportDb()
      .select({ id: tickets.id, number: tickets.number, subject: tickets.subject, status: tickets.status, priority: tickets.priority, lastReplyAt: tickets.lastReplyAt, createdAt: tickets.createdAt })
      .from(tickets)
      .where(eq(tickets.customerId, customerId))
      .orderBy(desc(tickets.createdAt))
      .limit(20),
    identityDb()
      .select({ id: staffNotes.id, body: staffNotes.body, pinned: staffNotes.pinned, authorEmail: users.email, createdAt: staffNotes.createdAt })
      .from(staffNotes)
      .leftJoin(users, eq(users.id, staffNotes.authorId))
      .where(eq(staffNotes.customerId, customerId))
      .orderBy(desc(staffNotes.pinned), desc(staffNotes.createdAt))
      .limit(50),
    customerAuditTrail(customerId),
  ]);
  const outstanding = await billingDb().all<{ currency: string; due: number }>(sql`
    SELECT currency, SUM(total - amount_paid) AS due FROM invoices
    WHERE customer_id = ${customerId} AND status IN ('unpaid', 'overdue', 'partially_paid') GROUP BY currency`);
  return {
    profile,
    organizations: orgs,
    services,
    invoices: invoicePage,
    credit,
    outstanding: outstanding.map((o) => ({ currency: o.currency, due: Number(o.due) })),
    payments: paymentRows,
    devices: deviceRows,
    tickets: ticketRows,
    notes,
    audit,
  };
}

/* ─── Actions ─────────────────────────────────────────────────────────────────────────────────────────────── */

const COUNTRY = /^[A-Z]{2}$/;

export const updateCustomerSchema = z.object({
  name: z.string().trim().max(100, "At most 100 characters.").transform((v) => v || null),
  email: z.string().trim().toLowerCase().max(254).pipe(z.email({ error: "Enter a valid email address." })),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .refine((v) => v === "" || COUNTRY.test(v), "Two letters, e.g. DE.")
    .transform((v) => v || null),
  timezone: z.string().trim().min(1).max(64).refine((tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "Unknown time zone, e.g. Europe/Berlin."),
});

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validation(fieldErrorsOf(parsed.error));
  return parsed.data;
}

async function lockCustomer(tx: Parameters<Parameters<ReturnType<typeof identityDb>["transaction"]>[0]>[0], id: string) {
  const [row] = await tx
    .select({ id: users.id, email: users.email, name: users.name, country: users.country, timezone: users.timezone, status: users.status, statusReason: users.statusReason, emailVerified: users.emailVerified })
    .from(users)
    .where(and(eq(users.id, id), eq(users.role, "customer")))
    .limit(1);
  if (!row) throw notFound("That customer does not exist.");
  return row;
}

/** Edits name, email, country and time zone. A changed email is unverified again and signs the customer out. */
export async function updateCustomer(actor: AuditActor, customerId: string, input: z.input<typeof updateCustomerSchema>) {
  const data = parse(updateCustomerSchema, input);
  return identityDb().transaction(async (tx) => {
    const before = await lockCustomer(tx, customerId);
    const emailChanged = data.email !== before.email;
    if (emailChanged) {
      const [taken] = await tx.select({ id: users.id }).from(users).where(and(eq(users.email, data.email), ne(users.id, customerId))).limit(1);
      if (taken) throw new AppError("CONFLICT", "Another account uses this email.", { fieldErrors: { email: ["Another account uses this email."] } });
    }
    await tx
      .update(users)
      .set({ name: data.name, email: data.email, country: data.country, timezone: data.timezone, ...(emailChanged ? { emailVerified: null } : {}) })
      .where(eq(users.id, customerId));
    if (emailChanged) await revokeAllSessionsIn(tx, customerId);
    const pick = (r: { name: string | null; email: string; country: string | null; timezone: string }) => ({ name: r.name, email: r.email, country: r.country, timezone: r.timezone });
    await writeAudit(tx, identityAudit, actor, { action: "customer.updated", entityType: "user", entityId: customerId, before: pick(before), after: pick(data) });
    return { emailChanged };
  });
}

export const setStatusSchema = z.object({
  status: z.enum(["active", "suspended"], { error: "Choose active or suspended." }),
  reason: z.string().trim().max(200, "At most 200 characters.").default(""),
});

/** Suspends (signs out everywhere; sessions check the status at every request) or reactivates the account. */
export async function setCustomerStatus(actor: AuditActor, customerId: string, input: z.input<typeof setStatusSchema>) {
  const { status, reason } = parse(setStatusSchema, input);
  if (status === "suspended" && !reason) throw validation({ reason: ["Say why: the customer is told, and the audit log keeps it."] });
  return identityDb().transaction(async (tx) => {
    const before = await lockCustomer(tx, customerId);
    if (before.status === status) return { status };
    await tx
      .update(users)
      .set({ status, statusReason: status === "suspended" ? reason : null })
      .where(eq(users.id, customerId));
    if (status === "suspended") {
      await revokeAllSessionsIn(tx, customerId);
      await recordAuthEvent(tx, { type: "sessions_revoked", reason: "suspended", userId: customerId, ip: actor.ip, userAgent: actor.userAgent });
    }
    await writeAudit(tx, identityAudit, actor, {
      action: status === "suspended" ? "customer.suspended" : "customer.unsuspended",
      entityType: "user",
      entityId: customerId,
      before: { status: before.status, statusReason: before.statusReason },
      after: { status, statusReason: status === "suspended" ? reason : null },
    });
    return { status };
  });
}

export const staffNoteSchema = z.object({
  body: z.string().trim().min(1, "Write the note.").max(5000, "At most 5,000 characters."),
  pinned: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()).default(false),
});

export async function addStaffNote(actor: AuditActor, customerId: string, input: z.input<typeof staffNoteSchema>) {
  const data = parse(staffNoteSchema, input);
  if (!actor.id) throw new AppError("FORBIDDEN", "Notes need a staff author.");
  return identityDb().transaction(async (tx) => {
    await lockCustomer(tx, customerId);
    const [note] = await tx.insert(staffNotes).values({ customerId, authorId: actor.id!, body: data.body, pinned: data.pinned }).returning({ id: staffNotes.id });
    await writeAudit(tx, identityAudit, actor, { action: "customer.note_added", entityType: "user", entityId: customerId, after: { noteId: note!.id, body: data.body, pinned: data.pinned } });
    return { id: note!.id };
  });
}

export const customerEmailSchema = z.object({
  subject: z.string().trim().min(1, "Write a subject.").max(200).refine((v) => !/[\r\n]/.test(v), "One line."),
  body: z.string().trim().min(1, "Write the message.").max(10_000),
});

/** Queues an email to the customer from staff; the outbox row and its audit row commit together (ops). */
export async function sendCustomerEmail(actor: AuditActor, customerId: string, input: z.input<typeof customerEmailSchema>) {
  const data = parse(customerEmailSchema, input);
  const customer = await getCustomerProfile(customerId);
  const env = serverEnv();
  // The wording around the message is the editable `staff.message` template (Settings → Email).
  const content = renderTemplate(await getEmailTemplate("staff.message"), {
    subject: data.subject,
    name: customer.name ?? customer.email,
    message: data.body,
    company: env.APP_NAME,
  });
  return opsDb().transaction(async (tx) => {
    const outboxId = await sendEmail(tx, { to: customer.email, subject: content.subject || data.subject, text: content.text, html: content.html, template: "staff.message", userId: customerId });
    await writeAudit(tx, opsAudit, actor, {
      action: "customer.email_sent",
      entityType: "user",
      entityId: customerId,
      after: { outboxId, to: customer.email, subject: data.subject },
    });
    return { outboxId };
  });
}
