import "server-only";
/**
 * The admin ticket queue as a data table. Its filters are not all plain column values, so their columns build their
 * own conditions (ColumnSpec.condition): status `active` (default) / `breached` / `all` or one status, assignee
 * `me` / `none` / a staff id, a tag (kept in ticket_tags). The SLA deadline (the clock that matters: first response
 * until staff answered, then resolution) and the priority rank are sortable expressions; both default to "most urgent
 * first", tickets without a deadline last.
 *
 * Department and assignee options come from the database and `me` from the signed-in staff member, so a definition
 * is built per (departments, staff, me) and kept while those are unchanged (its zod schema is compiled once).
 */
import { and, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { departments, tickets, ticketTags, TICKET_PRIORITIES, TICKET_STATUSES } from "@/db/support/schema";
import { supportDb } from "@/db/support/client";
import { ACTIVE_STATUSES, GUEST_CUSTOMER_ID } from "@/lib/support/db";
import { parseTicketNumber } from "@/lib/support/numbers";
import { peopleByIds } from "@/lib/support/people";
import { slaTimer, type SlaTimer } from "@/lib/support/sla";
import { defineTable, type ParsedFilter, type TableDefinition } from "../query";

export interface TicketQueueRow {
  id: string;
  number: string;
  subject: string;
  status: (typeof TICKET_STATUSES)[number];
  priority: (typeof TICKET_PRIORITIES)[number];
  departmentName: string | null;
  customerId: string;
  customerEmail: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  lastReplyAt: Date | null;
  createdAt: Date;
  sla: SlaTimer | null;
  breached: boolean;
  tags: string[];
}

export interface QueueOption {
  id: string;
  name: string;
}

/** Past every real deadline (unix ms): tickets without an SLA clock sort after all the others. */
const NO_DEADLINE = 8_640_000_000_000_000;
const slaDeadline = () =>
  sql<number>`coalesce(case when ${tickets.firstRespondedAt} is null then ${tickets.firstResponseDueAt} end, ${tickets.resolutionDueAt}, ${sql.raw(String(NO_DEADLINE))})`;
const priorityRank = () => sql<number>`case ${tickets.priority} when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`;

export const QUEUE_STATUS_OPTIONS = ["active", "breached", ...TICKET_STATUSES, "all"] as const;

/** Active tickets whose clock ran out: flagged by the sweep, or due already (the sweep may not have run yet). */
function breachedCondition(now: number): SQL {
  return and(
    inArray(tickets.status, [...ACTIVE_STATUSES]),
    or(
      sql`${tickets.firstResponseBreachedAt} is not null`,
      sql`${tickets.resolutionBreachedAt} is not null`,
      and(isNull(tickets.firstRespondedAt), sql`${tickets.firstResponseDueAt} <= ${now}`),
      sql`${tickets.resolutionDueAt} <= ${now}`,
    ),
  )!;
}

function statusCondition(filter: ParsedFilter): SQL | undefined {
  if (filter.kind !== "enum" || filter.values.includes("all")) return undefined;
  const now = Date.now();
  const plain = filter.values.filter((v) => (TICKET_STATUSES as readonly string[]).includes(v)) as Array<(typeof TICKET_STATUSES)[number]>;
  return or(
    filter.values.includes("active") ? inArray(tickets.status, [...ACTIVE_STATUSES]) : undefined,
    filter.values.includes("breached") ? breachedCondition(now) : undefined,
    plain.length ? inArray(tickets.status, plain) : undefined,
  );
}

const contains = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const definitions = new Map<string, TableDefinition<TicketQueueRow>>();

/** The queue table for staff member `me`, with department and assignee filters offering these options. */
export function ticketQueueTable(options: { departments: readonly QueueOption[]; staff: readonly QueueOption[]; me: string }): TableDefinition<TicketQueueRow> {
  const cacheKey = JSON.stringify([options.me, options.departments.map((d) => [d.id, d.name]), options.staff.map((s) => [s.id, s.name])]);
  const cached = definitions.get(cacheKey);
  if (cached) return cached;
  // Staff come and go rarely; a bound keeps a long-running server from collecting stale lists.
  if (definitions.size > 200) definitions.clear();
  const staffIds = options.staff.map((s) => s.id).filter((id) => id !== "me" && id !== "none");
  const definition = defineTable<TicketQueueRow>({
    name: "tickets",
    db: supportDb,
    table: tickets,
    select: {
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      status: tickets.status,
      // Sort keys first (the keyset cursor reads them by column id); decorate turns the rank back into its name.
      priority: priorityRank().as("priority_rank"),
      priorityName: tickets.priority,
      sla: slaDeadline().as("sla_deadline"),
      departmentId: tickets.departmentId,
      customerId: tickets.customerId,
      requesterEmail: tickets.requesterEmail,
      assigneeId: tickets.assigneeId,
      lastReplyAt: tickets.lastReplyAt,
      createdAt: tickets.createdAt,
      firstResponseDueAt: tickets.firstResponseDueAt,
      resolutionDueAt: tickets.resolutionDueAt,
      firstRespondedAt: tickets.firstRespondedAt,
      firstResponseBreachedAt: tickets.firstResponseBreachedAt,
      resolutionBreachedAt: tickets.resolutionBreachedAt,
    },
    key: tickets.id,
    columns: {
      status: {
        column: tickets.status,
        label: "Status",
        filter: {
          kind: "enum",
          options: QUEUE_STATUS_OPTIONS,
          labels: { active: "Active", breached: "SLA breached", all: "All statuses", awaiting_staff: "Awaiting staff", awaiting_customer: "Awaiting customer" },
        },
        condition: statusCondition,
        defaultFilter: "active",
      },
      department: {
        column: tickets.departmentId,
        label: "Department",
        filter: { kind: "enum", options: options.departments.map((d) => d.id), labels: Object.fromEntries(options.departments.map((d) => [d.id, d.name])) },
      },
      priority: {
        column: priorityRank(),
        label: "Priority",
        sortable: true,
        filter: { kind: "enum", options: TICKET_PRIORITIES },
        condition: (f) => (f.kind === "enum" ? inArray(tickets.priority, f.values as Array<(typeof TICKET_PRIORITIES)[number]>) : undefined),
      },
      assignee: {
        column: tickets.assigneeId,
        label: "Assignee",
        filter: { kind: "enum", options: ["me", "none", ...staffIds], labels: { me: "Me", none: "Unassigned", ...Object.fromEntries(options.staff.map((s) => [s.id, s.name])) } },
        condition: (f) => {
          if (f.kind !== "enum") return undefined;
          const ids = f.values.map((v) => (v === "me" ? options.me : v)).filter((v) => v !== "none");
          return or(f.values.includes("none") ? isNull(tickets.assigneeId) : undefined, ids.length ? inArray(tickets.assigneeId, ids) : undefined);
        },
      },
      tag: {
        column: sql`null`,
        label: "Tag",
        filter: { kind: "text", match: "exact" },
        condition: (f) => (f.kind === "text" ? sql`exists (select 1 from ${ticketTags} where ${ticketTags.ticketId} = ${tickets.id} and ${ticketTags.tag} = ${f.value})` : undefined),
      },
      sla: { column: slaDeadline(), label: "SLA", sortable: true },
      lastReplyAt: { column: tickets.lastReplyAt, label: "Last reply", sortable: true, filter: { kind: "date" } },
    },
    // Most urgent clock first, then priority (the key, a UUIDv7, then keeps the oldest first).
    defaultSort: [
      { id: "sla", desc: false },
      { id: "priority", desc: false },
    ],
    search: (q) => {
      const number = parseTicketNumber(q);
      return or(number ? eq(tickets.number, number) : undefined, sql`${tickets.subject} like ${contains(q)} escape '\\'`, sql`${tickets.requesterEmail} like ${contains(q)} escape '\\'`);
    },
    decorate: async (rows) => {
      const ids = rows.map((r) => r.id as string);
      const departmentIds = [...new Set(rows.map((r) => r.departmentId as string))];
      const db = supportDb();
      const [tagRows, departmentRows, people] = await Promise.all([
        ids.length ? db.select({ ticketId: ticketTags.ticketId, tag: ticketTags.tag }).from(ticketTags).where(inArray(ticketTags.ticketId, ids)) : [],
        departmentIds.length ? db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, departmentIds)) : [],
        peopleByIds(rows.flatMap((r) => [r.customerId as string, r.assigneeId as string | null])),
      ]);
      const departmentNames = new Map(departmentRows.map((d) => [d.id, d.name]));
      const now = new Date();
      return rows.map((r) => {
        const t = r as {
          id: string;
          number: string;
          subject: string;
          status: TicketQueueRow["status"];
          priorityName: TicketQueueRow["priority"];
          departmentId: string;
          customerId: string;
          requesterEmail: string | null;
          assigneeId: string | null;
          lastReplyAt: Date | null;
          createdAt: Date;
          firstResponseDueAt: Date | null;
          resolutionDueAt: Date | null;
          firstRespondedAt: Date | null;
          firstResponseBreachedAt: Date | null;
          resolutionBreachedAt: Date | null;
        };
        const sla = slaTimer(t, now);
        const assignee = t.assigneeId ? people.get(t.assigneeId) : undefined;
        return {
          id: t.id,
          number: t.number,
          subject: t.subject,
          status: t.status,
          priority: t.priorityName,
          departmentName: departmentNames.get(t.departmentId) ?? null,
          customerId: t.customerId,
          customerEmail: t.customerId === GUEST_CUSTOMER_ID ? t.requesterEmail : (people.get(t.customerId)?.email ?? null),
          assigneeId: t.assigneeId,
          assigneeName: assignee ? (assignee.name ?? assignee.email) : null,
          lastReplyAt: t.lastReplyAt,
          createdAt: t.createdAt,
          sla,
          breached: Boolean(sla?.breached || (sla && (t.firstResponseBreachedAt || t.resolutionBreachedAt))),
          tags: tagRows.filter((g) => g.ticketId === t.id).map((g) => g.tag),
        };
      });
    },
  });
  definitions.set(cacheKey, definition);
  return definition;
}
