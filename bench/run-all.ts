/**
 * `npm run bench`: every benchmark in one go, one after the other (they would distort each other's figures if run
 * side by side), each on its own temporary databases. Pass names to run a subset: `npm run bench -- vpn billing`.
 * Each benchmark prints its own table; this prints how long each took and whether it finished.
 */
import { spawnSync } from "node:child_process";
import { buildProduction } from "./support/build";

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

// The site and pages benches measure the same production build of this tree: build it once for both (a build
// takes minutes on a small machine). BENCH_DIST_DIR names an existing build to reuse instead.
const sharedBuild = chosen.some((b) => b.name === "site" || b.name === "pages");
const distDir = process.env.BENCH_DIST_DIR ?? ".next-bench";
if (sharedBuild && !process.env.BENCH_DIST_DIR) {
  console.log(`\n══ npm run build into ${distDir} (shared by the site and pages benches)`);
  const started = Date.now();
  const build = buildProduction(distDir);
  summary.push({ name: "build", seconds: ((Date.now() - started) / 1000).toFixed(0), result: build.ok ? "ok" : `exit ${build.status}` });
  if (!build.ok) {
    console.table(summary);
    process.exit(1);
  }
}
const benchEnv = { ...process.env, SITE_BENCH_DIST_DIR: distDir, BENCH_PAGES_DIST_DIR: distDir };

for (const bench of chosen) {
  console.log(`\n══ ${bench.name} (${bench.script})`);
  const started = Date.now();
  const args = [...(bench.args ?? []), ...(bench.name === "pages" ? ["--reuse-build"] : [])];
  const run = spawnSync("npx", ["tsx", "--conditions=react-server", bench.script, ...args], { stdio: "inherit", env: benchEnv });
  summary.push({ name: bench.name, seconds: ((Date.now() - started) / 1000).toFixed(0), result: run.status === 0 ? "ok" : `exit ${run.status}` });
}
console.log("\n══ summary");
console.table(summary);
process.exit(summary.every((s) => s.result === "ok") ? 0 : 1);
