import "server-only";
/**
 * Authentication events: sign-ins (success and failure with a machine-readable reason), lock-outs, password
 * and email changes, 2FA, session revocations. Users see their own as "recent sign-ins", staff see all.
 * Rows never hold a secret: only the fields below are stored, metadata goes through redact(), and a value typed
 * into the email box that is not an email (a password typed in the wrong field) is not kept.
 */
import type { ResultSet } from "@libsql/client";
import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { identityDb } from "@/db/identity/client";
import type * as identitySchema from "@/db/identity/schema";
import { AUTH_EVENT_TYPES, authEvents, type AuthEventType } from "@/db/identity/schema";
import { redact } from "@/lib/audit";
import { normalizeIp, normalizeUserAgent } from "@/lib/security/request-context";

/** The identity database or one of its transactions (both are this base type). */
export type IdentityExecutor = BaseSQLiteDatabase<"async", ResultSet, typeof identitySchema>;

export interface AuthEventInput {
  type: AuthEventType;
  /** Machine-readable cause, e.g. `bad_password`, `unknown_email`, `locked`. */
  reason?: string | null;
  userId?: string | null;
  email?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  provider?: string | null;
  metadata?: Record<string, unknown> | null;
  /** Defaults to the database clock. */
  at?: Date;
}

const MAX_METADATA_JSON = 2_000;

/** Lower-cased and trimmed when it looks like an email address, otherwise null. */
export function eventEmail(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const email = value.trim().toLowerCase();
  if (email.length === 0 || email.length > 254) return null;
  return /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
}

function eventReason(value: string | null | undefined): string | null {
  if (!value) return null;
  return /^[a-z0-9_.:-]{1,64}$/.test(value) ? value : "other";
}

function eventMetadata(value: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  const safe = redact(value) as Record<string, unknown>;
  return JSON.stringify(safe).length > MAX_METADATA_JSON ? { truncated: true } : safe;
}

export async function recordAuthEvent(db: IdentityExecutor, input: AuthEventInput): Promise<string> {
  if (!AUTH_EVENT_TYPES.includes(input.type)) throw new Error(`recordAuthEvent: unknown type ${String(input.type)}`);
  const [row] = await db
    .insert(authEvents)
    .values({
      type: input.type,
      reason: eventReason(input.reason),
      userId: input.userId ?? null,
      email: eventEmail(input.email),
      ip: normalizeIp(input.ip),
      userAgent: normalizeUserAgent(input.userAgent),
      provider: input.provider ? input.provider.slice(0, 32) : null,
      metadata: eventMetadata(input.metadata),
      ...(input.at ? { createdAt: input.at } : {}),
    })
    .returning({ id: authEvents.id });
  return row!.id;
}

export interface UserAuthEvent {
  id: string;
  type: AuthEventType;
  reason: string | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
}

const clampLimit = (limit: number | undefined, fallback: number, max: number) =>
  Math.min(max, Math.max(1, Number.isInteger(limit) ? (limit as number) : fallback));

/** A user's own security history ("recent sign-ins"), newest first. */
export async function listAuthEventsForUser(userId: string, options: { limit?: number } = {}): Promise<UserAuthEvent[]> {
  return identityDb()
    .select({
      id: authEvents.id,
      type: authEvents.type,
      reason: authEvents.reason,
      ip: authEvents.ip,
      userAgent: authEvents.userAgent,
      createdAt: authEvents.createdAt,
    })
    .from(authEvents)
    .where(eq(authEvents.userId, userId))
    .orderBy(desc(authEvents.createdAt), desc(authEvents.id))
    .limit(clampLimit(options.limit, 20, 100));
}

export interface StaffAuthEvent extends UserAuthEvent {
  userId: string | null;
  email: string | null;
  provider: string | null;
  metadata: Record<string, unknown> | null;
}

export interface ListAuthEventsOptions {
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string | null;
  type?: AuthEventType;
  email?: string;
  userId?: string;
  ip?: string;
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.getTime(), id])).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  try {
    const [ms, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof ms !== "number" || !Number.isFinite(ms) || typeof id !== "string") return null;
    return { createdAt: new Date(ms), id };
  } catch {
    return null;
  }
}

/** All events for staff, newest first, keyset-paginated. An invalid cursor starts from the top. */
export async function listAuthEvents(options: ListAuthEventsOptions = {}): Promise<{ items: StaffAuthEvent[]; nextCursor: string | null }> {
  const limit = clampLimit(options.limit, 50, 200);
  const where: SQL[] = [];
  if (options.type) where.push(eq(authEvents.type, options.type));
  if (options.email) where.push(eq(authEvents.email, options.email.trim().toLowerCase()));
  if (options.userId) where.push(eq(authEvents.userId, options.userId));
  if (options.ip) {
    const ip = normalizeIp(options.ip);
    if (!ip) return { items: [], nextCursor: null };
    where.push(eq(authEvents.ip, ip));
  }
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  if (cursor) {
    where.push(
      or(lt(authEvents.createdAt, cursor.createdAt), and(eq(authEvents.createdAt, cursor.createdAt), lt(authEvents.id, cursor.id)))!,
    );
  }
  const rows = await identityDb()
    .select({
      id: authEvents.id,
      type: authEvents.type,
      reason: authEvents.reason,
      userId: authEvents.userId,
      email: authEvents.email,
      ip: authEvents.ip,
      userAgent: authEvents.userAgent,
      provider: authEvents.provider,
      metadata: authEvents.metadata,
      createdAt: authEvents.createdAt,
    })
    .from(authEvents)
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(desc(authEvents.createdAt), desc(authEvents.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

/**
 * Sign-in history is personal data: keep it as long as it helps the customer and staff spot abuse (a year by
 * default), then delete it. Deleting by age is naturally idempotent, so the daily job can re-run safely.
 */
export async function pruneAuthEvents(now: Date, keepMs: number): Promise<number> {
  const deleted = await identityDb()
    .delete(authEvents)
    .where(lt(authEvents.createdAt, new Date(now.getTime() - keepMs)))
    .returning({ id: authEvents.id });
  return deleted.length;
}
