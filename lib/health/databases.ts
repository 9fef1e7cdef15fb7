import "server-only";
/**
 * Reachability and migration level of each database, for /api/health and the admin dashboard.
 * The probe takes and releases the write lock, so a database that is locked or read-only is reported as such,
 * and it never creates a missing database file (libSQL would silently create an empty one).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { describeDatabaseError, filePathOf, openClient, redactUrl } from "@/db/connection";
import { expectedMigrationCount } from "@/db/migrate";
import { DATABASE_NAMES, databaseConfig, type DatabaseName } from "@/lib/env";

export interface DatabaseHealth {
  name: DatabaseName;
  url: string;
  ok: boolean;
  reachable: boolean;
  migrations: { applied: number; expected: number; upToDate: boolean };
  latencyMs: number;
  error?: string;
}

export async function checkDatabase(name: DatabaseName): Promise<DatabaseHealth> {
  const config = databaseConfig(name);
  const started = performance.now();
  const expected = expectedMigrationCount(name);
  const base = { name, url: redactUrl(config.url), migrations: { applied: 0, expected, upToDate: false } };
  const file = filePathOf(config.url);
  const fail = (error: string): DatabaseHealth => ({
    ...base,
    ok: false,
    reachable: false,
    latencyMs: Math.round(performance.now() - started),
    error,
  });
  if (file) {
    const dir = path.dirname(path.resolve(/*turbopackIgnore: true*/ file));
    if (!existsSync(dir)) return fail(`directory ${path.dirname(file)} does not exist`);
    if (!existsSync(file)) return fail(`${file} does not exist (run \`npm run db:migrate\`)`);
  }
  try {
    const client = openClient(config);
    const tx = await client.transaction("write");
    let applied = 0;
    try {
      const result = await tx.execute(
        "select count(*) as n from sqlite_master where type = 'table' and name = '__drizzle_migrations'",
      );
      if (Number(result.rows[0]?.n ?? 0) > 0) {
        applied = Number((await tx.execute("select count(*) as n from __drizzle_migrations")).rows[0]?.n ?? 0);
      }
      // Proves the file is writable, not just readable (a read-only file passes reads).
      await tx.execute("create table if not exists __health_probe (x integer)");
    } finally {
      await tx.rollback().catch(() => undefined);
      tx.close();
    }
    const upToDate = applied >= expected;
    return {
      ...base,
      ok: upToDate,
      reachable: true,
      migrations: { applied, expected, upToDate },
      latencyMs: Math.round(performance.now() - started),
      ...(upToDate ? {} : { error: `${expected - applied} migration(s) pending (run \`npm run db:migrate\`)` }),
    };
  } catch (error) {
    return fail(describeDatabaseError(config, error).reason);
  }
}

export async function checkAllDatabases(): Promise<{ ok: boolean; databases: DatabaseHealth[] }> {
  const databases = await Promise.all(DATABASE_NAMES.map(checkDatabase));
  return { ok: databases.every((d) => d.ok), databases };
}
