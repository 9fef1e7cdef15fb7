/**
 * Applies each database's migrations from drizzle/<name>. Idempotent: drizzle records applied migrations in
 * `__drizzle_migrations`, so running it at every start is a no-op when nothing is new.
 */
import { migrate } from "drizzle-orm/libsql/migrator";
import { drizzle } from "drizzle-orm/libsql";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { DATABASE_NAMES, databaseConfig, type DatabaseName } from "@/lib/env";
import { describeDatabaseError, filePathOf, openClient } from "./connection";

export const MIGRATIONS_ROOT = path.resolve(process.cwd(), "drizzle");

export function migrationsFolder(name: DatabaseName): string {
  return path.join(MIGRATIONS_ROOT, name);
}

/** How many migrations the shipped code expects for this database. */
export function expectedMigrationCount(name: DatabaseName): number {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder(name), "meta", "_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

export interface MigrationResult {
  name: DatabaseName;
  applied: number;
  before: number;
  after: number;
}

async function appliedCount(name: DatabaseName): Promise<number> {
  const client = openClient(databaseConfig(name));
  const table = await client.execute(
    "select count(*) as n from sqlite_master where type = 'table' and name = '__drizzle_migrations'",
  );
  if (Number(table.rows[0]?.n ?? 0) === 0) return 0;
  const rows = await client.execute("select count(*) as n from __drizzle_migrations");
  return Number(rows.rows[0]?.n ?? 0);
}

export async function migrateDatabase(name: DatabaseName, options: { createDirectory?: boolean } = {}): Promise<MigrationResult> {
  const config = databaseConfig(name);
  const file = filePathOf(config.url);
  if (file && options.createDirectory !== false) mkdirSync(path.dirname(path.resolve(/*turbopackIgnore: true*/ file)), { recursive: true });
  try {
    const client = openClient(config);
    if (file) {
      // WAL is stored in the file: readers never block the writer, and backups can run while the app writes.
      await client.execute("PRAGMA journal_mode = WAL");
    }
    const before = await appliedCount(name);
    await migrate(drizzle({ client }), { migrationsFolder: migrationsFolder(name) });
    const after = await appliedCount(name);
    return { name, applied: after - before, before, after };
  } catch (error) {
    throw describeDatabaseError(config, error);
  }
}

export async function migrateAll(options: { createDirectory?: boolean } = {}): Promise<MigrationResult[]> {
  const results: MigrationResult[] = [];
  for (const name of DATABASE_NAMES) results.push(await migrateDatabase(name, options));
  return results;
}

export { appliedCount as appliedMigrationCount };
