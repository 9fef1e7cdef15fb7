import "server-only";
/**
 * SLA: first-response and resolution targets per department and priority (sla_targets, falling back to the
 * department's defaults). Due times are fixed when the ticket is opened (and recomputed when staff move it to
 * another department or priority); the sweep flags breaches once, so reports keep them after the ticket moves on.
 */
import { and, count, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { departments, slaTargets, tickets, type TICKET_PRIORITIES } from "@/db/support/schema";
import { supportDb } from "@/db/support/client";
import { ACTIVE_STATUSES, type SupportExecutor } from "./db";

export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export interface SlaTarget {
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
}

export async function slaTargetFor(db: SupportExecutor, departmentId: string, priority: TicketPriority): Promise<SlaTarget> {
  const [specific] = await db
    .select({ firstResponseMinutes: slaTargets.firstResponseMinutes, resolutionMinutes: slaTargets.resolutionMinutes })
    .from(slaTargets)
    .where(and(eq(slaTargets.departmentId, departmentId), eq(slaTargets.priority, priority)))
    .limit(1);
  if (specific) return specific;
  const [dept] = await db
    .select({ firstResponseMinutes: departments.firstResponseMinutes, resolutionMinutes: departments.resolutionMinutes })
    .from(departments)
    .where(eq(departments.id, departmentId))
    .limit(1);
  return dept ?? { firstResponseMinutes: null, resolutionMinutes: null };
}

export function dueTimes(target: SlaTarget, from: Date): { firstResponseDueAt: Date | null; resolutionDueAt: Date | null } {
  const at = (minutes: number | null) => (minutes == null ? null : new Date(from.getTime() + minutes * 60_000));
  return { firstResponseDueAt: at(target.firstResponseMinutes), resolutionDueAt: at(target.resolutionMinutes) };
}

export interface SlaFields {
  status: string;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  firstRespondedAt: Date | null;
  firstResponseBreachedAt: Date | null;
  resolutionBreachedAt: Date | null;
}

export interface SlaTimer {
  kind: "first_response" | "resolution";
  dueAt: Date;
  /** Negative once overdue. */
  remainingMs: number;
  breached: boolean;
}

/** The clock that matters now: first response until staff answered, then resolution; none once resolved or closed. */
export function slaTimer(ticket: SlaFields, now: Date): SlaTimer | null {
  if (!(ACTIVE_STATUSES as readonly string[]).includes(ticket.status)) return null;
  if (!ticket.firstRespondedAt && ticket.firstResponseDueAt) {
    const remainingMs = ticket.firstResponseDueAt.getTime() - now.getTime();
    return { kind: "first_response", dueAt: ticket.firstResponseDueAt, remainingMs, breached: Boolean(ticket.firstResponseBreachedAt) || remainingMs <= 0 };
  }
  if (ticket.resolutionDueAt) {
    const remainingMs = ticket.resolutionDueAt.getTime() - now.getTime();
    return { kind: "resolution", dueAt: ticket.resolutionDueAt, remainingMs, breached: Boolean(ticket.resolutionBreachedAt) || remainingMs <= 0 };
  }
  return null;
}

/** "3h 20m", "2d 4h", "45m": the size of a duration, for SLA timers. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(Math.abs(ms) / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  return `${m}m`;
}

export interface SweepResult {
  firstResponse: string[];
  resolution: string[];
}

/**
 * Flags every active ticket whose due time has passed. Each flag is set by a conditional UPDATE (… where the
 * flag is null), so concurrent or repeated sweeps flag a ticket once and return it once.
 */
export async function sweepSlaBreaches(now: Date, db: SupportExecutor = supportDb()): Promise<SweepResult> {
  const active = inArray(tickets.status, [...ACTIVE_STATUSES]);
  const firstResponse = await db
    .update(tickets)
    .set({ firstResponseBreachedAt: now })
    .where(and(active, isNull(tickets.firstRespondedAt), isNull(tickets.firstResponseBreachedAt), lte(tickets.firstResponseDueAt, now)))
    .returning({ id: tickets.id });
  const resolution = await db
    .update(tickets)
    .set({ resolutionBreachedAt: now })
    .where(and(active, isNull(tickets.resolutionBreachedAt), lte(tickets.resolutionDueAt, now)))
    .returning({ id: tickets.id });
  return { firstResponse: firstResponse.map((r) => r.id), resolution: resolution.map((r) => r.id) };
}

export interface SlaBreachCounts {
  firstResponse: number;
  resolution: number;
  /** Active tickets with at least one breach. */
  total: number;
}

/**
 * For the admin dashboard: active tickets in breach, counting both the swept flags and due times that passed since
 * the last sweep (so the number is right between sweeps).
 */
export async function countSlaBreaches(now: Date = new Date(), db: SupportExecutor = supportDb()): Promise<SlaBreachCounts> {
  const firstBreached = or(
    sql`${tickets.firstResponseBreachedAt} is not null`,
    and(isNull(tickets.firstRespondedAt), lte(tickets.firstResponseDueAt, now)),
  );
  const resolutionBreached = or(sql`${tickets.resolutionBreachedAt} is not null`, lte(tickets.resolutionDueAt, now));
  const active = inArray(tickets.status, [...ACTIVE_STATUSES]);
  const [row] = await db
    .select({
      firstResponse: sql<number>`coalesce(sum(case when ${firstBreached} then 1 else 0 end), 0)`,
      resolution: sql<number>`coalesce(sum(case when ${resolutionBreached} then 1 else 0 end), 0)`,
      total: count(),
    })
    .from(tickets)
    .where(and(active, or(firstBreached, resolutionBreached)));
  return { firstResponse: Number(row?.firstResponse ?? 0), resolution: Number(row?.resolution ?? 0), total: Number(row?.total ?? 0) };
}
