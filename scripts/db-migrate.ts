/** `npm run db:migrate`: applies pending migrations to all eight databases. Safe to run at every start. */
import { migrateAll } from "@/db/migrate";
import { closeAllDatabases, redactUrl } from "@/db/connection";
import { databaseConfig, EnvError } from "@/lib/env";

try {
  const results = await migrateAll();
  for (const r of results) {
    const where = redactUrl(databaseConfig(r.name).url);
    console.log(`${r.name.padEnd(9)} ${where}  ${r.applied ? `applied ${r.applied}` : "up to date"} (level ${r.after})`);
  }
  closeAllDatabases();
} catch (error) {
  console.error(error instanceof EnvError || error instanceof Error ? error.message : error);
  process.exit(1);
}
