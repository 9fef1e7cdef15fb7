import "server-only";
/**
 * The figures on the admin dashboard. Each is one aggregate query over indexed columns (bench/admin-dashboard.ts
 * measures them on 100k customers / 1M invoices), returns plain shaped numbers (money in integer minor units per
 * currency, never summed across currencies) and is tested on real libSQL with known fixtures (dashboard.test.ts).
 *
 * Time is UTC; a "month" is a UTC calendar month [first day 00:00, first day of the next month 00:00).
 */
import { sql } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { identityDb } from "@/db/identity/client";
import { supportDb } from "@/db/support/client";
import { vpnDb } from "@/db/vpn/client";
import { cloudDb } from "@/db/cloud/client";
import { contentDb } from "@/db/content/client";
import { hostingDb } from "@/db/hosting/client";
import { opsDb } from "@/db/ops/client";
import type { DatabaseName } from "@/lib/env";
import { getVpnSettings } from "@/lib/vpn/settings";
import { countSlaBreaches, type SlaBreachCounts } from "@/lib/support/sla";
import { ACTIVE_STATUSES } from "@/lib/support/db";

/** Months per billing cycle; `one_time` has none (it never recurs, so it is not MRR). */
export const CYCLE_MONTHS = { monthly: 1, quarterly: 3, semiannual: 6, yearly: 12, biennial: 24, triennial: 36 } as const;

/**
 * A recurring amount per cycle as integer minor units per month, rounded half up once per service:
 * floor((2·amount + m) / 2m). Used identically in SQL (monthlySql) so JS and the database agree to the unit.
 */
export function monthlyAmount(amount: number, cycle: string): number {
  const m = (CYCLE_MONTHS as Record<string, number>)[cycle];
  if (!m) return 0;
  return Math.floor((2 * amount + m) / (2 * m));
}

/** SQL twin of monthlyAmount(); integer division in SQLite truncates, which equals floor for amounts ≥ 0. */
function monthlySql(amount: string, cycle: string) {
  const cases = Object.entries(CYCLE_MONTHS)
    .map(([c, m]) => `WHEN '${c}' THEN (2 * ${amount} + ${m}) / ${2 * m}`)
    .join(" ");
  return sql.raw(`(CASE ${cycle} ${cases} ELSE 0 END)`);
}

export function startOfUtcMonth(date: Date, offsetMonths = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offsetMonths, 1));
}

function monthKey(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
}

/* ─── Revenue ─────────────────────────────────────────────────────────────────────────────────────────────── */

export interface RevenuePoint {
  /** `YYYY-MM` (UTC). */
  month: string;
  gateway: string;
  currency: string;
  /** Collected minus refunded, minor units. */
  amount: number;
}

/**
 * Revenue of the last 12 calendar months (the current one included, so far), per month, gateway and currency:
 * payments that succeeded (or were later refunded in part or whole), counted in the month they were paid, net of
 * what was refunded from them. Payments from account credit are left out: the money was counted when the
 * credit was bought (its add-funds invoice was paid through a real gateway), counting it again would double it.
 */
export async function revenueByMonth(now: Date = new Date()): Promise<{ months: string[]; points: RevenuePoint[] }> {
  return revenueBetween(now, -11, 1);
}

/** Revenue per month for the months [now + fromOffset, now + toOffset) (offsets in months from the current one). */
async function revenueBetween(now: Date, fromOffset: number, toOffset: number): Promise<{ months: string[]; points: RevenuePoint[] }> {
  const from = startOfUtcMonth(now, fromOffset);
  const to = startOfUtcMonth(now, toOffset);
  const n = toOffset - fromOffset;
  const months = Array.from({ length: n }, (_, i) => monthKey(startOfUtcMonth(now, fromOffset + i)));
  // Month boundaries as a CASE over precomputed instants: cheaper per row than strftime() on 1M payments.
  const buckets = months.map((_, i) => startOfUtcMonth(now, fromOffset + i + 1).getTime());
  const bucketSql = sql.raw(`(CASE ${buckets.map((b, i) => `WHEN paid_at < ${b} THEN ${i}`).join(" ")} END)`);
  const rows = await billingDb().all<{ bucket: number; gateway: string; currency: string; amount: number }>(sql`
    SELECT ${bucketSql} AS bucket, gateway, currency, SUM(amount - amount_refunded) AS amount
    FROM payments
    WHERE status IN ('succeeded', 'partially_refunded', 'refunded')
      AND paid_at >= ${from.getTime()} AND paid_at < ${to.getTime()}
      AND gateway <> 'credit'
    GROUP BY bucket, gateway, currency
    ORDER BY bucket, gateway, currency`);
  return {
    months,
    points: rows.map((r) => ({ month: months[Number(r.bucket)]!, gateway: r.gateway, currency: r.currency, amount: Number(r.amount) })),
  };
}

/**
 * revenueByMonth() as the page runs it: read from the revenue_monthly rollup (db/billing/schema.ts), which triggers
 * keep in step with every write to payments, so the page reads a few dozen rows instead of scanning every payment of
 * the year. Exactly equal to revenueByMonth() (dashboard.test.ts compares them on generated payments).
 */
export async function revenueForDashboard(now: Date = new Date()): Promise<{ months: string[]; points: RevenuePoint[] }> {
  const months = Array.from({ length: 12 }, (_, i) => monthKey(startOfUtcMonth(now, i - 11)));
  const rows = await billingDb().all<{ month: string; gateway: string; currency: string; amount: number }>(sql`
    SELECT month, gateway, currency, amount FROM revenue_monthly
    WHERE month >= ${months[0]} AND month <= ${months[11]} AND gateway <> 'credit' AND payments > 0
    ORDER BY month, gateway, currency`);
  return { months, points: rows.map((r) => ({ month: r.month, gateway: r.gateway, currency: r.currency, amount: Number(r.amount) })) };
}

/* ─── MRR and its movement ────────────────────────────────────────────────────────────────────────────────── */

export interface MrrMovement {
  currency: string;
  /** MRR at the start of the period. */
  start: number;
  new: number;
  expansion: number;
  /** Positive numbers: what was lost. */
  contraction: number;
  churn: number;
  /** MRR at the end of the period = start + new + expansion − contraction − churn. */
  end: number;
  /** Services counted in `end`. */
  services: number;
}

/**
 * MRR and its movement over [from, to), per currency (never converted). Definitions, per service:
 * - A service's monthly amount is its recurring `amount` normalised to one month (monthlyAmount: cycle months,
 *   integer minor units, rounded half up). `one_time` services have none.
 * - It is *live* at instant t when it started before t and had not ended at t: started = `created_at`;
 *   ended = `terminated_at` or else `cancelled_at`, only for services now `cancelled`/`terminated`. Services
 *   that never activated (`pending`, `failed`) never count. Suspended services still count: they are billed and
 *   come back when paid; they leave MRR when terminated.
 * - Its MRR at t is its current monthly amount minus the monthly deltas of plan changes applied after t
 *   (delta of a `service_changes` row = monthly(to price) − monthly(from price)), so history is reconstructed
 *   from the changes without a snapshot table.
 * - MRR(t) = Σ MRR at t of services live at t.
 * - new         = Σ MRR(to) of services live at `to` but not at `from` (started in the period);
 * - churn       = Σ MRR(from) of services live at `from` but not at `to` (ended in the period);
 * - expansion   = Σ (MRR(to) − MRR(from)) over services live at both with a rise;
 * - contraction = Σ (MRR(from) − MRR(to)) over services live at both with a fall.
 * Services that start and end inside the period appear in none of them.
 */
export async function mrrMovement(from: Date, to: Date): Promise<MrrMovement[]> {
  const f = from.getTime();
  const t = to.getTime();
  const month = monthlySql("s.amount", "s.cycle");
  const delta = sql`${monthlySql("tp.amount", "tp.cycle")} - ${monthlySql("fp.amount", "fp.cycle")}`;
  const endedAt = sql`(CASE WHEN s.status IN ('cancelled', 'terminated') THEN COALESCE(s.terminated_at, s.cancelled_at, s.updated_at) END)`;
  const liveAt = (instant: number) => sql`(s.created_at < ${instant} AND (${endedAt} IS NULL OR ${endedAt} >= ${instant}))`;
  const counted = sql`s.cycle <> 'one_time' AND s.status NOT IN ('pending', 'failed') AND s.created_at < ${t}`;
  const classify = (part: string, valued: ReturnType<typeof sql>) => sql`
    SELECT ${part} AS part, currency,
      SUM(CASE WHEN at_from THEN v_from ELSE 0 END) AS start,
      SUM(CASE WHEN at_to AND NOT at_from THEN v_to ELSE 0 END) AS new,
      SUM(CASE WHEN at_from AND at_to AND v_to > v_from THEN v_to - v_from ELSE 0 END) AS expansion,
      SUM(CASE WHEN at_from AND at_to AND v_to < v_from THEN v_from - v_to ELSE 0 END) AS contraction,
      SUM(CASE WHEN at_from AND NOT at_to THEN v_from ELSE 0 END) AS churn,
      SUM(CASE WHEN at_to THEN v_to ELSE 0 END) AS "end",
      SUM(CASE WHEN at_to THEN 1 ELSE 0 END) AS services
    FROM (${valued}) GROUP BY currency`;
  // Plan changes are rare, so the services are valued in one scan as if none had changed ("all"), and the few
  // that did are valued both ways ("naive", "fixed") and swapped in below: exact, without joining every service.
  const rows = await billingDb().all<{ part: string; currency: string } & Record<"start" | "new" | "expansion" | "contraction" | "churn" | "end" | "services", number>>(sql`
    WITH changed AS (
      SELECT sc.service_id,
        SUM(${delta}) AS after_from,
        SUM(CASE WHEN sc.applied_at >= ${t} THEN ${delta} ELSE 0 END) AS after_to
      FROM service_changes sc
      JOIN prices tp ON tp.id = sc.to_price_id
      JOIN prices fp ON fp.id = sc.from_price_id
      WHERE sc.status = 'applied' AND sc.applied_at >= ${f}
      GROUP BY sc.service_id
    ),
    base AS (
      SELECT s.currency, ${month} AS current, ${liveAt(f)} AS at_from, ${liveAt(t)} AS at_to
      FROM services s WHERE ${counted}
    ),
    touched AS (
      SELECT s.currency, ${month} AS current, c.after_from, c.after_to, ${liveAt(f)} AS at_from, ${liveAt(t)} AS at_to
      FROM changed c CROSS JOIN services s ON s.id = c.service_id
      WHERE ${counted}
    )
    ${classify("all", sql`SELECT currency, at_from, at_to, current AS v_from, current AS v_to FROM base WHERE at_from OR at_to`)}
    UNION ALL
    ${classify("naive", sql`SELECT currency, at_from, at_to, current AS v_from, current AS v_to FROM touched WHERE at_from OR at_to`)}
    UNION ALL
    ${classify("fixed", sql`SELECT currency, at_from, at_to, current - after_from AS v_from, current - after_to AS v_to FROM touched WHERE at_from OR at_to`)}`);
  const keys = ["start", "new", "expansion", "contraction", "churn", "end", "services"] as const;
  const byCurrency = new Map<string, MrrMovement>();
  for (const row of rows) {
    const sign = row.part === "naive" ? -1 : 1;
    const m = byCurrency.get(row.currency) ?? { currency: row.currency, start: 0, new: 0, expansion: 0, contraction: 0, churn: 0, end: 0, services: 0 };
    for (const k of keys) m[k] += sign * Number(row[k] ?? 0);
    byCurrency.set(row.currency, m);
  }
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** Statuses a service keeps MRR in while it has not ended (the counted statuses but cancelled/terminated). */
const RUNNING_STATUSES = sql.raw(`'active', 'suspended'`);
const RECURRING_CYCLES = sql.raw(
  Object.keys(CYCLE_MONTHS)
    .map((c) => `'${c}'`)
    .join(", "),
);

/**
 * mrrMovement(first of this month, now) as the page runs it: same definitions, without scanning every service.
 * The service_totals rollup (kept by triggers) gives Σ monthly amounts of the services running now; everything
 * else is a range over an index, touching only what moved since the month began:
 *   MRR at the first = running now − running ones created since + ended ones that were live then
 *                      − plan changes applied since (on services live then);
 *   new   = created since, still live now;     churn = created before, ended since (services_ended_idx);
 *   expansion / contraction = plan changes applied since (service_changes_applied_idx), valued both ways;
 *   end   = start + new + expansion − contraction − churn.
 * Exactly equal to mrrMovement() (dashboard.test.ts compares them on generated services and changes).
 */
export async function mrrThisMonth(now: Date = new Date()): Promise<MrrMovement[]> {
  const f = startOfUtcMonth(now).getTime();
  const t = now.getTime();
  const month = monthlySql("s.amount", "s.cycle");
  const delta = sql`${monthlySql("tp.amount", "tp.cycle")} - ${monthlySql("fp.amount", "fp.cycle")}`;
  const endedAt = sql`(CASE WHEN s.status IN ('cancelled', 'terminated') THEN COALESCE(s.terminated_at, s.cancelled_at, s.updated_at) END)`;
  const liveAt = (instant: number) => sql`(s.created_at < ${instant} AND (${endedAt} IS NULL OR ${endedAt} >= ${instant}))`;
  const recurring = sql`s.cycle IN (${RECURRING_CYCLES})`;
  type Part = "running" | "created_since" | "new" | "ended_live" | "churn" | "changes" | "expansion" | "contraction";
  const rows = await billingDb().all<{ part: Part; currency: string; amount: number; n: number }>(sql`
    -- Plan changes applied since the month began, valued once per service: what they added after f and after t.
    WITH changed AS MATERIALIZED (
      SELECT sc.service_id,
        SUM(${delta}) AS after_f,
        SUM(CASE WHEN sc.applied_at >= ${t} THEN ${delta} ELSE 0 END) AS after_t,
        MAX(sc.applied_at < ${t}) AS in_period
      -- The range on applied_at, not a walk of every change in service_id order for the GROUP BY.
      FROM service_changes sc INDEXED BY service_changes_applied_idx
      JOIN prices tp ON tp.id = sc.to_price_id
      JOIN prices fp ON fp.id = sc.from_price_id
      WHERE sc.status = 'applied' AND sc.applied_at >= ${f}
      GROUP BY sc.service_id
    ),
    -- Services ended since the month began that were live at its start (services_ended_idx covers the read).
    ended AS MATERIALIZED (
      SELECT s.currency, ${month} AS v, COALESCE(s.terminated_at, s.cancelled_at, s.updated_at) AS ended_at, c.after_f
      FROM services s LEFT JOIN changed c ON c.service_id = s.id
      WHERE s.status IN ('cancelled', 'terminated') AND COALESCE(s.terminated_at, s.cancelled_at, s.updated_at) >= ${f}
        AND ${recurring} AND s.created_at < ${f}
    ),
    -- Services with plan changes since the month began, and whether they were live at either end.
    touched AS MATERIALIZED (
      SELECT s.currency, c.after_f, c.after_f - c.after_t AS d, c.in_period, ${liveAt(f)} AS live_f, ${liveAt(t)} AS live_t
      FROM changed c CROSS JOIN services s ON s.id = c.service_id
      WHERE ${recurring} AND s.status IN (${RUNNING_STATUSES}, 'cancelled', 'terminated')
    )
    SELECT 'running' AS part, currency, SUM(monthly) AS amount, SUM(services) AS n
    FROM service_totals s WHERE s.status IN (${RUNNING_STATUSES}) AND ${recurring} GROUP BY currency
    UNION ALL
    SELECT 'created_since', s.currency, SUM(${month}), COUNT(*)
    FROM services s WHERE s.created_at >= ${f} AND ${recurring} AND s.status IN (${RUNNING_STATUSES})
    GROUP BY s.currency
    UNION ALL
    SELECT 'new', s.currency, SUM(${month} - COALESCE(c.after_t, 0)), COUNT(*)
    FROM services s LEFT JOIN changed c ON c.service_id = s.id
    WHERE s.created_at >= ${f} AND ${recurring} AND s.status IN (${RUNNING_STATUSES}, 'cancelled', 'terminated') AND ${liveAt(t)}
    GROUP BY s.currency
    UNION ALL
    SELECT 'ended_live', currency, SUM(v), COUNT(*) FROM ended GROUP BY currency
    UNION ALL
    SELECT 'churn', currency, SUM(v - COALESCE(after_f, 0)), COUNT(*) FROM ended WHERE ended_at < ${t} GROUP BY currency
    UNION ALL
    SELECT 'changes', currency, SUM(after_f), COUNT(*) FROM touched WHERE live_f GROUP BY currency
    UNION ALL
    SELECT part, currency, SUM(v), COUNT(*) FROM (
      SELECT CASE WHEN d > 0 THEN 'expansion' ELSE 'contraction' END AS part, currency, ABS(d) AS v
      FROM touched WHERE in_period AND live_f AND live_t AND d <> 0
    ) GROUP BY part, currency`);
  const byCurrency = new Map<string, MrrMovement & { startServices: number }>();
  const get = (currency: string) => {
    let m = byCurrency.get(currency);
    if (!m) byCurrency.set(currency, (m = { currency, start: 0, new: 0, expansion: 0, contraction: 0, churn: 0, end: 0, services: 0, startServices: 0 }));
    return m;
  };
  for (const r of rows) {
    const m = get(r.currency);
    const amount = Number(r.amount ?? 0);
    const n = Number(r.n ?? 0);
    switch (r.part) {
      case "running":
        m.start += amount;
        m.startServices += n;
        break;
      case "created_since":
        m.start -= amount;
        m.startServices -= n;
        break;
      case "ended_live":
        m.start += amount;
        m.startServices += n;
        break;
      case "changes":
        m.start -= amount;
        break;
      case "new":
        m.new += amount;
        m.services += n;
        break;
      case "churn":
        m.churn += amount;
        m.services -= n;
        break;
      case "expansion":
        m.expansion += amount;
        break;
      case "contraction":
        m.contraction += amount;
        break;
    }
  }
  const out: MrrMovement[] = [];
  for (const { startServices, ...m } of byCurrency.values()) {
    m.end = m.start + m.new + m.expansion - m.contraction - m.churn;
    m.services += startServices;
    // As in mrrMovement: a currency is shown when some service was live at either end.
    if (startServices === 0 && m.services === 0) continue;
    out.push(m);
  }
  return out.sort((a, b) => a.currency.localeCompare(b.currency));
}

/* ─── Services, sign-ups, overdue, tickets ───────────────────────────────────────────────────────────────── */

export interface ProductCount {
  productId: string;
  name: string;
  count: number;
}

/** Active services per product, from the service_totals rollup (equal to counting services; dashboard.test.ts). */
export async function activeServicesByProduct(): Promise<ProductCount[]> {
  const rows = await billingDb().all<{ productId: string; name: string; count: number }>(sql`
    SELECT p.id AS productId, p.name AS name, c.n AS count
    FROM (SELECT product_id, SUM(services) AS n FROM service_totals WHERE status = 'active' GROUP BY product_id HAVING n > 0) c
    JOIN products p ON p.id = c.product_id
    ORDER BY c.n DESC, p.name`);
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

export interface SignUps {
  /** Customers who signed up in the last 30 days (`since` → now). */
  last30Days: number;
  /** The 30 days before that, for comparison. */
  previous30Days: number;
  since: Date;
  /** Per UTC day, oldest first, 30 entries. */
  daily: Array<{ day: string; count: number }>;
}

export async function newSignUps(now: Date = new Date()): Promise<SignUps> {
  const dayMs = 86_400_000;
  const today = Math.floor(now.getTime() / dayMs) * dayMs;
  const since = today - 29 * dayMs;
  const before = since - 30 * dayMs;
  // Inlined, not bound: libSQL binds JS numbers as REAL, and a REAL divisor would make the day fractional.
  const rows = await identityDb().all<{ day: number; n: number }>(sql`
    SELECT created_at / ${sql.raw(String(dayMs))} AS day, COUNT(*) AS n FROM users
    WHERE role = 'customer' AND created_at >= ${before} AND created_at <= ${now.getTime()}
    GROUP BY day`);
  const byDay = new Map(rows.map((r) => [Number(r.day), Number(r.n)]));
  const daily = Array.from({ length: 30 }, (_, i) => {
    const d = since / dayMs + i;
    return { day: new Date(d * dayMs).toISOString().slice(0, 10), count: byDay.get(d) ?? 0 };
  });
  let previous30Days = 0;
  for (const [d, n] of byDay) if (d * dayMs < since) previous30Days += n;
  return { last30Days: daily.reduce((a, d) => a + d.count, 0), previous30Days, since: new Date(since), daily };
}

export interface OverdueTotal {
  currency: string;
  invoices: number;
  /** Still owed: total − paid, minor units. */
  amount: number;
}

export async function overdueInvoices(): Promise<OverdueTotal[]> {
  const rows = await billingDb().all<{ currency: string; invoices: number; amount: number }>(sql`
    SELECT currency, COUNT(*) AS invoices, SUM(total - amount_paid) AS amount
    FROM invoices WHERE status = 'overdue' GROUP BY currency ORDER BY currency`);
  return rows.map((r) => ({ currency: r.currency, invoices: Number(r.invoices), amount: Number(r.amount) }));
}

export const OPEN_TICKET_PRIORITIES = ["urgent", "high", "normal", "low"] as const;

/**
 * Tickets not resolved or closed, per priority (every priority present, urgent first). Named as the statuses that
 * are still open (not "NOT IN closed ones") so the read is a range of tickets_queue_idx over the open tickets only.
 */
export async function openTicketsByPriority(): Promise<Array<{ priority: string; count: number }>> {
  const rows = await supportDb().all<{ priority: string; n: number }>(sql`
    SELECT priority, COUNT(*) AS n FROM tickets WHERE status IN (${sql.raw(ACTIVE_STATUSES.map((st) => `'${st}'`).join(", "))}) GROUP BY priority`);
  const byPriority = new Map(rows.map((r) => [r.priority, Number(r.n)]));
  return OPEN_TICKET_PRIORITIES.map((priority) => ({ priority, count: byPriority.get(priority) ?? 0 }));
}

/* ─── VPN servers, jobs ───────────────────────────────────────────────────────────────────────────────────── */

export interface ServerHealth {
  id: string;
  name: string;
  city: string;
  online: boolean;
  peerCount: number;
  capacity: number;
  /** 0–1000 of capacity. */
  loadPermille: number;
}

/** Active servers; online means the agent reported within the `vpn.offlineAfterSeconds` setting. */
export async function vpnServerHealth(now: Date = new Date()): Promise<ServerHealth[]> {
  const { offlineAfterMs } = await getVpnSettings();
  const rows = await vpnDb().all<{
    id: string;
    name: string;
    city: string;
    lastSeenAt: number | null;
    peerCount: number;
    capacity: number;
    loadPermille: number;
  }>(sql`
    SELECT id, name, city, last_seen_at AS lastSeenAt, peer_count AS peerCount, capacity, load_permille AS loadPermille
    FROM servers WHERE active = 1 ORDER BY sort_order, name`);
  return rows.map(({ lastSeenAt, ...r }) => ({
    ...r,
    peerCount: Number(r.peerCount),
    capacity: Number(r.capacity),
    loadPermille: Number(r.loadPermille),
    online: lastSeenAt !== null && now.getTime() - Number(lastSeenAt) < offlineAfterMs,
  }));
}

export interface FailedJobs {
  database: DatabaseName;
  /** Failed, will be retried. */
  failed: number;
  /** Out of attempts (dead letter). */
  dead: number;
}

const JOB_DATABASES: Array<[DatabaseName, () => { all: ReturnType<typeof opsDb>["all"] }]> = [
  ["identity", identityDb],
  ["billing", billingDb],
  ["vpn", vpnDb],
  ["hosting", hostingDb],
  ["cloud", cloudDb],
  ["content", contentDb],
  ["support", supportDb],
  ["ops", opsDb],
];

/** Every database has its own queue; the dashboard sums them (databases with none are left out). */
export async function failedJobs(): Promise<FailedJobs[]> {
  const out = await Promise.all(
    JOB_DATABASES.map(async ([database, open]) => {
      const rows = await open().all<{ status: string; n: number }>(sql`
        SELECT status, COUNT(*) AS n FROM jobs WHERE status IN ('failed', 'dead') GROUP BY status`);
      const by = new Map(rows.map((r) => [r.status, Number(r.n)]));
      return { database, failed: by.get("failed") ?? 0, dead: by.get("dead") ?? 0 };
    }),
  );
  return out.filter((j) => j.failed + j.dead > 0);
}

/* ─── Everything at once ─────────────────────────────────────────────────────────────────────────────────── */

export interface DashboardData {
  revenue: Awaited<ReturnType<typeof revenueForDashboard>> | null;
  mrr: MrrMovement[] | null;
  activeServices: ProductCount[] | null;
  signUps: SignUps | null;
  overdue: OverdueTotal[] | null;
  tickets: Array<{ priority: string; count: number }> | null;
  /** Active tickets past a first-response or resolution target (lib/support/sla.ts). */
  slaBreaches: SlaBreachCounts | null;
  servers: ServerHealth[] | null;
  jobs: FailedJobs[] | null;
}

/** What a staff member may see decides what is queried (null = not shown), not only what is rendered. */
export interface DashboardAccess {
  billing: boolean;
  customers: boolean;
  tickets: boolean;
  jobs: boolean;
}

export async function loadDashboard(access: DashboardAccess, now: Date = new Date()): Promise<DashboardData> {
  const none = Promise.resolve(null);
  const [revenue, mrr, activeServices, signUps, overdue, tickets, slaBreaches, servers, jobs] = await Promise.all([
    access.billing ? revenueForDashboard(now) : none,
    access.billing ? mrrThisMonth(now) : none,
    access.billing ? activeServicesByProduct() : none,
    access.customers ? newSignUps(now) : none,
    access.billing ? overdueInvoices() : none,
    access.tickets ? openTicketsByPriority() : none,
    access.tickets ? countSlaBreaches(now) : none,
    vpnServerHealth(now),
    access.jobs ? failedJobs() : none,
  ]);
  return { revenue, mrr, activeServices, signUps, overdue, tickets, slaBreaches, servers, jobs };
}
