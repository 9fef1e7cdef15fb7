/**
 * Dashboard queries at scale (issue 6): 100,000 customers and 1,000,000 invoices (plus their services, payments,
 * tickets and jobs) seeded into temporary databases — never ./data — then every dashboard query is timed
 * (p50/p95 over RUNS runs, each query alone, next to the straightforward query it replaces where it reads a rollup,
 * then the whole dashboard as the page loads it). Nothing is cached between runs.
 * Target: the dashboard's queries under 200 ms in total. A CPU-reference line before and after says how loaded the
 * machine was.
 *
 * Run: npm run bench:dashboard  (BENCH_CUSTOMERS / BENCH_INVOICES scale it down for a quick look).
 */
import { performance } from "node:perf_hooks";
import { billingDb } from "@/db/billing/client";
import { identityDb } from "@/db/identity/client";
import { opsDb } from "@/db/ops/client";
import { supportDb } from "@/db/support/client";
import { vpnDb } from "@/db/vpn/client";
import { createHash } from "node:crypto";
import os from "node:os";
import { migrateAll } from "@/db/migrate";
import {
  activeServicesByProduct,
  failedJobs,
  loadDashboard,
  mrrThisMonth,
  revenueForDashboard,
  mrrMovement,
  newSignUps,
  openTicketsByPriority,
  overdueInvoices,
  revenueByMonth,
  startOfUtcMonth,
  vpnServerHealth,
} from "@/lib/admin/dashboard";
import { countSlaBreaches } from "@/lib/support/sla";
import { resetEnvCache } from "@/lib/env";
import { useTempDatabases } from "@/lib/testing/temp-databases";

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const INVOICES = Number(process.env.BENCH_INVOICES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const DAY = 86_400_000;
const NOW = Date.now();
const SPAN = 3 * 365 * DAY; // history spread over three years

process.env.AUTH_SECRET ??= "bench-secret-".padEnd(40, "x");
process.env.ENCRYPTION_KEY ??= "7b".repeat(32);

/** rows numbered 1..n for INSERT … SELECT (SQLite's recursive CTE is the fastest bulk generator available here). */
const series = (n: number) => `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${n})`;
const rnd = (mod: number) => `(abs(random()) % ${mod})`;

async function seed() {
  const t0 = performance.now();
  const identity = identityDb().$client;
  await identity.execute(`${series(CUSTOMERS)}
    INSERT INTO users (id, email, name, role, status, created_at, updated_at)
    SELECT 'c' || n, 'customer' || n || '@bench.test', 'Customer ' || n, 'customer', 'active',
      ${NOW} - ${rnd(SPAN)}, ${NOW} FROM seq`);

  const billing = billingDb().$client;
  await billing.executeMultiple(`
    INSERT INTO products (id, slug, type, name, created_at, updated_at) VALUES
      ('p1','vpn-basic','vpn','VPN Basic',0,0), ('p2','vpn-plus','vpn','VPN Plus',0,0), ('p3','web-s','hosting','Web S',0,0),
      ('p4','web-m','hosting','Web M',0,0), ('p5','cloud-1','cloud','Cloud 1',0,0), ('p6','license','license','License',0,0);
    INSERT INTO prices (id, product_id, cycle, currency, amount, created_at, updated_at) VALUES
      ('pr1','p1','monthly','USD',500,0,0), ('pr2','p2','monthly','USD',1000,0,0), ('pr3','p2','yearly','USD',9900,0,0),
      ('pr4','p3','monthly','EUR',400,0,0), ('pr5','p4','quarterly','EUR',2900,0,0), ('pr6','p5','monthly','GBP',1500,0,0);`);
  // ~1.3 services per customer.
  const serviceCount = Math.round(CUSTOMERS * 1.3);
  await billing.execute(`${series(serviceCount)}
    INSERT INTO services (id, customer_id, product_id, price_id, cycle, currency, amount, status, created_at, updated_at,
      cancelled_at, terminated_at)
    SELECT 's' || n, 'c' || (1 + (n % ${CUSTOMERS})), 'p' || (1 + n % 6), 'pr' || (1 + n % 6),
      CASE n % 6 WHEN 2 THEN 'yearly' WHEN 4 THEN 'quarterly' ELSE 'monthly' END,
      CASE WHEN n % 6 IN (3, 4) THEN 'EUR' WHEN n % 6 = 5 THEN 'GBP' ELSE 'USD' END,
      CASE n % 6 WHEN 0 THEN 500 WHEN 1 THEN 1000 WHEN 2 THEN 9900 WHEN 3 THEN 400 WHEN 4 THEN 2900 ELSE 1500 END,
      st, created, ${NOW},
      CASE WHEN st = 'cancelled' THEN created + ${rnd(300 * DAY)} END,
      CASE WHEN st = 'terminated' THEN created + ${rnd(300 * DAY)} END
    FROM (SELECT n, ${NOW} - ${rnd(SPAN)} AS created,
      CASE WHEN n % 100 < 80 THEN 'active' WHEN n % 100 < 88 THEN 'cancelled' WHEN n % 100 < 93 THEN 'terminated'
           WHEN n % 100 < 97 THEN 'suspended' ELSE 'pending' END AS st FROM seq)`);
  await billing.execute(`${series(Math.round(serviceCount / 25))}
    INSERT INTO service_changes (id, service_id, from_price_id, to_price_id, kind, proration_amount, currency, status, applied_at, created_at)
    SELECT 'sc' || n, 's' || (n * 25), 'pr1', 'pr2', 'upgrade', 0, 'USD', 'applied', ${NOW} - ${rnd(90 * DAY)}, ${NOW} FROM seq`);
  await billing.execute(`${series(INVOICES)}
    INSERT INTO invoices (id, number, customer_id, kind, status, currency, subtotal, total, amount_paid, issued_at, due_at, paid_at, created_at, updated_at)
    SELECT 'i' || n, 'INV-' || n, 'c' || (1 + n % ${CUSTOMERS}), 'renewal', st,
      CASE n % 10 WHEN 7 THEN 'EUR' WHEN 8 THEN 'EUR' WHEN 9 THEN 'GBP' ELSE 'USD' END,
      total, total, CASE WHEN st = 'paid' THEN total ELSE 0 END, created, created + ${7 * DAY},
      CASE WHEN st = 'paid' THEN created + ${DAY} END, created, created
    FROM (SELECT n, 500 + ${rnd(20000)} AS total, ${NOW} - ${rnd(SPAN)} AS created,
      CASE WHEN n % 100 < 85 THEN 'paid' WHEN n % 100 < 87 THEN 'overdue' WHEN n % 100 < 92 THEN 'unpaid'
           WHEN n % 100 < 99 THEN 'cancelled' ELSE 'refunded' END AS st FROM seq)`);
  await billing.execute(`
    INSERT INTO payments (id, customer_id, invoice_id, gateway, gateway_ref, amount, currency, amount_refunded, status, paid_at, created_at, updated_at)
    SELECT 'pay' || rowid, customer_id, id,
      CASE rowid % 10 WHEN 0 THEN 'credit' WHEN 1 THEN 'bank_transfer' WHEN 2 THEN 'paypal' WHEN 3 THEN 'paypal' ELSE 'stripe' END,
      'ref' || rowid, total, currency, CASE WHEN rowid % 50 = 0 THEN total / 2 ELSE 0 END,
      CASE WHEN rowid % 50 = 0 THEN 'partially_refunded' ELSE 'succeeded' END, paid_at, paid_at, paid_at
    FROM invoices WHERE status = 'paid'`);
  await billing.execute(`${series(200)}
    INSERT INTO jobs (id, type, payload, status, created_at, run_at) SELECT 'j' || n, 'bench', '{}', CASE WHEN n % 2 = 0 THEN 'failed' ELSE 'dead' END, ${NOW}, ${NOW} FROM seq`);

  const support = supportDb().$client;
  await support.execute(`INSERT INTO departments (id, slug, name, created_at, updated_at) VALUES ('d1', 'general', 'General', 0, 0)`);
  await support.execute(`${series(Math.round(CUSTOMERS / 2))}
    INSERT INTO tickets (id, number, customer_id, department_id, subject, priority, status, created_at, updated_at)
    SELECT 't' || n, 'T-' || n, 'c' || (1 + n % ${CUSTOMERS}), 'd1', 'Ticket ' || n,
      CASE n % 4 WHEN 0 THEN 'low' WHEN 1 THEN 'normal' WHEN 2 THEN 'high' ELSE 'urgent' END,
      CASE WHEN n % 10 = 0 THEN 'open' WHEN n % 10 = 1 THEN 'awaiting_staff' ELSE 'closed' END, ${NOW} - ${rnd(SPAN)}, ${NOW} FROM seq`);

  await vpnDb().$client.execute(`${series(40)}
    INSERT INTO servers (id, slug, name, country_code, city, endpoint_host, public_key, capacity, peer_count, load_permille, last_seen_at, created_at, updated_at)
    SELECT 'v' || n, 'srv-' || n, 'Server ' || n, 'DE', 'Frankfurt', 'srv' || n || '.bench.test', 'key' || n, 250, ${rnd(250)}, ${rnd(1000)},
      ${NOW} - ${rnd(200_000)}, 0, 0 FROM seq`);
  await opsDb().$client.execute(`${series(50)}
    INSERT INTO jobs (id, type, payload, status, created_at, run_at) SELECT 'oj' || n, 'bench', '{}', 'failed', ${NOW}, ${NOW} FROM seq`);

  for (const client of [identity, billing, support]) await client.execute("ANALYZE");
  const counts = await billing.execute(
    "SELECT (SELECT count(*) FROM invoices) AS invoices, (SELECT count(*) FROM payments) AS payments, (SELECT count(*) FROM services) AS services",
  );
  console.log(`seeded ${CUSTOMERS.toLocaleString("en")} customers, ${JSON.stringify(counts.rows[0])} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const fmt = (n: number) => `${n.toFixed(1).padStart(7)} ms`;

interface Timing {
  p50: number;
  p95: number;
  /** CPU time this process spent (libSQL runs file queries on this thread): what the query costs without the wait for a core. */
  cpu50: number;
  cpu95: number;
}

async function time(fn: () => Promise<unknown>): Promise<Timing> {
  await fn(); // warm the page cache and the statement
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  return { p50: pct(samples, 50), p95: pct(samples, 95), cpu50: pct(cpu, 50), cpu95: pct(cpu, 95) };
}

/** A fixed CPU task timed in the same run (≈10–20 ms on an idle core): how much CPU this process was given. */
function cpuReference(): string {
  const buf = Buffer.alloc(64, 7);
  const s = performance.now();
  for (let i = 0; i < 20_000; i++) createHash("sha256").update(buf).digest();
  return `CPU reference: 20,000 SHA-256 of 64 bytes in ${(performance.now() - s).toFixed(1)} ms (≈ 10–20 ms idle); load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} cores`;
}

/** The straightforward count the service_totals rollup replaces (the reference side of the comparison). */
async function activeServicesByCounting() {
  const rows = await billingDb().$client.execute(
    "SELECT p.id, p.name, c.n FROM (SELECT product_id, COUNT(*) AS n FROM services WHERE status = 'active' GROUP BY product_id) c JOIN products p ON p.id = c.product_id ORDER BY c.n DESC, p.name",
  );
  return rows.rows;
}

async function measure() {
  const now = new Date(NOW);
  const all = { billing: true, customers: true, tickets: true, jobs: true };
  // Each figure the page shows: the straightforward query (the reference the tests compare with) next to what the page runs.
  const pairs: Array<[string, (() => Promise<unknown>) | null, () => Promise<unknown>]> = [
    ["revenue, 12 months by gateway (rollup)", () => revenueByMonth(now), () => revenueForDashboard(now)],
    ["MRR movement, this month (rollup + ranges)", () => mrrMovement(startOfUtcMonth(now), now), () => mrrThisMonth(now)],
    ["active services by product (rollup)", activeServicesByCounting, () => activeServicesByProduct()],
    ["new sign-ups, 30 days", null, () => newSignUps(now)],
    ["overdue invoices total", null, () => overdueInvoices()],
    ["open tickets by priority", null, () => openTicketsByPriority()],
    ["SLA breaches", null, () => countSlaBreaches(now)],
    ["VPN server health", null, () => vpnServerHealth(now)],
    ["failed jobs (8 databases)", null, () => failedJobs()],
  ];
  console.log(`\n${"query".padEnd(44)} ${"straightforward p50".padStart(20)} ${"page p50".padStart(10)} ${"page p95".padStart(10)} ${"cpu p50".padStart(10)} ${"cpu p95".padStart(10)}  ratio`);
  const page: Timing[] = [];
  for (const [label, reference, fast] of pairs) {
    const ref = reference ? await time(reference) : null;
    const t = await time(fast);
    page.push(t);
    console.log(
      `${label.padEnd(44)} ${ref ? fmt(ref.p50).padStart(20) : "".padStart(20)} ${fmt(t.p50)} ${fmt(t.p95)} ${fmt(t.cpu50)} ${fmt(t.cpu95)}  ${ref ? `${(ref.p50 / t.p50).toFixed(0)}× (p50)` : ""}`,
    );
  }
  const total = (k: keyof Timing) => page.reduce((a, r) => a + r[k], 0);
  console.log(`${"sum of the page's queries, one after another".padEnd(44)} ${"".padStart(20)} ${fmt(total("p50"))} ${fmt(total("p95"))} ${fmt(total("cpu50"))} ${fmt(total("cpu95"))}`);
  const whole = await time(() => loadDashboard(all, now));
  console.log(`${"whole dashboard as the page loads it".padEnd(44)} ${"".padStart(20)} ${fmt(whole.p50)} ${fmt(whole.p95)} ${fmt(whole.cpu50)} ${fmt(whole.cpu95)}`);
  return { sum95: total("p95"), cpu95: total("cpu95"), whole };
}

/** BENCH_REUSE_DIR=<a folder kept by BENCH_STOP_AFTER_SEED=1>: measure again without seeding (migrations applied first). */
async function reuseDatabases(dir: string) {
  process.env.DATA_DIR = dir;
  resetEnvCache();
  await migrateAll();
  return { dir, cleanup: () => {} };
}

async function main() {
  const reuse = process.env.BENCH_REUSE_DIR;
  const temp = reuse ? await reuseDatabases(reuse) : await useTempDatabases();
  console.log(`temporary databases in ${temp.dir}`);
  try {
    if (!reuse) await seed();
    if (process.env.BENCH_STOP_AFTER_SEED) {
      console.log("stopped after seeding; databases kept");
      return;
    }
    console.log(cpuReference());
    const result = await measure();
    console.log(cpuReference());
    const ok = result.whole.p95 < 200;
    console.log(
      `target (the dashboard's queries under 200 ms, p95 of the whole page load): ${ok ? "met" : "NOT met"} on wall time (${result.whole.p95.toFixed(1)} ms); ` +
        `${result.whole.cpu95 < 200 ? "met" : "NOT met"} on CPU time (${result.whole.cpu95.toFixed(1)} ms). Nothing is cached between runs: every run reads the databases.`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    if (!process.env.BENCH_STOP_AFTER_SEED) temp.cleanup();
  }
}

await main();
