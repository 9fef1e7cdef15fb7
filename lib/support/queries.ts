import "server-only";
/**
 * Reads. Customer reads are scoped by construction: every query takes the customer id and puts it in its WHERE
 * clause, and customer reads never select internal notes or their files. Staff reads see everything.
 */
import { and, asc, count, desc, eq, inArray, isNull, like, or, sql, type SQL } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { products, services } from "@/db/billing/schema";
import { supportDb } from "@/db/support/client";
import { attachments, cannedReplies, departments, slaTargets, ticketMessages, tickets, ticketTags, TICKET_STATUSES } from "@/db/support/schema";
import { vpnDb } from "@/db/vpn/client";
import { devices } from "@/db/vpn/schema";
import { notFound } from "@/lib/errors";
import { renderMarkdown } from "@/lib/markdown/render";
import { ACTIVE_STATUSES, GUEST_CUSTOMER_ID } from "./db";
import { parseTicketNumber } from "./numbers";
import { peopleByIds } from "./people";
import { slaTimer, type SlaTimer } from "./sla";

export type TicketStatus = (typeof TICKET_STATUSES)[number];

export interface DepartmentOption {
  id: string;
  slug: string;
  name: string;
  description: string | null;
}

export async function listDepartments(options: { includeInactive?: boolean } = {}) {
  return supportDb()
    .select()
    .from(departments)
    .where(options.includeInactive ? undefined : eq(departments.active, true))
    .orderBy(asc(departments.sortOrder), asc(departments.name));
}

export async function listSlaTargets() {
  return supportDb().select().from(slaTargets);
}

/** What a customer may link a ticket to: their own services and devices (labels only). */
export async function relatedOptionsFor(customerId: string): Promise<Array<{ value: string; label: string; group: "Services" | "Devices" }>> {
  const [svc, dev] = await Promise.all([
    billingDb()
      .select({ id: services.id, label: services.label, product: products.name, status: services.status })
      .from(services)
      .innerJoin(products, eq(products.id, services.productId))
      .where(eq(services.customerId, customerId))
      .orderBy(desc(services.createdAt)),
    vpnDb().select({ id: devices.id, name: devices.name }).from(devices).where(eq(devices.userId, customerId)).orderBy(asc(devices.name)),
  ]);
  return [
    ...svc.filter((s) => s.status !== "terminated").map((s) => ({ value: `service:${s.id}`, label: s.label ? `${s.product} — ${s.label}` : s.product, group: "Services" as const })),
    ...dev.map((d) => ({ value: `device:${d.id}`, label: d.name, group: "Devices" as const })),
  ];
}

async function relatedLabels(rows: Array<{ relatedServiceId: string | null; relatedDeviceId: string | null }>) {
  const serviceIds = [...new Set(rows.map((r) => r.relatedServiceId).filter((v): v is string => Boolean(v)))];
  const deviceIds = [...new Set(rows.map((r) => r.relatedDeviceId).filter((v): v is string => Boolean(v)))];
  const [svc, dev] = await Promise.all([
    serviceIds.length
      ? billingDb().select({ id: services.id, label: services.label, product: products.name }).from(services).innerJoin(products, eq(products.id, services.productId)).where(inArray(services.id, serviceIds))
      : [],
    deviceIds.length ? vpnDb().select({ id: devices.id, name: devices.name }).from(devices).where(inArray(devices.id, deviceIds)) : [],
  ]);
  const labels = new Map<string, string>();
  for (const s of svc) labels.set(s.id, s.label ? `${s.product} — ${s.label}` : s.product);
  for (const d of dev) labels.set(d.id, `Device “${d.name}”`);
  return labels;
}

export interface CustomerTicketRow {
  id: string;
  number: string;
  subject: string;
  status: TicketStatus;
  priority: string;
  departmentName: string;
  lastReplyAt: Date | null;
  lastReplyBy: string | null;
  createdAt: Date;
}

export async function listCustomerTickets(customerId: string, options: { page?: number; pageSize?: number; status?: "active" | "done" } = {}) {
  const pageSize = Math.min(100, Math.max(1, options.pageSize ?? 20));
  const page = Math.max(1, options.page ?? 1);
  const filter = and(
    eq(tickets.customerId, customerId),
    options.status === "active" ? inArray(tickets.status, [...ACTIVE_STATUSES]) : options.status === "done" ? inArray(tickets.status, ["resolved", "closed"]) : undefined,
  );
  const db = supportDb();
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: tickets.id,
        number: tickets.number,
        subject: tickets.subject,
        status: tickets.status,
        priority: tickets.priority,
        departmentName: departments.name,
        lastReplyAt: tickets.lastReplyAt,
        lastReplyBy: tickets.lastReplyBy,
        createdAt: tickets.createdAt,
      })
      .from(tickets)
      .innerJoin(departments, eq(departments.id, tickets.departmentId))
      .where(filter)
      .orderBy(desc(tickets.lastReplyAt), desc(tickets.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(tickets).where(filter),
  ]);
  return { rows: rows satisfies CustomerTicketRow[], total: total?.n ?? 0, page, pageSize };
}

export interface MessageView {
  id: string;
  authorRole: "customer" | "staff" | "system";
  authorName: string;
  internal: boolean;
  html: string;
  bodyMarkdown: string;
  createdAt: Date;
  attachments: Array<{ id: string; filename: string; sizeBytes: number; mimeType: string }>;
}

async function messagesFor(ticketId: string, includeInternal: boolean, audience: "customer" | "staff"): Promise<MessageView[]> {
  const db = supportDb();
  const rows = await db
    .select()
    .from(ticketMessages)
    .where(and(eq(ticketMessages.ticketId, ticketId), includeInternal ? undefined : eq(ticketMessages.internal, false)))
    .orderBy(asc(ticketMessages.createdAt), asc(ticketMessages.id));
  const files = rows.length
    ? await db
        .select({ id: attachments.id, messageId: attachments.messageId, filename: attachments.filename, sizeBytes: attachments.sizeBytes, mimeType: attachments.mimeType })
        .from(attachments)
        .where(inArray(attachments.messageId, rows.map((r) => r.id)))
    : [];
  const people = await peopleByIds(rows.map((r) => r.authorId));
  return rows.map((m) => {
    const person = m.authorId ? people.get(m.authorId) : undefined;
    const authorName =
      m.authorRole === "system" ? "Skyport" : m.authorRole === "staff" ? (audience === "customer" ? `${person?.name?.split(" ")[0] ?? "Support"} · Skyport support` : (person?.name ?? person?.email ?? "Staff")) : (person?.name ?? person?.email ?? "Customer");
    return {
      id: m.id,
      authorRole: m.authorRole,
      authorName,
      internal: m.internal,
      html: renderMarkdown(m.bodyMarkdown),
      bodyMarkdown: m.bodyMarkdown,
      createdAt: m.createdAt,
      attachments: files.filter((f) => f.messageId === m.id).map(({ messageId: _, ...f }) => f),
    };
  });
}

async function findTicket(where: SQL | undefined) {
  const [row] = await supportDb()
    .select({ ticket: tickets, departmentName: departments.name, departmentSlug: departments.slug })
    .from(tickets)
    .innerJoin(departments, eq(departments.id, tickets.departmentId))
    .where(where)
    .limit(1);
  return row;
}

/** A customer's own ticket by its number; anyone else's is "not found". Internal notes are never selected. */
export async function getCustomerTicket(customerId: string, numberInput: string) {
  const number = parseTicketNumber(numberInput);
  if (!number || customerId === GUEST_CUSTOMER_ID) throw notFound("That ticket does not exist.");
  const row = await findTicket(and(eq(tickets.number, number), eq(tickets.customerId, customerId)));
  if (!row) throw notFound("That ticket does not exist.");
  const { ticket } = row;
  const [messages, labels, mergedInto] = await Promise.all([
    messagesFor(ticket.id, false, "customer"),
    relatedLabels([ticket]),
    ticket.mergedIntoId ? supportDb().select({ number: tickets.number }).from(tickets).where(and(eq(tickets.id, ticket.mergedIntoId), eq(tickets.customerId, customerId))).limit(1) : [],
  ]);
  return {
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    departmentName: row.departmentName,
    related: ticket.relatedServiceId ? (labels.get(ticket.relatedServiceId) ?? null) : ticket.relatedDeviceId ? (labels.get(ticket.relatedDeviceId) ?? null) : null,
    satisfaction: ticket.satisfaction,
    mergedIntoNumber: mergedInto[0]?.number ?? null,
    createdAt: ticket.createdAt,
    messages,
  };
}

export interface QueueFilter {
  departmentId?: string;
  /** A staff id, `me` (with `me` set), `none`, or empty for everyone. */
  assignee?: string;
  me?: string;
  /** `active` (default: open, awaiting staff, awaiting customer), `breached`, `all`, or one status. */
  status?: string;
  q?: string;
  tag?: string;
  page?: number;
  pageSize?: number;
  now?: Date;
}

export interface QueueRow {
  id: string;
  number: string;
  subject: string;
  status: TicketStatus;
  priority: string;
  departmentId: string;
  departmentName: string;
  customerId: string;
  customerEmail: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  lastReplyAt: Date | null;
  lastReplyBy: string | null;
  createdAt: Date;
  sla: SlaTimer | null;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
  tags: string[];
}

const PRIORITY_ORDER = sql`case ${tickets.priority} when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`;

/** The admin queue: rows + total, filtered and paged in SQL (swappable into a data table later). */
export async function listQueue(filter: QueueFilter = {}): Promise<{ rows: QueueRow[]; total: number; page: number; pageSize: number }> {
  const now = filter.now ?? new Date();
  const pageSize = Math.min(100, Math.max(1, filter.pageSize ?? 25));
  const page = Math.max(1, filter.page ?? 1);
  const status = filter.status || "active";
  const conditions: Array<SQL | undefined> = [];
  if (status === "active") conditions.push(inArray(tickets.status, [...ACTIVE_STATUSES]));
  else if (status === "breached")
    conditions.push(
      inArray(tickets.status, [...ACTIVE_STATUSES]),
      or(
        sql`${tickets.firstResponseBreachedAt} is not null`,
        sql`${tickets.resolutionBreachedAt} is not null`,
        and(isNull(tickets.firstRespondedAt), sql`${tickets.firstResponseDueAt} <= ${now.getTime()}`),
        sql`${tickets.resolutionDueAt} <= ${now.getTime()}`,
      ),
    );
  else if ((TICKET_STATUSES as readonly string[]).includes(status)) conditions.push(eq(tickets.status, status as TicketStatus));
  if (filter.departmentId) conditions.push(eq(tickets.departmentId, filter.departmentId));
  if (filter.assignee === "none") conditions.push(isNull(tickets.assigneeId));
  else if (filter.assignee === "me" && filter.me) conditions.push(eq(tickets.assigneeId, filter.me));
  else if (filter.assignee && filter.assignee !== "me") conditions.push(eq(tickets.assigneeId, filter.assignee));
  if (filter.tag) conditions.push(sql`exists (select 1 from ${ticketTags} where ${ticketTags.ticketId} = ${tickets.id} and ${ticketTags.tag} = ${filter.tag})`);
  const q = filter.q?.trim().slice(0, 100);
  if (q) {
    const number = parseTicketNumber(q);
    const pattern = `%${q.replace(/[%_]/g, "")}%`;
    conditions.push(or(number ? eq(tickets.number, number) : undefined, like(tickets.subject, pattern), like(tickets.requesterEmail, pattern)));
  }
  const where = and(...conditions);
  const db = supportDb();
  const [rows, [total]] = await Promise.all([
    db
      .select({ ticket: tickets, departmentName: departments.name })
      .from(tickets)
      .innerJoin(departments, eq(departments.id, tickets.departmentId))
      .where(where)
      // Most urgent clock first: tickets with a due time by that time, then priority, then the oldest wait.
      .orderBy(
        sql`coalesce(case when ${tickets.firstRespondedAt} is null then ${tickets.firstResponseDueAt} end, ${tickets.resolutionDueAt}) is null`,
        sql`coalesce(case when ${tickets.firstRespondedAt} is null then ${tickets.firstResponseDueAt} end, ${tickets.resolutionDueAt})`,
        PRIORITY_ORDER,
        asc(tickets.lastReplyAt),
      )
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(tickets).where(where),
  ]);
  const ids = rows.map((r) => r.ticket.id);
  const tagRows = ids.length ? await db.select().from(ticketTags).where(inArray(ticketTags.ticketId, ids)) : [];
  const people = await peopleByIds(rows.flatMap((r) => [r.ticket.customerId, r.ticket.assigneeId]));
  return {
    rows: rows.map(({ ticket: t, departmentName }) => ({
      id: t.id,
      number: t.number,
      subject: t.subject,
      status: t.status,
      priority: t.priority,
      departmentId: t.departmentId,
      departmentName,
      customerId: t.customerId,
      customerEmail: t.customerId === GUEST_CUSTOMER_ID ? t.requesterEmail : (people.get(t.customerId)?.email ?? null),
      assigneeId: t.assigneeId,
      assigneeName: t.assigneeId ? (people.get(t.assigneeId)?.name ?? people.get(t.assigneeId)?.email ?? null) : null,
      lastReplyAt: t.lastReplyAt,
      lastReplyBy: t.lastReplyBy,
      createdAt: t.createdAt,
      sla: slaTimer(t, now),
      firstResponseBreached: Boolean(t.firstResponseBreachedAt) || Boolean(!t.firstRespondedAt && t.firstResponseDueAt && t.firstResponseDueAt <= now && ACTIVE_STATUSES.includes(t.status as never)),
      resolutionBreached: Boolean(t.resolutionBreachedAt) || Boolean(t.resolutionDueAt && t.resolutionDueAt <= now && ACTIVE_STATUSES.includes(t.status as never)),
      tags: tagRows.filter((g) => g.ticketId === t.id).map((g) => g.tag),
    })),
    total: total?.n ?? 0,
    page,
    pageSize,
  };
}

/** A ticket as staff see it: every message including internal notes, tags, customer, assignee, SLA. */
export async function getStaffTicket(numberInput: string, options: { now?: Date } = {}) {
  const number = parseTicketNumber(numberInput);
  if (!number) throw notFound("That ticket does not exist.");
  const row = await findTicket(eq(tickets.number, number));
  if (!row) throw notFound("That ticket does not exist.");
  const { ticket } = row;
  const now = options.now ?? new Date();
  const db = supportDb();
  const [messages, labels, tagRows, people, mergedInto, others] = await Promise.all([
    messagesFor(ticket.id, true, "staff"),
    relatedLabels([ticket]),
    db.select({ tag: ticketTags.tag }).from(ticketTags).where(eq(ticketTags.ticketId, ticket.id)).orderBy(asc(ticketTags.tag)),
    peopleByIds([ticket.customerId, ticket.assigneeId]),
    ticket.mergedIntoId ? db.select({ number: tickets.number }).from(tickets).where(eq(tickets.id, ticket.mergedIntoId)).limit(1) : [],
    // Merge candidates: the same customer's other unmerged tickets.
    db
      .select({ id: tickets.id, number: tickets.number, subject: tickets.subject })
      .from(tickets)
      .where(
        and(
          eq(tickets.customerId, ticket.customerId),
          sql`${tickets.id} <> ${ticket.id}`,
          isNull(tickets.mergedIntoId),
          ticket.customerId === GUEST_CUSTOMER_ID ? eq(tickets.requesterEmail, ticket.requesterEmail ?? "") : undefined,
        ),
      )
      .orderBy(desc(tickets.createdAt))
      .limit(20),
  ]);
  const customer = people.get(ticket.customerId);
  return {
    ...ticket,
    departmentName: row.departmentName,
    customerEmail: ticket.customerId === GUEST_CUSTOMER_ID ? ticket.requesterEmail : (customer?.email ?? null),
    customerName: ticket.customerId === GUEST_CUSTOMER_ID ? ticket.requesterName : (customer?.name ?? null),
    isGuest: ticket.customerId === GUEST_CUSTOMER_ID,
    assignee: ticket.assigneeId ? (people.get(ticket.assigneeId) ?? null) : null,
    related: ticket.relatedServiceId ? (labels.get(ticket.relatedServiceId) ?? null) : ticket.relatedDeviceId ? (labels.get(ticket.relatedDeviceId) ?? null) : null,
    tags: tagRows.map((t) => t.tag),
    sla: slaTimer(ticket, now),
    mergedIntoNumber: mergedInto[0]?.number ?? null,
    mergeCandidates: others,
    messages,
  };
}

export async function listCannedReplies(departmentId?: string) {
  const rows = await supportDb()
    .select({ id: cannedReplies.id, title: cannedReplies.title, bodyMarkdown: cannedReplies.bodyMarkdown, departmentId: cannedReplies.departmentId })
    .from(cannedReplies)
    .where(departmentId ? or(isNull(cannedReplies.departmentId), eq(cannedReplies.departmentId, departmentId)) : undefined)
    .orderBy(asc(cannedReplies.title));
  return rows;
}

/** Queue counts for the admin dashboard and the queue's tabs. */
export async function queueCounts(): Promise<{ open: number; awaitingStaff: number; unassigned: number }> {
  const [row] = await supportDb()
    .select({
      open: sql<number>`coalesce(sum(case when ${tickets.status} in ('open', 'awaiting_staff') then 1 else 0 end), 0)`,
      awaitingStaff: sql<number>`coalesce(sum(case when ${tickets.status} = 'awaiting_staff' then 1 else 0 end), 0)`,
      unassigned: sql<number>`coalesce(sum(case when ${tickets.assigneeId} is null then 1 else 0 end), 0)`,
    })
    .from(tickets)
    .where(inArray(tickets.status, [...ACTIVE_STATUSES]));
  return { open: Number(row?.open ?? 0), awaitingStaff: Number(row?.awaitingStaff ?? 0), unassigned: Number(row?.unassigned ?? 0) };
}
