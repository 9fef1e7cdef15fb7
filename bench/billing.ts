/**
 * Billing benchmarks (issue #4), on embedded libSQL files in a temp folder (never ./data):
 *
 * 1. Webhook ingest: N signed `payment_intent.succeeded` events, each delivered 4 times in shuffled order (replays),
 *    POSTed through the real route handler (app/api/webhooks/stripe/route.ts → verify signature → store event id →
 *    re-read the PaymentIntent from the Stripe stand-in → record the payment), 8 deliveries in flight. Target ≥ 300
 *    deliveries/s; duplicates must be recorded once (payments = events = activation jobs = N).
 * 2. Renewal run over 100,000 active services due within the lead time: one renewal invoice each. Target < 60 s.
 * 3. Invoice lists over 1,000,000 invoices (10,000 customers × 100): the portal list (a customer's page, through the
 *    organization-aware access rule the portal uses) and the
 *    admin list (newest first, by status, page 200), p50/p95 of 200 queries each. Target p95 < 50 ms.
 *
 *   npm run bench:billing -- [--events=1000] [--services=100000] [--invoices=1000000] [--only=webhooks,renewals,lists]
 *                            [--samples=200] [--tmpfs]
 */
import Stripe from "stripe";
import { count, eq, sql } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { gatewayEvents, invoices, jobs, payments } from "@/db/billing/schema";
import { newId } from "@/db/columns";
import { seedBilling } from "@/db/seed/billing";
import { resetEnvCache } from "@/lib/env";
import { createInvoice } from "@/lib/billing/invoices";
import { listAdminInvoices } from "@/lib/billing/admin";
import { billingAccessFor } from "@/lib/billing/account-access";
import { listAccountInvoices } from "@/lib/billing/portal";
import { runRenewals } from "@/lib/billing/renewals";
import { resetStripeClients } from "@/lib/payments/stripe/client";
import { startFakeStripe } from "@/lib/payments/testing/stripe-server";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { benchArgs } from "./support/args";

const args = benchArgs();
const EVENTS = Number(args.events ?? 1000);
const SERVICES = Number(args.services ?? 100_000);
const INVOICES = Number(args.invoices ?? 1_000_000);
const only = new Set(String(args.only ?? "webhooks,renewals,lists").split(","));
const DAY = 86_400_000;

// --tmpfs puts the databases in /dev/shm: the same code without the disk's fsync, to show what the disk costs.
if (args.tmpfs) process.env.TMPDIR = "/dev/shm";
const os = await import("node:os");
const storage = args.tmpfs ? "tmpfs (/dev/shm)" : `disk (${os.tmpdir()})`;
process.env.AUTH_SECRET ??= "bench-secret-".padEnd(40, "x");
process.env.ENCRYPTION_KEY ??= "7b".repeat(32);

const rows: Array<{ measure: string; figure: string; target: string; ok: boolean | null }> = [];
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const fmt = (n: number, digits = 1) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const log = (message: string) => console.log(`[bench:billing] ${message}`);

async function fresh(): Promise<TempDatabases> {
  const temp = await useTempDatabases();
  await seedBilling();
  return temp;
}

/* ─── 1. Webhook ingest ─── */
async function benchWebhooks() {
  const temp = await fresh();
  const fake = await startFakeStripe({ secretKey: "sk_test_bench" });
  Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_bench", STRIPE_WEBHOOK_SECRET: "whsec_bench", STRIPE_API_BASE: fake.url });
  resetEnvCache();
  resetStripeClients();
  try {
    const db = billingDb();
    const now = new Date();
    // One open invoice per event, created in batches.
    const invoiceIds: string[] = [];
    for (let start = 0; start < EVENTS; start += 200) {
      await db.transaction(async (tx) => {
        for (let i = start; i < Math.min(EVENTS, start + 200); i++) {
          const inv = await createInvoice(tx, {
            customerId: `bench-customer-${i}`,
            kind: "manual",
            currency: "USD",
            dueAt: new Date(now.getTime() + 7 * DAY),
            now,
            billingDetails: null,
            items: [{ kind: "other", description: "Bench item", quantity: 1, unitAmount: 899, amount: 899, total: 899 }],
          });
          invoiceIds.push(inv.id);
        }
      });
    }
    const signer = new Stripe("sk_test_signer");
    const events = invoiceIds.map((invoiceId) => {
      const pi = fake.succeededPaymentIntent({ amount: 899, currency: "usd", metadata: { invoiceId } });
      return JSON.stringify(fake.event("payment_intent.succeeded", pi));
    });
    // Every event 4 times, shuffled (deterministically): replays interleave with first deliveries.
    const deliveries = events.flatMap((e) => [e, e, e, e]);
    let seed = 42;
    for (let i = deliveries.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const j = seed % (i + 1);
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }
    const { POST } = await import("@/app/api/webhooks/stripe/route");
    const statuses = new Map<number, number>();
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < deliveries.length) {
          const payload = deliveries[next++]!;
          const header = signer.webhooks.generateTestHeaderString({ payload, secret: "whsec_bench" });
          const response = await POST(new Request("http://127.0.0.1/api/webhooks/stripe", { method: "POST", headers: { "stripe-signature": header, "content-type": "application/json" }, body: payload }));
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const [{ n: paymentCount }] = (await db.select({ n: count() }).from(payments)) as [{ n: number }];
    const [{ n: eventCount }] = (await db.select({ n: count() }).from(gatewayEvents)) as [{ n: number }];
    const [{ n: jobCount }] = (await db.select({ n: count() }).from(jobs).where(eq(jobs.type, "billing.invoice-paid"))) as [{ n: number }];
    const [{ n: paid }] = (await db.select({ n: count() }).from(invoices).where(eq(invoices.status, "paid"))) as [{ n: number }];
    const rate = deliveries.length / seconds;
    log(`webhooks: ${deliveries.length} deliveries (${EVENTS} events × 4) in ${fmt(seconds, 2)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    rows.push({ measure: `Webhook ingest (${EVENTS} signed events × 4 replays, route handler, 8 in flight)`, figure: `${fmt(rate, 0)} deliveries/s (${fmt(EVENTS / seconds, 0)} unique events/s)`, target: "≥ 300/s", ok: rate >= 300 });
    const exact = paymentCount === EVENTS && eventCount === EVENTS && jobCount === EVENTS && paid === EVENTS && statuses.get(200) === deliveries.length;
    rows.push({
      measure: "  duplicates under 4× replay",
      figure: `${deliveries.length} deliveries → ${eventCount} events, ${paymentCount} payments, ${jobCount} activation jobs, ${paid} invoices paid`,
      target: `each = ${EVENTS}`,
      ok: exact,
    });
  } finally {
    await fake.close();
    for (const k of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE"]) delete process.env[k];
    resetEnvCache();
    resetStripeClients();
    temp.cleanup();
  }
}

/* ─── 2. Renewal run ─── */
async function benchRenewals() {
  const temp = await fresh();
  try {
    const db = billingDb();
    const [price] = await db.all<{ id: string; product_id: string; amount: number }>(sql`select id, product_id, amount from prices where cycle = 'monthly' and currency = 'USD' limit 1`);
    const now = new Date("2027-01-25T12:00:00Z");
    const periodStart = new Date("2026-12-31T12:00:00Z");
    const periodEndAt = new Date("2027-01-31T12:00:00Z"); // due within the 7-day lead time
    const t0 = performance.now();
    // Bulk-seeded in one statement per 10,000 rows (a recursive CTE), as fast as SQLite inserts.
    for (let start = 0; start < SERVICES; start += 10_000) {
      const n = Math.min(10_000, SERVICES - start);
      await db.run(sql`
        with recursive seq(i) as (select ${start} union all select i + 1 from seq where i < ${start + n - 1})
        insert into services (id, customer_id, product_id, price_id, cycle, currency, amount, status, provisioning_status, label, config,
          next_due_at, current_period_start, current_period_end, cancel_at_period_end, created_at, updated_at)
        select lower(hex(randomblob(16))), 'bench-customer-' || (i % 20000), ${price!.product_id}, ${price!.id}, 'monthly', 'USD', ${price!.amount}, 'active', 'succeeded', null, '{}',
          ${periodEndAt.getTime()}, ${periodStart.getTime()}, ${periodEndAt.getTime()}, 0, ${periodStart.getTime()}, ${periodStart.getTime()}
        from seq`);
    }
    log(`renewals: seeded ${SERVICES} services in ${fmt((performance.now() - t0) / 1000, 2)} s`);
    const t1 = performance.now();
    let created = 0;
    for (;;) {
      const run = await runRenewals({ now, limit: 100_000 });
      created += run.created.length;
      if (run.created.length === 0) break;
    }
    const seconds = (performance.now() - t1) / 1000;
    const [{ n }] = (await db.select({ n: count() }).from(invoices).where(eq(invoices.kind, "renewal"))) as [{ n: number }];
    const again = await runRenewals({ now, limit: 100_000 });
    log(`renewals: ${created} invoices in ${fmt(seconds, 2)} s; a second run created ${again.created.length}`);
    rows.push({ measure: `Renewal run over ${SERVICES.toLocaleString("en-US")} services`, figure: `${fmt(seconds, 1)} s (${fmt(created / seconds, 0)} invoices/s)`, target: "< 60 s", ok: seconds < 60 });
    rows.push({ measure: "  exactly once", figure: `${n} renewal invoices; re-run created ${again.created.length}`, target: `${SERVICES}; 0`, ok: n === SERVICES && again.created.length === 0 });
  } finally {
    temp.cleanup();
  }
}

/* ─── 3. Lists over 1M invoices ─── */
async function benchLists() {
  const temp = await fresh();
  try {
    const db = billingDb();
    const customers = 10_000;
    const statuses = ["paid", "paid", "paid", "paid", "unpaid", "overdue", "cancelled", "refunded"];
    const t0 = performance.now();
    const base = Date.parse("2024-01-01T00:00:00Z");
    for (let start = 0; start < INVOICES; start += 50_000) {
      const n = Math.min(50_000, INVOICES - start);
      await db.run(sql.raw(`
        with recursive seq(i) as (select ${start} union all select i + 1 from seq where i < ${start + n - 1})
        insert into invoices (id, number, customer_id, kind, status, currency, subtotal, discount, tax, total, amount_paid, amount_refunded,
          tax_inclusive, reverse_charge, issued_at, due_at, paid_at, created_at, updated_at)
        select printf('inv-%08d', i), printf('INV-%d-%06d', 2024 + (i / 500000), i % 500000 + 1), 'cust-' || (i % ${customers}), 'renewal',
          case i % 8 ${statuses.map((s, k) => `when ${k} then '${s}'`).join(" ")} end, 'USD', 899, 0, 0, 899,
          case when i % 8 < 4 then 899 else 0 end, 0, 0, 0,
          ${base} + i * 60000, ${base} + i * 60000 + 604800000, case when i % 8 < 4 then ${base} + i * 60000 else null end, ${base} + i * 60000, ${base} + i * 60000
        from seq`));
    }
    await db.run(sql`analyze`);
    log(`lists: seeded ${INVOICES} invoices in ${fmt((performance.now() - t0) / 1000, 2)} s`);
    const SAMPLES = Number(args.samples ?? 200);
    const time = async (label: string, fn: (i: number) => Promise<unknown>, target: number) => {
      const w = performance.now();
      for (let i = 0; i < 5; i++) await fn(i); // warm
      log(`lists: ${label}: warm-up ${fmt((performance.now() - w) / 5, 1)} ms/query`);
      const samples: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const s = performance.now();
        await fn(i);
        samples.push(performance.now() - s);
      }
      const p50 = quantile(samples, 0.5);
      const p95 = quantile(samples, 0.95);
      rows.push({ measure: label, figure: `p50 ${fmt(p50, 2)} ms, p95 ${fmt(p95, 2)} ms`, target: `p95 < ${target} ms`, ok: p95 < target });
    };
    await time("Portal invoice list (a customer's page 1 of 100 invoices, + count)", async (i) => listAccountInvoices(await billingAccessFor(`cust-${(i * 37) % customers}`), { page: 1, pageSize: 25 }), 50);
    await time("Portal invoice list, page 4 (offset 75)", async (i) => listAccountInvoices(await billingAccessFor(`cust-${(i * 53) % customers}`), { page: 4, pageSize: 25 }), 50);
    await time("Admin invoice list, newest first (page 1 of 1M, + total)", () => listAdminInvoices({ page: 1, pageSize: 50 }), 50);
    await time("Admin invoice list, status = overdue (page 1 + total)", () => listAdminInvoices({ status: "overdue", page: 1, pageSize: 50 }), 50);
    await time("Admin invoice list, page 200 (offset 9,950)", () => listAdminInvoices({ page: 200, pageSize: 50 }), 50);
    await time("Admin invoice search by number", (i) => listAdminInvoices({ search: `INV-2024-${String(1000 + i).padStart(6, "0")}`, page: 1, pageSize: 50 }), 50);
  } finally {
    temp.cleanup();
  }
}

/** A fixed CPU task timed in the same run (≈10 ms on an idle modern core): how much CPU this process was given. */
async function cpuReference() {
  const { createHash } = await import("node:crypto");
  const buf = Buffer.alloc(64, 7);
  const s = performance.now();
  for (let i = 0; i < 20_000; i++) createHash("sha256").update(buf).digest();
  rows.push({ measure: "CPU reference: 20,000 SHA-256 of 64 bytes", figure: `${fmt(performance.now() - s, 1)} ms`, target: "≈ 10–20 ms idle", ok: null });
}

const started = performance.now();
await cpuReference();
if (only.has("webhooks")) await benchWebhooks();
if (only.has("renewals")) await benchRenewals();
if (only.has("lists")) await benchLists();
await cpuReference();

const width = Math.max(...rows.map((r) => r.measure.length));
const fwidth = Math.max(...rows.map((r) => r.figure.length));
console.log("");
console.log(`${"measure".padEnd(width)}  ${"figure".padEnd(fwidth)}  target`);
console.log(`${"-".repeat(width)}  ${"-".repeat(fwidth)}  ${"-".repeat(12)}`);
for (const r of rows) console.log(`${r.measure.padEnd(width)}  ${r.figure.padEnd(fwidth)}  ${r.target}${r.ok === null ? "" : r.ok ? "  ok" : "  MISSED"}`);
console.log(`\n(databases on ${storage}; total ${fmt((performance.now() - started) / 1000, 1)} s on ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}; ${new Date().toISOString()})`);
void newId;
process.exit(rows.every((r) => r.ok !== false) ? 0 : 1);
