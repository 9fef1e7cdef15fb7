import "server-only";
/** Identity lookups the support desk needs (identity is another database: ids only, resolved here). */
import { and, eq, inArray } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { STAFF_ROLES, users } from "@/db/identity/schema";

export interface Person {
  id: string;
  email: string;
  name: string | null;
  role: string;
}

export async function peopleByIds(ids: Array<string | null | undefined>): Promise<Map<string, Person>> {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (unique.length === 0) return new Map();
  const rows = await identityDb().select({ id: users.id, email: users.email, name: users.name, role: users.role }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function personByEmail(email: string): Promise<Person | null> {
  const [row] = await identityDb()
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .limit(1);
  return row ?? null;
}

export async function isActiveStaff(userId: string): Promise<boolean> {
  const [row] = await identityDb()
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), inArray(users.role, [...STAFF_ROLES]), eq(users.status, "active")))
    .limit(1);
  return Boolean(row);
}

/** Staff who can be assigned tickets, by name. */
export async function listAssignableStaff(): Promise<Person[]> {
  const rows = await identityDb()
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(and(inArray(users.role, [...STAFF_ROLES]), eq(users.status, "active")));
  return rows.sort((a, b) => (a.name ?? a.email).localeCompare(b.name ?? b.email));
}
