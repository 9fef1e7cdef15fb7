/**
 * Column conventions shared by every database:
 * - ids are text (UUIDv7-style, time-ordered so inserts stay at the end of the index);
 * - time is UTC unix epoch milliseconds in INTEGER columns, read as Date (`timestamp_ms`), everywhere;
 * - money is INTEGER minor units (cents) next to an ISO 4217 currency code. Never REAL.
 */
import { sql } from "drizzle-orm";
import { integer, text } from "drizzle-orm/sqlite-core";
import { randomBytes } from "node:crypto";

/** Time-ordered random id (UUIDv7 layout): sortable by creation, unguessable. */
export function newId(): string {
  const bytes = randomBytes(16);
  const ms = BigInt(Date.now());
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const id = (name = "id") => text(name).primaryKey().$defaultFn(newId);

/** A reference to a row in this or another database (no cross-database foreign keys; checked in lib/). */
export const ref = (name: string) => text(name);

export const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

export const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(cast(unixepoch('subsecond') * 1000 as integer))`);

export const updatedAt = () =>
  integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(cast(unixepoch('subsecond') * 1000 as integer))`)
    .$onUpdateFn(() => new Date());

export const timestamps = () => ({ createdAt: createdAt(), updatedAt: updatedAt() });

/** Integer minor units (cents). */
export const money = (name: string) => integer(name);

/** ISO 4217 code, upper case. */
export const currency = (name = "currency") => text(name, { length: 3 });

export const boolean = (name: string) => integer(name, { mode: "boolean" });

export const json = <T>(name: string) => text(name, { mode: "json" }).$type<T>();
