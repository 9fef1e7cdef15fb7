import "server-only";
/**
 * The ticket lifecycle: open, reply (public or internal), assign, route, tag, resolve/close, merge, rate.
 * Every write is one support transaction; staff writes carry their audit row in it; a public reply enqueues its
 * notification job in it (transactional outbox), so an email goes out if and only if the reply was saved.
 */
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { billingDb } from "@/db/billing/client";
import { services } from "@/db/billing/schema";
import { supportDb } from "@/db/support/client";
import { attachments, auditLog, departments, ticketMessages, tickets, ticketTags, TICKET_PRIORITIES, TICKET_STATUSES } from "@/db/support/schema";
import { vpnDb } from "@/db/vpn/client";
import { devices } from "@/db/vpn/schema";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { AppError, notFound, validation } from "@/lib/errors";
import { checkAttachments, discardStored, storeFiles, type IncomingFile, type StoredFile } from "./attachments";
import { ACTIVE_STATUSES, GUEST_CUSTOMER_ID, type SupportTx } from "./db";
import { notifyMessageJob } from "./jobs";
import { nextTicketNumber } from "./numbers";
import { isActiveStaff } from "./people";
import { dueTimes, slaTargetFor, type TicketPriority } from "./sla";

export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type Ticket = typeof tickets.$inferSelect;

/** Staff acting: the audit actor, whose id is the staff user id. */
export type StaffActor = AuditActor & { id: string };

export const MESSAGE_MAX = 20_000;

/** zod parse that fails as a VALIDATION AppError (shown next to the fields) instead of a bare ZodError. */
function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validation(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join(".") || "form", [i.message]])));
  return parsed.data;
}

const body = z
  .string({ error: "Write a message" })
  .transform((v) => v.replace(/\r\n/g, "\n").trim())
  .pipe(z.string().min(1, "Write a message").max(MESSAGE_MAX, `Keep the message under ${MESSAGE_MAX.toLocaleString("en")} characters`));

const optionalId = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

export const openTicketSchema = z.object({
  departmentId: z.string({ error: "Choose a department" }).trim().min(1, "Choose a department"),
  priority: z.enum(TICKET_PRIORITIES, { error: "Choose a priority" }).default("normal"),
  subject: z
    .string({ error: "Give it a subject" })
    .transform((v) => v.replace(/\s+/g, " ").trim())
    .pipe(z.string().min(3, "Give it a subject of at least 3 characters").max(150, "Keep the subject under 150 characters")),
  body,
  /** `service:<id>` or `device:<id>` from one select, or the two fields separately. */
  related: optionalId,
  relatedServiceId: optionalId,
  relatedDeviceId: optionalId,
});
export type OpenTicketInput = z.input<typeof openTicketSchema>;

export const replySchema = z.object({ body, internal: z.enum(["on", "true", "1", ""]).optional().transform((v) => v === "on" || v === "true" || v === "1") });

export interface Requester {
  /** Identity user id, or GUEST_CUSTOMER_ID with email/name for contact-form tickets. */
  customerId: string;
  email?: string | null;
  name?: string | null;
}

/** What the ticket is about must belong to its customer: checked against billing and VPN, scoped by the customer. */
async function checkRelated(customerId: string, serviceId?: string, deviceId?: string) {
  if (serviceId) {
    const [row] = await billingDb().select({ id: services.id }).from(services).where(and(eq(services.id, serviceId), eq(services.customerId, customerId))).limit(1);
    if (!row) throw validation({ related: ["Choose one of your own services or devices"] });
  }
  if (deviceId) {
    const [row] = await vpnDb().select({ id: devices.id }).from(devices).where(and(eq(devices.id, deviceId), eq(devices.userId, customerId))).limit(1);
    if (!row) throw validation({ related: ["Choose one of your own services or devices"] });
  }
}

interface AppendInput {
  authorId: string | null;
  authorRole: "customer" | "staff" | "system";
  body: string;
  internal?: boolean;
  files?: StoredFile[];
  now: Date;
  /** Skip the notification job (system messages, the merge note). */
  silent?: boolean;
}

/** Adds a message to a ticket and moves the ticket along (status, reply times, SLA first response). */
export async function appendMessage(tx: SupportTx, ticket: Ticket, input: AppendInput): Promise<string> {
  const internal = Boolean(input.internal) && input.authorRole === "staff";
  const [message] = await tx
    .insert(ticketMessages)
    .values({ ticketId: ticket.id, authorId: input.authorId, authorRole: input.authorRole, bodyMarkdown: input.body, internal, createdAt: input.now })
    .returning({ id: ticketMessages.id });
  for (const file of input.files ?? []) {
    await tx.insert(attachments).values({
      id: file.id,
      ticketId: ticket.id,
      messageId: message!.id,
      filename: file.filename,
      mimeType: file.mimeType,
      sizeBytes: file.sizeBytes,
      storagePath: file.storagePath,
      sha256: file.sha256,
      uploadedBy: input.authorId,
      createdAt: input.now,
    });
  }
  const patch: Partial<typeof tickets.$inferInsert> = { updatedAt: input.now };
  let status: TicketStatus = ticket.status;
  if (input.authorRole === "customer") {
    status = "awaiting_staff";
    Object.assign(patch, { lastReplyAt: input.now, lastReplyBy: "customer", autoCloseWarnedAt: null, resolvedAt: null, closedAt: null });
  } else if (input.authorRole === "staff" && !internal) {
    status = "awaiting_customer";
    Object.assign(patch, { lastReplyAt: input.now, lastReplyBy: "staff", autoCloseWarnedAt: null, resolvedAt: null, closedAt: null });
    if (!ticket.firstRespondedAt) patch.firstRespondedAt = input.now;
  }
  if (status !== ticket.status) Object.assign(patch, { status, statusChangedAt: input.now });
  await tx.update(tickets).set(patch).where(eq(tickets.id, ticket.id));
  if (!internal && !input.silent && input.authorRole !== "system") {
    await notifyMessageJob.enqueue(tx, { messageId: message!.id }, { uniqueKey: `ticket-message:${message!.id}` });
  }
  return message!.id;
}

async function withStoredFiles<T>(files: IncomingFile[], now: Date, fn: (stored: StoredFile[]) => Promise<T>): Promise<T> {
  const stored = await storeFiles(checkAttachments(files), now);
  try {
    return await fn(stored);
  } catch (error) {
    await discardStored(stored);
    throw error;
  }
}

export interface OpenedTicket {
  id: string;
  number: string;
}

/** Opens a ticket for a customer (portal), a verified guest (contact form) or on a customer's behalf (staff). */
export async function openTicket(
  requester: Requester,
  input: OpenTicketInput,
  files: IncomingFile[] = [],
  options: { now?: Date; source?: Ticket["source"]; staff?: StaffActor } = {},
): Promise<OpenedTicket> {
  const now = options.now ?? new Date();
  const data = parseInput(openTicketSchema, input);
  let serviceId = data.relatedServiceId;
  let deviceId = data.relatedDeviceId;
  if (data.related) {
    const [kind, id] = data.related.split(":");
    if (kind === "service" && id) serviceId = id;
    else if (kind === "device" && id) deviceId = id;
    else throw validation({ related: ["Choose one of your own services or devices"] });
  }
  if (requester.customerId === GUEST_CUSTOMER_ID && (serviceId || deviceId)) throw validation({ related: ["Sign in to link a service or device"] });
  await checkRelated(requester.customerId, serviceId, deviceId);

  const db = supportDb();
  const [department] = await db.select().from(departments).where(and(eq(departments.id, data.departmentId), eq(departments.active, true))).limit(1);
  if (!department) throw validation({ departmentId: ["Choose a department"] });

  return withStoredFiles(files, now, (stored) =>
    db.transaction(async (tx) => {
      const number = await nextTicketNumber(tx);
      const due = dueTimes(await slaTargetFor(tx, department.id, data.priority), now);
      const [ticket] = await tx
        .insert(tickets)
        .values({
          number,
          customerId: requester.customerId,
          requesterEmail: requester.email?.toLowerCase() ?? null,
          requesterName: requester.name ?? null,
          departmentId: department.id,
          subject: data.subject,
          priority: data.priority,
          status: "open",
          relatedServiceId: serviceId ?? null,
          relatedDeviceId: deviceId ?? null,
          source: options.source ?? "portal",
          ...due,
          statusChangedAt: now,
          lastReplyAt: now,
          lastReplyBy: options.staff ? "staff" : "customer",
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await tx
        .insert(ticketMessages)
        .values({ ticketId: ticket!.id, authorId: options.staff?.id ?? (requester.customerId === GUEST_CUSTOMER_ID ? null : requester.customerId), authorRole: options.staff ? "staff" : "customer", bodyMarkdown: data.body, createdAt: now })
        .returning({ id: ticketMessages.id })
        .then(async ([message]) => {
          for (const file of stored) {
            await tx.insert(attachments).values({ id: file.id, ticketId: ticket!.id, messageId: message!.id, filename: file.filename, mimeType: file.mimeType, sizeBytes: file.sizeBytes, storagePath: file.storagePath, sha256: file.sha256, uploadedBy: requester.customerId, createdAt: now });
          }
          await notifyMessageJob.enqueue(tx, { messageId: message!.id }, { uniqueKey: `ticket-message:${message!.id}` });
        });
      if (options.staff) {
        await writeAudit(tx, auditLog, options.staff, { action: "ticket.open", entityType: "ticket", entityId: ticket!.id, after: { number, customerId: requester.customerId, subject: data.subject } });
      }
      return { id: ticket!.id, number };
    }),
  );
}

async function loadTicket(tx: SupportTx, ticketId: string, customerId?: string): Promise<Ticket> {
  const [ticket] = await tx
    .select()
    .from(tickets)
    .where(customerId ? and(eq(tickets.id, ticketId), eq(tickets.customerId, customerId)) : eq(tickets.id, ticketId))
    .limit(1);
  if (!ticket) throw notFound("That ticket does not exist.");
  return ticket;
}

/** A customer's reply (portal or email). Their own tickets only; a closed ticket takes no more replies. */
export async function replyAsCustomer(
  customerId: string,
  ticketId: string,
  input: { body: string },
  files: IncomingFile[] = [],
  options: { now?: Date; beforeAppend?: (tx: SupportTx, ticket: Ticket) => Promise<void> } = {},
): Promise<{ messageId: string }> {
  const now = options.now ?? new Date();
  const { body: text } = parseInput(replySchema.pick({ body: true }), input);
  return withStoredFiles(files, now, (stored) =>
    supportDb().transaction(async (tx) => {
      const ticket = await loadTicket(tx, ticketId, customerId);
      if (ticket.status === "closed") {
        throw new AppError("CONFLICT", ticket.mergedIntoId ? "This ticket was merged into another one; reply there." : "This ticket is closed. Please open a new ticket.");
      }
      await options.beforeAppend?.(tx, ticket);
      const messageId = await appendMessage(tx, ticket, { authorId: customerId === GUEST_CUSTOMER_ID ? null : customerId, authorRole: "customer", body: text, files: stored, now });
      return { messageId };
    }),
  );
}

/** A staff reply: public (the customer is emailed) or an internal note (never shown to or sent to the customer). */
export async function replyAsStaff(
  actor: StaffActor,
  ticketId: string,
  input: { body: string; internal?: boolean },
  files: IncomingFile[] = [],
  options: { now?: Date } = {},
): Promise<{ messageId: string }> {
  const now = options.now ?? new Date();
  const { body: text } = parseInput(replySchema.pick({ body: true }), { body: input.body });
  return withStoredFiles(files, now, (stored) =>
    supportDb().transaction(async (tx) => {
      const ticket = await loadTicket(tx, ticketId);
      if (ticket.mergedIntoId) throw new AppError("CONFLICT", "This ticket was merged into another one; reply there.");
      const messageId = await appendMessage(tx, ticket, { authorId: actor.id, authorRole: "staff", body: text, internal: input.internal, files: stored, now });
      await writeAudit(tx, auditLog, actor, {
        action: input.internal ? "ticket.note" : "ticket.reply",
        entityType: "ticket",
        entityId: ticket.id,
        after: { messageId, number: ticket.number, attachments: stored.length },
      });
      return { messageId };
    }),
  );
}

/** Bulk or single assignment; null unassigns. */
export async function assignTickets(actor: StaffActor, ticketIds: string[], assigneeId: string | null, options: { now?: Date } = {}): Promise<number> {
  if (ticketIds.length === 0) return 0;
  if (assigneeId && !(await isActiveStaff(assigneeId))) throw validation({ assigneeId: ["Choose a staff member"] });
  const now = options.now ?? new Date();
  return supportDb().transaction(async (tx) => {
    const rows = await tx.select({ id: tickets.id, number: tickets.number, assigneeId: tickets.assigneeId }).from(tickets).where(inArray(tickets.id, ticketIds));
    let changed = 0;
    for (const row of rows) {
      if (row.assigneeId === assigneeId) continue;
      await tx.update(tickets).set({ assigneeId, updatedAt: now }).where(eq(tickets.id, row.id));
      await writeAudit(tx, auditLog, actor, { action: "ticket.assign", entityType: "ticket", entityId: row.id, before: { assigneeId: row.assigneeId }, after: { assigneeId, number: row.number } });
      changed++;
    }
    return changed;
  });
}

/** Staff set the status of one or many tickets (resolve, close, re-open). Merged tickets stay closed. */
export async function setTicketStatus(actor: StaffActor, ticketIds: string[], status: TicketStatus, options: { now?: Date } = {}): Promise<number> {
  if (ticketIds.length === 0) return 0;
  const now = options.now ?? new Date();
  return supportDb().transaction(async (tx) => {
    const rows = await tx.select().from(tickets).where(and(inArray(tickets.id, ticketIds), ne(tickets.status, status)));
    let changed = 0;
    for (const row of rows) {
      if (row.mergedIntoId) continue;
      await tx.update(tickets).set(statusPatch(status, now)).where(eq(tickets.id, row.id));
      await writeAudit(tx, auditLog, actor, { action: `ticket.status`, entityType: "ticket", entityId: row.id, before: { status: row.status }, after: { status, number: row.number } });
      changed++;
    }
    return changed;
  });
}

function statusPatch(status: TicketStatus, now: Date): Partial<typeof tickets.$inferInsert> {
  const patch: Partial<typeof tickets.$inferInsert> = { status, statusChangedAt: now, updatedAt: now, autoCloseWarnedAt: null };
  if (status === "resolved") Object.assign(patch, { resolvedAt: now, closedAt: null });
  else if (status === "closed") patch.closedAt = now;
  else Object.assign(patch, { resolvedAt: null, closedAt: null });
  return patch;
}

export const routingSchema = z.object({
  departmentId: z.string().trim().min(1, "Choose a department"),
  priority: z.enum(TICKET_PRIORITIES, { error: "Choose a priority" }),
});

/** Moves a ticket to another department or priority; its SLA due times follow the new targets (from when it opened). */
export async function changeTicketRouting(actor: StaffActor, ticketId: string, input: z.input<typeof routingSchema>, options: { now?: Date } = {}) {
  const data = parseInput(routingSchema, input);
  const now = options.now ?? new Date();
  return supportDb().transaction(async (tx) => {
    const ticket = await loadTicket(tx, ticketId);
    const [dept] = await tx.select({ id: departments.id }).from(departments).where(eq(departments.id, data.departmentId)).limit(1);
    if (!dept) throw validation({ departmentId: ["Choose a department"] });
    if (ticket.departmentId === data.departmentId && ticket.priority === data.priority) return;
    const due = dueTimes(await slaTargetFor(tx, data.departmentId, data.priority as TicketPriority), ticket.createdAt);
    await tx.update(tickets).set({ departmentId: data.departmentId, priority: data.priority, ...due, updatedAt: now }).where(eq(tickets.id, ticket.id));
    await writeAudit(tx, auditLog, actor, {
      action: "ticket.route",
      entityType: "ticket",
      entityId: ticket.id,
      before: { departmentId: ticket.departmentId, priority: ticket.priority },
      after: { departmentId: data.departmentId, priority: data.priority },
    });
  });
}

export function normalizeTags(input: string | string[]): string[] {
  const parts = (Array.isArray(input) ? input : input.split(",")).map((t) => t.trim().toLowerCase().replace(/\s+/g, "-").replace(/[^a-z0-9._-]/g, ""));
  return [...new Set(parts.filter((t) => t.length > 0 && t.length <= 32))].slice(0, 10);
}

export async function setTicketTags(actor: StaffActor, ticketId: string, tags: string[], options: { now?: Date } = {}): Promise<string[]> {
  const wanted = normalizeTags(tags);
  const now = options.now ?? new Date();
  return supportDb().transaction(async (tx) => {
    const ticket = await loadTicket(tx, ticketId);
    const before = (await tx.select({ tag: ticketTags.tag }).from(ticketTags).where(eq(ticketTags.ticketId, ticket.id))).map((r) => r.tag).sort();
    await tx.delete(ticketTags).where(eq(ticketTags.ticketId, ticket.id));
    if (wanted.length) await tx.insert(ticketTags).values(wanted.map((tag) => ({ ticketId: ticket.id, tag, createdAt: now })));
    await tx.update(tickets).set({ updatedAt: now }).where(eq(tickets.id, ticket.id));
    await writeAudit(tx, auditLog, actor, { action: "ticket.tags", entityType: "ticket", entityId: ticket.id, before: { tags: before }, after: { tags: wanted } });
    return wanted;
  });
}

/**
 * Merges `sourceId` into `targetId` (same customer only): the source's messages and files move to the target,
 * the source is closed and points at the target, and both get a system note. Audited.
 */
export async function mergeTickets(actor: StaffActor, sourceId: string, targetId: string, options: { now?: Date } = {}): Promise<void> {
  if (sourceId === targetId) throw validation({ target: ["Choose a different ticket to merge into"] });
  const now = options.now ?? new Date();
  await supportDb().transaction(async (tx) => {
    const source = await loadTicket(tx, sourceId);
    const target = await loadTicket(tx, targetId);
    if (source.customerId !== target.customerId || (source.customerId === GUEST_CUSTOMER_ID && source.requesterEmail !== target.requesterEmail)) {
      throw validation({ target: ["Only tickets of the same customer can be merged"] });
    }
    if (source.mergedIntoId) throw new AppError("CONFLICT", `${source.number} is already merged.`);
    if (target.mergedIntoId) throw validation({ target: [`${target.number} was itself merged; merge into ${target.number}'s target instead`] });
    await tx.update(ticketMessages).set({ ticketId: target.id }).where(eq(ticketMessages.ticketId, source.id));
    await tx.update(attachments).set({ ticketId: target.id }).where(eq(attachments.ticketId, source.id));
    const sourceTags = await tx.select({ tag: ticketTags.tag }).from(ticketTags).where(eq(ticketTags.ticketId, source.id));
    if (sourceTags.length) await tx.insert(ticketTags).values(sourceTags.map((t) => ({ ticketId: target.id, tag: t.tag, createdAt: now }))).onConflictDoNothing();
    await tx.update(tickets).set({ ...statusPatch("closed", now), mergedIntoId: target.id }).where(eq(tickets.id, source.id));
    await tx.insert(ticketMessages).values({ ticketId: source.id, authorId: null, authorRole: "system", bodyMarkdown: `Merged into ${target.number}.`, createdAt: now });
    await tx.insert(ticketMessages).values({ ticketId: target.id, authorId: null, authorRole: "system", bodyMarkdown: `${source.number} (“${source.subject}”) was merged into this ticket.`, createdAt: now });
    // The earliest first response and the tighter due times survive the merge.
    await tx
      .update(tickets)
      .set({
        firstResponseDueAt: minDate(target.firstResponseDueAt, source.firstResponseDueAt),
        resolutionDueAt: minDate(target.resolutionDueAt, source.resolutionDueAt),
        updatedAt: now,
      })
      .where(eq(tickets.id, target.id));
    await writeAudit(tx, auditLog, actor, { action: "ticket.merge", entityType: "ticket", entityId: source.id, after: { from: source.number, into: target.number, targetId: target.id } });
  });
}

const minDate = (a: Date | null, b: Date | null) => (a && b ? (a < b ? a : b) : (a ?? b));

/** The customer marks their ticket solved. */
export async function resolveByCustomer(customerId: string, ticketId: string, options: { now?: Date } = {}): Promise<void> {
  const now = options.now ?? new Date();
  await supportDb().transaction(async (tx) => {
    const ticket = await loadTicket(tx, ticketId, customerId);
    if (!(ACTIVE_STATUSES as readonly string[]).includes(ticket.status)) return;
    await tx.update(tickets).set(statusPatch("resolved", now)).where(eq(tickets.id, ticket.id));
    await tx.insert(ticketMessages).values({ ticketId: ticket.id, authorRole: "system", bodyMarkdown: "The customer marked this ticket as resolved.", createdAt: now });
  });
}

export const ratingSchema = z.object({
  rating: z.coerce.number({ error: "Choose a rating" }).int().min(1, "Choose a rating from 1 to 5").max(5, "Choose a rating from 1 to 5"),
  comment: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .pipe(z.string().max(1000, "Keep the comment under 1,000 characters").optional()),
});

/** Satisfaction rating: once, after the ticket was resolved or closed. */
export async function rateTicket(customerId: string, ticketId: string, input: z.input<typeof ratingSchema>): Promise<void> {
  const data = parseInput(ratingSchema, input);
  const updated = await supportDb()
    .update(tickets)
    .set({ satisfaction: data.rating, satisfactionComment: data.comment ?? null })
    .where(
      and(
        eq(tickets.id, ticketId),
        eq(tickets.customerId, customerId),
        inArray(tickets.status, ["resolved", "closed"]),
        sql`${tickets.satisfaction} is null`,
        sql`${tickets.mergedIntoId} is null`,
      ),
    )
    .returning({ id: tickets.id });
  if (updated.length === 0) throw new AppError("CONFLICT", "This ticket can be rated once it is resolved, and only once.");
}
