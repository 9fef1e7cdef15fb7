import "server-only";
/**
 * The job tables as the worker sees them. Every database carries the same `jobs` and `job_effects` tables
 * (db/shared-tables.ts), so one pair of table objects serves queries against any of the eight databases.
 * The worker talks to each database through a schema-less drizzle instance over the shared client: it must
 * not register its own schema in db/connection's cache, where `opsDb()` and friends expect their full schema.
 */
import type { ResultSet } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { openClient } from "@/db/connection";
import { jobEffectsTable, jobsTable } from "@/db/shared-tables";
import { databaseConfig, type DatabaseName } from "@/lib/env";

export const jobs = jobsTable();
export const jobEffects = jobEffectsTable();

export type JobRow = typeof jobs.$inferSelect;

/**
 * Any libSQL drizzle database or a transaction of one. Enqueuing through a transaction of the database
 * whose change it follows is the transactional outbox.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JobExecutor = BaseSQLiteDatabase<"async", ResultSet, any, any>;

/** The transaction type `db.transaction(fn)` hands to `fn` for a given database. */
export type TransactionOf<D extends JobExecutor> = Parameters<Parameters<D["transaction"]>[0]>[0];

const instances = new WeakMap<object, LibSQLDatabase>();

/** A drizzle instance for the job tables of one database (re-resolved each time: clients may be closed and reopened). */
export function jobsDatabase(name: DatabaseName): LibSQLDatabase {
  const client = openClient(databaseConfig(name));
  let db = instances.get(client);
  if (!db) {
    db = drizzle({ client });
    instances.set(client, db);
  }
  return db;
}
