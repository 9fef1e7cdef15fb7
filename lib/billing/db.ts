import "server-only";
/** Handles on the billing database: the database itself or one of its transactions. */
import type { ResultSet } from "@libsql/client";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { BaseSQLiteDatabase, SQLiteTransaction } from "drizzle-orm/sqlite-core";
import { billingDb } from "@/db/billing/client";
import type * as schema from "@/db/billing/schema";

export type BillingDatabase = ReturnType<typeof billingDb>;
export type BillingTransaction = SQLiteTransaction<"async", ResultSet, typeof schema, ExtractTablesWithRelations<typeof schema>>;
/** Anything queries can run on: the database or a transaction of it. */
export type BillingExecutor = BaseSQLiteDatabase<"async", ResultSet, typeof schema>;

/**
 * Runs `fn` in a transaction: a new one on the billing database, or the caller's own when `tx` is given (so a
 * service can be called on its own or as part of a larger change, e.g. placing an order pays with credit).
 */
export async function inBillingTransaction<T>(tx: BillingExecutor | undefined, fn: (tx: BillingExecutor) => Promise<T>): Promise<T> {
  if (tx) return fn(tx);
  return billingDb().transaction((t) => fn(t));
}

/** True for a SQLite UNIQUE constraint failure (drizzle wraps the driver error). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: string }).code ?? "";
    const message = e instanceof Error ? e.message : "";
    if (/SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)/.test(code) || /UNIQUE constraint failed/.test(message)) return true;
    if (e === (e as { cause?: unknown }).cause) break;
  }
  return false;
}
