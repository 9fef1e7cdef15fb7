import "server-only";
/** Staff-side reads of customer accounts (identity database). Callers check `customers.read` first. */
import { and, count, desc, eq, like, or } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import { notFound } from "@/lib/errors";

export interface CustomerRow {
  id: string;
  email: string;
  name: string | null;
  status: string;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
}

const columns = {
  id: users.id,
  email: users.email,
  name: users.name,
  status: users.status,
  emailVerified: users.emailVerified,
  twoFactorEnabled: users.twoFactorEnabled,
  lastSignInAt: users.lastSignInAt,
  createdAt: users.createdAt,
  lockedUntil: users.lockedUntil,
};

export async function listCustomers(options: { q?: string; page?: number; pageSize?: number } = {}) {
  const pageSize = Math.min(100, Math.max(1, options.pageSize ?? 25));
  const page = Math.max(1, options.page ?? 1);
  const q = options.q?.trim().toLowerCase().slice(0, 100);
  const filter = and(
    eq(users.role, "customer"),
    q ? or(like(users.email, `%${q.replace(/[%_]/g, "")}%`), like(users.name, `%${q.replace(/[%_]/g, "")}%`)) : undefined,
  );
  const db = identityDb();
  const [rows, [total]] = await Promise.all([
    db.select(columns).from(users).where(filter).orderBy(desc(users.createdAt)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ n: count() }).from(users).where(filter),
  ]);
  return {
    rows: rows.map((r) => ({ ...r, emailVerified: Boolean(r.emailVerified) })) satisfies CustomerRow[],
    total: total?.n ?? 0,
    page,
    pageSize,
  };
}

export async function getCustomerForStaff(id: string) {
  const [row] = await identityDb()
    .select(columns)
    .from(users)
    .where(and(eq(users.id, id), eq(users.role, "customer")))
    .limit(1);
  if (!row) throw notFound("That customer does not exist.");
  return { ...row, emailVerified: Boolean(row.emailVerified) };
}
