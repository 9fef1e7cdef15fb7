/**
 * Two production builds of the authenticated pages side by side (issue #9: "measured, not claimed"): both serve the
 * same temporary databases (the bench:pages data and sessions), and requests alternate between them in blocks, so
 * both see the same machine load. Prints each build's server CPU time per request (from /proc), p50 latency and
 * HTML size, and the ratio. Build the old tree into one dist dir and the new one into another first, e.g.
 *
 *   git stash; NEXT_DIST_DIR=.next-old npm run build; git stash pop; NEXT_DIST_DIR=.next-new npm run build
 *   tsx --conditions=react-server bench/pages-compare.ts --a=.next-old --b=.next-new [--blocks=10] [--per=25]
 *     [--concurrency=4] [--pages=/admin/invoices,/portal] [--a-node-options=…] [--b-node-options=…]
 *   (ports BENCH_PAGES_PORT, default 3395, and the next one up)
 */
import os from "node:os";
import autocannon from "autocannon";
import { benchArgs } from "./support/args";
import { seedPagesFixture } from "./support/pages-fixture";
import { prepareDatabases, startProductionServer } from "./support/production-server";

const args = benchArgs();
if (!args.a || !args.b) throw new Error("pass the two dist dirs: --a=.next-old --b=.next-new");
const port = Number(process.env.BENCH_PAGES_PORT ?? 3395);
const BLOCKS = Number(args.blocks ?? 10);
const PER = Number(args.per ?? 25);
const CONCURRENCY = Number(args.concurrency ?? 4);
const pages = (args.pages ?? "/admin/invoices,/portal,/admin/invoices?status=overdue").split(",");
const log = (message: string) => console.error(`[bench:pages-compare] ${message}`);

const env = await prepareDatabases(port, args.a, log);
const fixture = await seedPagesFixture({ customers: 20_000, invoices: 200_000, users: 20, authSecret: env.AUTH_SECRET! });
const side = async (label: "A" | "B", distDir: string, p: number, nodeOptions?: string) => ({
  name: `${label} ${distDir}${nodeOptions ? ` (${nodeOptions})` : ""}`,
  server: await startProductionServer(p, { ...env, NEXT_DIST_DIR: distDir, APP_URL: `http://127.0.0.1:${p}`, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) }),
});
const sides = [await side("A", args.a, port, args["a-node-options"]), await side("B", args.b, port + 1, args["b-node-options"])];

const lines: string[] = [];
for (const path of pages) {
  const cookies = path.startsWith("/admin") ? fixture.staffCookies : fixture.customerCookies;
  const stats = sides.map(() => ({ cpuMs: 0, requests: 0, latencies: [] as number[], bytes: 0 }));
  // Warm-up, and the page's size.
  for (const [i, { server }] of sides.entries()) {
    for (let k = 0; k < 5; k++) {
      const response = await fetch(server.base + path, { headers: { cookie: cookies[k]!, "accept-encoding": "identity" } });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${sides[i]!.name} answered ${path} with ${response.status}`);
      stats[i]!.bytes = body.length;
    }
  }
  for (let block = 0; block < BLOCKS; block++) {
    // A then B, B then A: neither always runs first.
    for (const i of block % 2 ? [1, 0] : [0, 1]) {
      const { server } = sides[i]!;
      let next = 0;
      const before = server.cpuMs();
      const result = await new Promise<autocannon.Result>((resolve, reject) => {
        const instance = autocannon(
          {
            url: server.base + path,
            connections: CONCURRENCY,
            amount: PER,
            timeout: 60,
            setupClient: (client) => client.setHeaders({ cookie: cookies[next++ % cookies.length]!, "accept-encoding": "identity" }),
          },
          (error, done) => (error ? reject(error) : resolve(done)),
        );
        instance.on("response", (_client, _status, _bytes, ms) => stats[i]!.latencies.push(ms));
      });
      if (result.non2xx || result.errors) throw new Error(`${sides[i]!.name}: ${path} answered ${result.non2xx} non-2xx, ${result.errors} errors`);
      stats[i]!.cpuMs += server.cpuMs() - before;
      stats[i]!.requests += PER;
    }
  }
  lines.push(`${path} (${BLOCKS} alternating blocks of ${PER} requests, ${CONCURRENCY} at a time)`);
  for (const [i, s] of stats.entries()) {
    s.latencies.sort((x, y) => x - y);
    const p50 = s.latencies[Math.floor(s.latencies.length / 2)] ?? NaN;
    lines.push(`  ${sides[i]!.name.padEnd(40)} CPU/request ${(s.cpuMs / s.requests).toFixed(1).padStart(6)} ms   p50 ${p50.toFixed(0).padStart(5)} ms   HTML ${(s.bytes / 1024).toFixed(0)} KiB`);
  }
  lines.push(`  B/A server CPU per request: ${(stats[1]!.cpuMs / stats[0]!.cpuMs).toFixed(2)}`);
}
lines.push(`Server resident memory after the runs: ${sides.map((s) => `${s.name} ${s.server.residentMiB().toFixed(0)} MiB`).join(", ")}`);
lines.push(`(${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}; ${new Date().toISOString()})`);
for (const s of sides) s.server.stop();
console.log(`\n${lines.join("\n")}`);
process.exit();
