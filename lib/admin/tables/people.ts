import "server-only";
/**
 * Cross-database lookups the tables need: rows in billing, vpn or ops hold user ids (no cross-database joins,
 * DESIGN.md), so emails are fetched for one page or export chunk at a time, and a search by email becomes a
 * list of ids first.
 */
import { and, gte, inArray, lt } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";

export interface PersonRef {
  id: string;
  email: string;
  name: string | null;
}

export async function peopleById(ids: ReadonlyArray<string | null | undefined>): Promise<Map<string, PersonRef>> {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (!unique.length) return new Map();
  const out = new Map<string, PersonRef>();
  // Batches keep the IN list under SQLite's bound-parameter limit for export chunks of any size.
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await identityDb()
      .select({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(inArray(users.id, unique.slice(i, i + 500)));
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

/** Ids of people whose email starts with `term` (emails are stored lower-cased; the unique index serves the range). */
export async function personIdsByEmailPrefix(term: string, limit = 500): Promise<string[]> {
  const t = term.trim().toLowerCase();
  if (!t) return [];
  const rows = await identityDb()
    .select({ id: users.id })
    .from(users)
    .where(and(gte(users.email, t), lt(users.email, `${t}\uffff`)))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Adds `customerEmail`/`customerName` for a `customerId` field (or another id field). */
export async function withPeople<Out>(rows: Array<Record<string, unknown>>, idField = "customerId", prefix = "customer"): Promise<Out[]> {
  const people = await peopleById(rows.map((r) => r[idField] as string | null));
  return rows.map((r) => {
    const p = people.get(r[idField] as string);
    return { ...r, [`${prefix}Email`]: p?.email ?? null, [`${prefix}Name`]: p?.name ?? null } as Out;
  });
}
