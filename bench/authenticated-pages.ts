/**
 * `npm run bench:pages` (issue #9): the portal dashboard and the admin invoices table, rendered by a production
 * build (`next start`) over HTTP, under 20 concurrent signed-in users each (autocannon, one session per
 * connection), with p50/p95/p99 latency, and the server's resident memory after the runs.
 *
 * Data, in temporary databases (never ./data): the demo seed, plus CUSTOMERS customers with INVOICES invoices
 * between them and a VPN service each; 20 of them and 20 staff members (2FA on) get a session. Sessions are
 * opened through lib/auth (a `user_sessions` row) and sealed into the Auth.js cookie with the server's secret, so
 * every request goes through the real session validation, guards and queries.
 *
 * Besides latency: the server's CPU time per request (from /proc: what a loaded machine distorts least, since
 * waiting for a core adds latency but not CPU time), each page's HTML size, and the resident memory after each
 * round. The three loads run ROUNDS times in one server life (default 2), so growth that levels off (V8 and the
 * allocator keeping what they grew to) reads apart from a leak (growing by the same step every round).
 *
 *   npm run bench:pages -- [--seconds=10] [--rounds=2] [--customers=20000] [--invoices=200000] [--reuse-build]
 *   (BENCH_PAGES_DIST_DIR, default .next-bench-pages; BENCH_PAGES_PORT, default 3395)
 */
import { createHash } from "node:crypto";
import os from "node:os";
import autocannon from "autocannon";
import { ensureBuild, prepareDatabases, startProductionServer } from "./support/production-server";
import { benchArgs } from "./support/args";
import { seedPagesFixture } from "./support/pages-fixture";

const args = benchArgs();
const SECONDS = Number(args.seconds ?? 10);
const ROUNDS = Math.max(1, Number(args.rounds ?? 2));
const CUSTOMERS = Number(args.customers ?? 20_000);
const INVOICES = Number(args.invoices ?? 200_000);
const USERS = 20;
const port = Number(process.env.BENCH_PAGES_PORT ?? 3395);
const distDir = process.env.BENCH_PAGES_DIST_DIR ?? ".next-bench-pages";
const log = (message: string) => console.error(`[bench:pages] ${message}`);

ensureBuild(distDir, log, args["reuse-build"] === "true");
const env = await prepareDatabases(port, distDir, log);

const { customerCookies, staffCookies, seededMs } = await seedPagesFixture({ customers: CUSTOMERS, invoices: INVOICES, users: USERS, authSecret: env.AUTH_SECRET! });
log(`seeded ${CUSTOMERS} customers, ${CUSTOMERS} services, ${INVOICES} invoices in ${(seededMs / 1000).toFixed(1)} s`);

/* ─── Runs ─── */
const server = await startProductionServer(port, env);
const rssIdle = server.residentMiB();

interface Run {
  label: string;
  path: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Server CPU time per request, ms. */
  cpuPerRequest: number;
}

async function check(path: string, cookie: string, expectText: string) {
  const response = await fetch(`${server.base}${path}`, { headers: { cookie }, redirect: "manual" });
  const body = await response.text();
  if (response.status !== 200 || !body.includes(expectText)) {
    throw new Error(`${path} answered ${response.status} without "${expectText}" for a signed-in user: the bench would measure the wrong page`);
  }
}

async function load(label: string, path: string, cookies: string[]): Promise<Run> {
  const cpuBefore = server.cpuMs();
  const latencies: number[] = [];
  let next = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${server.base}${path}`,
        connections: USERS,
        duration: SECONDS,
        timeout: 60,
        // One signed-in user per connection.
        setupClient: (client) => client.setHeaders({ cookie: cookies[next++ % cookies.length]!, "accept-encoding": "identity" }),
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  const cpuPerRequest = (server.cpuMs() - cpuBefore) / Math.max(1, latencies.length);
  return { label, path, requests: latencies.length, rps: result.requests.average, p50: q(0.5), p95: q(0.95), p99: q(0.99), non2xx: result.non2xx, errors: result.errors, cpuPerRequest };
}

await check("/portal", customerCookies[0]!, "Dashboard");
await check("/admin/invoices", staffCookies[0]!, "INV-2025-");
// Warm-up (first renders fill caches), and one user alone for reference.
const alone = async (path: string, cookie: string) => {
  const started = performance.now();
  const bytes = (await (await fetch(`${server.base}${path}`, { headers: { cookie, "accept-encoding": "identity" } })).text()).length;
  return { ms: performance.now() - started, bytes };
};
for (let i = 0; i < 3; i++) await alone("/portal", customerCookies[i]!);
for (let i = 0; i < 3; i++) await alone("/admin/invoices", staffCookies[i]!);
const single = { portal: await alone("/portal", customerCookies[3]!), admin: await alone("/admin/invoices", staffCookies[3]!) };
log(`one user alone: /portal ${single.portal.ms.toFixed(0)} ms, /admin/invoices ${single.admin.ms.toFixed(0)} ms`);

const rounds: Array<{ runs: Run[]; rss: number }> = [];
for (let round = 1; round <= ROUNDS; round++) {
  const runs: Run[] = [];
  log(`round ${round}/${ROUNDS}: portal dashboard, ${USERS} users, ${SECONDS}s…`);
  runs.push(await load("Portal dashboard", "/portal", customerCookies));
  log(`round ${round}/${ROUNDS}: admin invoices table, ${USERS} users, ${SECONDS}s…`);
  runs.push(await load("Admin invoices table (page 1 of all)", "/admin/invoices", staffCookies));
  runs.push(await load("Admin invoices table, status = overdue", "/admin/invoices?status=overdue", staffCookies));
  rounds.push({ runs, rss: server.residentMiB() });
}
server.stop();

function cpuReference(): string {
  const s = performance.now();
  for (let i = 0; i < 20_000; i++) createHash("sha256").update("x".repeat(64)).digest();
  return `CPU reference: 20,000 SHA-256 of 64 bytes in ${(performance.now() - s).toFixed(1)} ms (≈ 10–20 ms idle); load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} cores; ${new Date().toISOString()}`;
}

const pad = (v: unknown, n: number) => String(v).padEnd(n);
const ms = (v: number) => `${v.toFixed(0)} ms`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
console.log(`\nAuthenticated pages over HTTP (next start), ${USERS} concurrent users, ${SECONDS}s each; ${CUSTOMERS.toLocaleString("en-US")} customers, ${INVOICES.toLocaleString("en-US")} invoices`);
console.log(`${pad("page", 42)}${pad("req/s", 8)}${pad("p50", 9)}${pad("p95", 9)}${pad("p99", 9)}${pad("CPU/req", 10)}${pad("requests", 10)}non-2xx/errors`);
rounds.forEach(({ runs }, i) => {
  if (ROUNDS > 1) console.log(`round ${i + 1}`);
  for (const r of runs) console.log(`${pad(r.label, 42)}${pad(r.rps.toFixed(0), 8)}${pad(ms(r.p50), 9)}${pad(ms(r.p95), 9)}${pad(ms(r.p99), 9)}${pad(ms(r.cpuPerRequest), 10)}${pad(r.requests, 10)}${r.non2xx}/${r.errors}`);
});
console.log(`One user alone (no concurrency): portal dashboard ${ms(single.portal.ms)} (${kib(single.portal.bytes)} HTML), admin invoices ${ms(single.admin.ms)} (${kib(single.admin.bytes)} HTML)`);
console.log(`Server resident memory: ${rssIdle.toFixed(0)} MiB after start, ${rounds.map((r, i) => `${r.rss.toFixed(0)} MiB after round ${i + 1}`).join(", ")}`);
console.log(cpuReference());
if (rounds.some(({ runs }) => runs.some((r) => r.non2xx > 0 || r.errors > 0))) process.exitCode = 1;
process.exit();
