import "server-only";
/**
 * Audit rows are written with the same database handle (usually the transaction) as the change they record,
 * so a change and its audit entry commit or roll back together (DESIGN.md). Secrets never reach a row.
 */
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import { auditLogTable } from "@/db/shared-tables";

export interface AuditActor {
  /** Staff (or customer) user id; null for the system. */
  id: string | null;
  email?: string | null;
  /** Set while staff impersonate a customer. */
  onBehalfOf?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { id: null, email: "system" };

const SECRET_KEY = /pass(word)?|secret|token|hash|private|api_?key|totp|recovery|credential|cvc|card_?number|authorization/i;

/** Replaces the value of every secret-looking key, at any depth. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? (v == null ? v : "[redacted]") : redact(v)]),
    );
  }
  return value;
}

type AnyDatabase = Pick<LibSQLDatabase<Record<string, unknown>>, "insert">;
type AuditTable = ReturnType<typeof auditLogTable>;

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** `table` is the `auditLog` export of the database being changed (every schema has one). */
export async function writeAudit(db: AnyDatabase, table: AuditTable, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await db.insert(table).values({
    actorId: actor.id,
    actorEmail: actor.email ?? null,
    onBehalfOf: actor.onBehalfOf ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: (entry.before ? redact(entry.before) : null) as Record<string, unknown> | null,
    after: (entry.after ? redact(entry.after) : null) as Record<string, unknown> | null,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ?? null,
  });
}
