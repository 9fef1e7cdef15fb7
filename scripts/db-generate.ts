/**
 * Runs drizzle-kit generate for every database's config (one config per database, STACK-NOTES.md).
 * `npm run db:generate -- support content` limits it to the named databases, so work on one domain never
 * sweeps another domain's half-finished schema edits into a migration.
 */
import { spawnSync } from "node:child_process";
import { DATABASE_NAMES } from "@/lib/env";

const args = process.argv.slice(2);
const named = args.filter((a) => (DATABASE_NAMES as readonly string[]).includes(a));
const extra = args.filter((a) => !named.includes(a));
for (const name of named.length ? named : DATABASE_NAMES) {
  console.log(`\n── ${name}`);
  const run = spawnSync("npx", ["drizzle-kit", "generate", `--config=db/${name}/drizzle.config.ts`, ...extra], {
    stdio: "inherit",
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
