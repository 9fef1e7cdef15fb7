/**
 * `npm run test:reliability [-- --long] [-- --only=crash,outage,backup,fuzz]`: fault injection against the
 * production build (`npm run build` first; NEXT_DIST_DIR picks the build folder), on temporary databases.
 *
 *   crash   kill -9 during webhook ingest, restart, redeliver, drain the outbox (reliability/crash-webhooks.ts)
 *   outage  a database locked by another connection: 503s, nothing half-written, recovery (database-outage.ts)
 *   backup  db:backup while writes run, db:restore into a fresh folder, start on it (backup-restore.ts)
 *   fuzz    garbage into every server action and route handler (fuzz-inputs.ts)
 *
 * The security pass (every route and action as anonymous / another customer / staff without the permission)
 * lives in the browser suite: e2e/route-security.spec.ts and e2e/action-authorization.spec.ts.
 *
 * The short variant (default, part of `npm test`) uses 1,000 events and one kill; --long uses 5,000 events, three
 * kills, longer outages and more fuzz runs. Prints a summary table; exits 1 when any check failed.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { removeTempFolders, results, stopAllApps } from "./support/harness";

const args = process.argv.slice(2);
const long = args.includes("--long");
const only = new Set((args.find((a) => a.startsWith("--only="))?.slice("--only=".length) ?? "crash,outage,backup,fuzz").split(","));

/** Overrides the number of webhook events of the crash scenario (two per order). */
const eventsArg = Number(args.find((a) => a.startsWith("--events="))?.slice("--events=".length) ?? 0);
const distDir = process.env.NEXT_DIST_DIR || ".next";
if (!existsSync(path.join(distDir, "BUILD_ID"))) {
  console.error(`No production build in ${distDir}: run \`npm run build\` first (NEXT_DIST_DIR=${distDir}).`);
  process.exit(2);
}
process.env.AUTH_SECRET ??= "reliability-".padEnd(40, "x");
process.env.ENCRYPTION_KEY ??= "5e".repeat(32);

const timings: Array<{ scenario: string; seconds: string; error?: string }> = [];
async function scenario(name: string, fn: () => Promise<void>) {
  if (!only.has(name)) return;
  console.log(`\n══ ${name}${long ? " (long)" : ""}`);
  const started = Date.now();
  try {
    await fn();
    timings.push({ scenario: name, seconds: ((Date.now() - started) / 1000).toFixed(0) });
  } catch (error) {
    console.error(error);
    results.push({ scenario: name, check: "scenario ran to the end", figure: error instanceof Error ? error.message.slice(0, 200) : String(error), ok: false });
    timings.push({ scenario: name, seconds: ((Date.now() - started) / 1000).toFixed(0), error: "threw" });
  }
}

// Ctrl-C / a CI timeout: the scenarios' finally blocks stop their servers; make sure the process then ends.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`reliability: ${signal}, stopping`);
    void stopAllApps().finally(() => {
      removeTempFolders();
      process.exit(130);
    });
  });
}

try {
  await scenario("crash", async () => {
    const { crashDuringWebhooks } = await import("./crash-webhooks");
    await crashDuringWebhooks({ orders: eventsArg ? Math.ceil(eventsArg / 2) : long ? 2500 : 500, kills: long ? 3 : 1 });
  });
  await scenario("outage", async () => {
    const { databaseOutage } = await import("./database-outage");
    await databaseOutage({ outageMs: long ? 20_000 : 4_000 });
  });
  await scenario("backup", async () => {
    const { backupWhileWriting } = await import("./backup-restore");
    await backupWhileWriting({ writers: long ? 4 : 2, rounds: long ? 3 : 1, events: long ? 1200 : 200 });
  });
  await scenario("fuzz", async () => {
    const { fuzzInputs } = await import("./fuzz-inputs");
    await fuzzInputs({ runsPerAction: long ? 40 : 6, runsPerRoute: long ? 80 : 12 });
  });
} finally {
  const { closeAllDatabases } = await import("@/db/connection");
  closeAllDatabases();
  removeTempFolders();
}

console.log("\n══ reliability summary");
console.table(results.map((r) => ({ scenario: r.scenario, check: r.check, figure: r.figure.length > 110 ? `${r.figure.slice(0, 107)}…` : r.figure, result: r.ok ? "pass" : "FAIL" })));
console.table(timings);
const failed = results.filter((r) => !r.ok);
console.log(failed.length ? `${failed.length} of ${results.length} checks FAILED` : `all ${results.length} checks passed`);
process.exit(failed.length || results.length === 0 ? 1 : 0);
