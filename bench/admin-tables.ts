/**
 * Admin table benchmark (issue 6): 100,000 customers and 1,000,000 invoices in temporary databases (never ./data),
 * then p50/p95 server time of each table query as the screens run it (zod parse + page of 50 + total + the
 * identity lookup for emails), and a CSV export of 100,000 rows streamed by keyset, with its peak RSS growth next
 * to the naive "load everything, then stringify" export for contrast.
 *
 *   npm run bench:admin-tables            (ADMIN_BENCH_INVOICES=200000 for a quicker run)
 */
import { createHash } from "node:crypto";
import os from "node:os";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { billingDb } from "@/db/billing/client";
import { identityDb } from "@/db/identity/client";
import { closeAllDatabases } from "@/db/connection";
import { useTempDatabases } from "@/lib/testing/temp-databases";
import { migrateAll } from "@/db/migrate";
import { resetEnvCache } from "@/lib/env";
import { csvStream, safeCell } from "@/lib/admin/tables/csv";
import { invoicesTable } from "@/lib/admin/tables/definitions/billing";
import { customersTable } from "@/lib/admin/tables/definitions/identity";
import { iterateTableRows, parseTableParams, runTableQuery, type AnyTableDefinition } from "@/lib/admin/tables/query";
import { exportRegistry } from "@/lib/admin/tables/registry";

process.env.AUTH_SECRET ??= "bench-secret-".padEnd(40, "x");
process.env.ENCRYPTION_KEY ??= "7b".repeat(32);

const CUSTOMERS = Number(process.env.ADMIN_BENCH_CUSTOMERS ?? 100_000);
const INVOICES = Number(process.env.ADMIN_BENCH_INVOICES ?? 1_000_000);
const EXPORT_ROWS = 100_000;
const RUNS = Number(process.env.ADMIN_BENCH_RUNS ?? 40);
const STATUSES = ["draft", "unpaid", "paid", "paid", "paid", "overdue", "cancelled", "refunded"];
const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);

type Client = ReturnType<typeof billingDb>["$client"];

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
/** Deterministic UUIDv7-shaped ids (time-ordered like newId()). */
const uuid = (ms: number, n: number) => {
  const t = hex(ms, 12);
  const r = hex(n, 12);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7000-8000-${r}`;
};

/** Drops the secondary indexes of `table`, runs `fill`, then recreates them: one sort per index beats 1M incremental updates. */
async function withIndexesRebuilt(client: Client, table: string, fill: () => Promise<void>) {
  const indexes = (await client.execute({ sql: "select name, sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null", args: [table] })).rows as unknown as Array<{ name: string; sql: string }>;
  for (const i of indexes) await client.execute(`drop index "${i.name}"`);
  await fill();
  for (const i of indexes) await client.execute(i.sql);
  await client.execute(`analyze "${table}"`);
}

/** Multi-row INSERTs of literal values inside one transaction per 50,000 rows. */
async function bulkInsert(client: Client, table: string, columns: string[], count: number, row: (i: number) => string) {
  const perStatement = 1000;
  const perTransaction = 50_000;
  for (let start = 0; start < count; start += perTransaction) {
    const statements: string[] = ["BEGIN"];
    for (let s = start; s < Math.min(count, start + perTransaction); s += perStatement) {
      const values: string[] = [];
      for (let i = s; i < Math.min(count, s + perStatement, start + perTransaction); i++) values.push(row(i));
      statements.push(`insert into ${table} (${columns.join(",")}) values ${values.join(",")}`);
    }
    statements.push("COMMIT");
    await client.executeMultiple(statements.join(";\n"));
  }
}

async function seed() {
  const identity = identityDb().$client;
  const billing = billingDb().$client;
  for (const c of [identity, billing]) await c.execute("pragma synchronous = off");
  const t0 = performance.now();
  await withIndexesRebuilt(identity, "users", () =>
    bulkInsert(identity, "users", ["id", "email", "name", "role", "status", "country", "created_at", "updated_at", "last_sign_in_at"], CUSTOMERS, (i) => {
      const created = START + Math.floor((i / CUSTOMERS) * 600 * DAY);
      return `('${uuid(created, i)}','user${i}@bench.test','Customer ${i}','customer','${i % 50 === 0 ? "suspended" : "active"}','${["DE", "US", "GB", "FR"][i % 4]}',${created},${created},${i % 3 ? created + DAY : "null"})`;
    }),
  );
  const t1 = performance.now();
  const customerIds = (await identity.execute("select id from users where role = 'customer' order by created_at")).rows.map((r) => r.id as string);
  await withIndexesRebuilt(billing, "invoices", () =>
    bulkInsert(billing, "invoices", ["id", "number", "customer_id", "kind", "status", "currency", "subtotal", "total", "amount_paid", "issued_at", "due_at", "created_at", "updated_at"], INVOICES, (i) => {
      const created = START + Math.floor((i / INVOICES) * 690 * DAY);
      const status = STATUSES[(i * 7919) % STATUSES.length]!;
      const total = 500 + ((i * 104729) % 49_500);
      const issued = status === "draft" ? "null" : String(created);
      const number = status === "draft" ? "null" : `'INV-${new Date(created).getUTCFullYear()}-${String(i).padStart(7, "0")}'`;
      return `('${uuid(created, i)}',${number},'${customerIds[(i * 31) % customerIds.length]}','renewal','${status}','${["EUR", "USD", "GBP"][i % 3]}',${total},${total},${status === "paid" ? total : 0},${issued},${issued === "null" ? "null" : created + 14 * DAY},${created},${created})`;
    }),
  );
  const t2 = performance.now();
  for (const c of [identity, billing]) await c.execute("pragma synchronous = normal");
  return { customersMs: t1 - t0, invoicesMs: t2 - t1 };
}

/** A fixed CPU task timed in the same run (≈10–20 ms on an idle core): how much CPU this process was given. */
function cpuReference(): string {
  const buf = Buffer.alloc(64, 7);
  const s = performance.now();
  for (let i = 0; i < 20_000; i++) createHash("sha256").update(buf).digest();
  return `CPU reference: 20,000 SHA-256 of 64 bytes in ${(performance.now() - s).toFixed(1)} ms (≈ 10–20 ms idle); load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} cores`;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Case {
  label: string;
  definition: AnyTableDefinition;
  params: Record<string, string>;
  /** Reached by the Next link of this page (keyset cursor of its last row) instead of by OFFSET. */
  nextOf?: Record<string, string>;
}

const CASES: Case[] = [
  { label: "invoices: newest first (default)", definition: invoicesTable, params: { size: "50" } },
  { label: "invoices: status=unpaid, sort -issuedAt", definition: invoicesTable, params: { size: "50", status: "unpaid", sort: "-issuedAt" } },
  { label: "invoices: status=paid,overdue + total 50–200, sort -total", definition: invoicesTable, params: { size: "50", status: "paid,overdue", total: "50~200", sort: "-total" } },
  { label: "invoices: issued in March 2026, sort -issuedAt,total", definition: invoicesTable, params: { size: "50", issuedAt: "2026-03-01~2026-03-31", sort: "-issuedAt,total" } },
  { label: "invoices: number prefix, sort number", definition: invoicesTable, params: { size: "50", number: "INV-2026-090", sort: "number" } },
  { label: "invoices: search customer email, newest", definition: invoicesTable, params: { size: "50", q: "user4242@" } },
  { label: "invoices: status=unpaid page 100 (offset 4,950)", definition: invoicesTable, params: { size: "50", status: "unpaid", sort: "-issuedAt", page: "100" } },
  {
    label: "invoices: status=unpaid page 100 by keyset (Next from 99)",
    definition: invoicesTable,
    params: { size: "50", status: "unpaid", sort: "-issuedAt", page: "100" },
    nextOf: { size: "50", status: "unpaid", sort: "-issuedAt", page: "99" },
  },
  { label: "invoices: newest first, page 200 (offset 9,950)", definition: invoicesTable, params: { size: "50", page: "200" } },
  { label: "invoices: newest first, page 200 by keyset (Next from 199)", definition: invoicesTable, params: { size: "50", page: "200" }, nextOf: { size: "50", page: "199" } },
  { label: "customers: newest first (default)", definition: customersTable, params: { size: "50" } },
  { label: "customers: status=suspended, sort email", definition: customersTable, params: { size: "50", status: "suspended", sort: "email" } },
  { label: "customers: joined in 2025-06, sort -lastSignInAt", definition: customersTable, params: { size: "50", createdAt: "2025-06-01~2025-06-30", sort: "-lastSignInAt" } },
  { label: "customers: search email/name prefix", definition: customersTable, params: { size: "50", q: "user777" } },
];

async function timeCase(c: Case) {
  if (c.nextOf) {
    const previous = await runTableQuery(c.definition, parseTableParams(c.definition, new URLSearchParams(c.nextOf)));
    c.params = { ...c.params, after: previous.cursors!.next! };
    const viaOffset = await runTableQuery(c.definition, parseTableParams(c.definition, new URLSearchParams({ ...c.params, after: "" })));
    const viaKeyset = await runTableQuery(c.definition, parseTableParams(c.definition, new URLSearchParams(c.params)));
    if (viaKeyset.rows.map((r) => r.id).join() !== viaOffset.rows.map((r) => r.id).join()) throw new Error(`${c.label}: keyset page differs from the OFFSET page`);
  }
  const times: number[] = [];
  const cpu: number[] = [];
  let total = 0;
  let rows = 0;
  for (let i = 0; i < RUNS + 3; i++) {
    const c0 = process.cpuUsage();
    const t = performance.now();
    const result = await runTableQuery(c.definition, parseTableParams(c.definition, new URLSearchParams(c.params)));
    const elapsed = performance.now() - t;
    const used = process.cpuUsage(c0);
    if (i >= 3) {
      times.push(elapsed);
      cpu.push((used.user + used.system) / 1000);
    }
    total = result.total;
    rows = result.rows.length;
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), cpu50: percentile(cpu, 50), cpu95: percentile(cpu, 95), total, rows };
}

/** Peak RSS above the starting point while `fn` runs, sampled every 10 ms. */
async function peakRssGrowth(fn: () => Promise<number>): Promise<{ mb: number; ms: number; result: number }> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const t = performance.now();
  const result = await fn();
  const ms = performance.now() - t;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { mb: (peak - base) / 1024 / 1024, ms, result };
}

const devNull = () =>
  new Writable({
    write(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      cb();
    },
  });
let bytes = 0;

/** ADMIN_BENCH_REUSE_DIR=<a folder kept by ADMIN_BENCH_STOP_AFTER_SEED=1>: measure again without seeding (migrations applied first). */
async function reuseDatabases(dir: string) {
  process.env.DATA_DIR = dir;
  resetEnvCache();
  await migrateAll();
  return { dir, cleanup: () => {} };
}

async function main() {
  const reuse = process.env.ADMIN_BENCH_REUSE_DIR;
  const temp = reuse ? await reuseDatabases(reuse) : await useTempDatabases();
  try {
    if (!reuse) {
      console.log(`Seeding ${CUSTOMERS.toLocaleString("en-US")} customers and ${INVOICES.toLocaleString("en-US")} invoices into ${temp.dir} …`);
      const seeded = await seed();
      console.log(`  customers ${(seeded.customersMs / 1000).toFixed(1)} s, invoices ${(seeded.invoicesMs / 1000).toFixed(1)} s (bulk INSERTs in transactions, indexes built after)\n`);
    }
    if (process.env.ADMIN_BENCH_STOP_AFTER_SEED) {
      console.log(`stopped after seeding; databases kept in ${temp.dir}`);
      return;
    }

    console.log(cpuReference());
    const rows: string[][] = [];
    for (const c of CASES) {
      const r = await timeCase(c);
      rows.push([c.label, r.rows.toString(), r.total.toLocaleString("en-US"), r.p50.toFixed(1), r.p95.toFixed(1), r.cpu50.toFixed(1), r.cpu95.toFixed(1), r.p95 < 50 ? "yes" : r.cpu95 < 50 ? "cpu only" : "NO"]);
    }
    const header = ["table query (page of 50)", "rows", "total", "p50 ms", "p95 ms", "cpu p50", "cpu p95", "p95 < 50 ms"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
    console.log(line(header));
    console.log(widths.map((w) => "-".repeat(w)).join("  "));
    for (const r of rows) console.log(line(r));
    console.log(`(${RUNS} runs each after 3 warm-ups; server time = zod parse + page query + count (capped at 10,000) + email lookup;`);
    console.log(" cpu = this process's CPU time, i.e. without waiting for a core on a loaded machine; keyset pages are checked equal to their OFFSET twins)\n");

    console.log(cpuReference());
    if (process.env.ADMIN_BENCH_SKIP_CSV) return;
    // CSV export of 100,000 rows: streamed by keyset vs. everything loaded first.
    const spec = exportRegistry.invoices!;
    const params = parseTableParams(invoicesTable, new URLSearchParams({ sort: "-issuedAt" }));
    bytes = 0;
    const streamed = await peakRssGrowth(async () => {
      await pipeline(Readable.fromWeb(csvStream(iterateTableRows(invoicesTable, params, { limit: EXPORT_ROWS }), spec.columns) as never), devNull());
      return bytes;
    });
    const streamedBytes = bytes;
    global.gc?.();
    await new Promise((r) => setTimeout(r, 200));
    const naive = await peakRssGrowth(async () => {
      const all: Array<Record<string, unknown>> = [];
      for await (const chunk of iterateTableRows(invoicesTable, params, { limit: EXPORT_ROWS, chunkSize: EXPORT_ROWS })) all.push(...(chunk as unknown as Array<Record<string, unknown>>));
      const text = stringify(
        all.map((r) => spec.columns.map((c) => safeCell(c.value(r as never)))),
        { header: true, columns: spec.columns.map((c) => c.header) },
      );
      return text.length;
    });
    console.log("CSV export of 100,000 invoices      time      peak RSS growth   size");
    console.log(`  streamed (keyset chunks of 1,000)  ${(streamed.ms / 1000).toFixed(2)} s   ${streamed.mb.toFixed(1).padStart(8)} MB   ${(streamedBytes / 1024 / 1024).toFixed(1)} MB`);
    console.log(`  naive (load all, then stringify)   ${(naive.ms / 1000).toFixed(2)} s   ${naive.mb.toFixed(1).padStart(8)} MB   ${(naive.result / 1024 / 1024).toFixed(1)} MB`);
    console.log(`  ratio naive/streamed memory: ${(naive.mb / Math.max(streamed.mb, 0.1)).toFixed(1)}×`);
  } finally {
    closeAllDatabases();
    if (!process.env.ADMIN_BENCH_STOP_AFTER_SEED && !reuse) temp.cleanup();
  }
}

await main();
