/** Runs drizzle-kit generate for every database's config (one config per database, STACK-NOTES.md). */
import { spawnSync } from "node:child_process";
import { DATABASE_NAMES } from "@/lib/env";

const extra = process.argv.slice(2);
for (const name of DATABASE_NAMES) {
  console.log(`\n── ${name}`);
  const run = spawnSync("npx", ["drizzle-kit", "generate", `--config=db/${name}/drizzle.config.ts`, ...extra], {
    stdio: "inherit",
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
