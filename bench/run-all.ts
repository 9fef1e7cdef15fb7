/**
 * `npm run bench`: every benchmark in one go, one after the other (they would distort each other's figures if run
 * side by side), each on its own temporary databases. Pass names to run a subset: `npm run bench -- vpn billing`.
 * Each benchmark prints its own table; this prints how long each took and whether it finished.
 */
import { spawnSync } from "node:child_process";

const BENCHES: Array<{ name: string; script: string; args?: string[] }> = [
  { name: "vpn", script: "bench/vpn-peer-set.ts" },
  { name: "vpn-agent", script: "bench/vpn-agent-apply.ts" },
  { name: "vpn-addresses", script: "bench/vpn-addresses.ts" },
  { name: "billing", script: "bench/billing.ts" },
  { name: "admin-tables", script: "bench/admin-tables.ts" },
  { name: "dashboard", script: "bench/admin-dashboard.ts" },
  { name: "site", script: "bench/site.ts" },
  { name: "pages", script: "bench/authenticated-pages.ts" },
];

const wanted = process.argv.slice(2);
const chosen = wanted.length ? BENCHES.filter((b) => wanted.includes(b.name)) : BENCHES;
const summary: Array<{ name: string; seconds: string; result: string }> = [];
for (const bench of chosen) {
  console.log(`\n══ ${bench.name} (${bench.script})`);
  const started = Date.now();
  const run = spawnSync("npx", ["tsx", "--conditions=react-server", bench.script, ...(bench.args ?? [])], { stdio: "inherit" });
  summary.push({ name: bench.name, seconds: ((Date.now() - started) / 1000).toFixed(0), result: run.status === 0 ? "ok" : `exit ${run.status}` });
}
console.log("\n══ summary");
console.table(summary);
process.exit(summary.every((s) => s.result === "ok") ? 0 : 1);
