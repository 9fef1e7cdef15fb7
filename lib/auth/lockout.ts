import "server-only";
/**
 * Progressive lock-out: every 5th consecutive failed sign-in locks the account, for 1 minute the first time and
 * twice as long each further 5 failures, capped at 1 hour. A successful sign-in (or a password reset) resets it.
 * The counter is incremented atomically in the database, so failures through different app instances add up.
 * While locked, attempts are refused without checking the password, so the lock actually stops guessing.
 */
import { eq, sql } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { auditLog, users } from "@/db/identity/schema";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { notFound } from "@/lib/errors";
import { getSecuritySettings } from "@/lib/settings";
import type { RequestContext } from "@/lib/security/request-context";
import { recordAuthEvent, type IdentityExecutor } from "./events";

export const LOCKOUT_POLICY = {
  /** Failures per step. */
  threshold: 5,
  firstLockMs: 60_000,
  maxLockMs: 60 * 60_000,
} as const;

export interface LockoutPolicy {
  threshold: number;
  firstLockMs: number;
  maxLockMs: number;
}

/** How long the `failures`-th consecutive failure locks the account for (0: it does not). */
export function lockDurationMs(failures: number, policy: LockoutPolicy = LOCKOUT_POLICY): number {
  const { threshold, firstLockMs, maxLockMs } = policy;
  if (!Number.isInteger(failures) || failures < threshold || failures % threshold !== 0) return 0;
  const doublings = Math.min(failures / threshold - 1, 20);
  return Math.min(firstLockMs * 2 ** doublings, maxLockMs);
}

export function isLocked(user: { lockedUntil: Date | null }, now: Date = new Date()): boolean {
  return user.lockedUntil !== null && user.lockedUntil.getTime() > now.getTime();
}

export interface FailedSignInResult {
  failedSignIns: number;
  /** Set when this failure locked the account. */
  lockedUntil: Date | null;
}

/** Counts one failed sign-in; locks the account (and records a `locked` event) when it reaches a threshold. */
export async function registerFailedSignIn(
  db: IdentityExecutor,
  user: { id: string; email: string },
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<FailedSignInResult> {
  const [row] = await db
    .update(users)
    .set({ failedSignIns: sql`${users.failedSignIns} + 1` })
    .where(eq(users.id, user.id))
    .returning({ failedSignIns: users.failedSignIns });
  if (!row) return { failedSignIns: 0, lockedUntil: null };
  // The thresholds are admin settings (Settings → Security); defaults are LOCKOUT_POLICY.
  const security = await getSecuritySettings();
  const durationMs = lockDurationMs(row.failedSignIns, { threshold: security.lockoutThreshold, firstLockMs: security.firstLockMs, maxLockMs: security.maxLockMs });
  if (durationMs === 0) return { failedSignIns: row.failedSignIns, lockedUntil: null };
  const lockedUntil = new Date(now.getTime() + durationMs);
  await db.update(users).set({ lockedUntil }).where(eq(users.id, user.id));
  await recordAuthEvent(db, {
    type: "locked",
    reason: "too_many_failures",
    userId: user.id,
    email: user.email,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    metadata: { failures: row.failedSignIns, durationMs, lockedUntil: lockedUntil.toISOString() },
    at: now,
  });
  return { failedSignIns: row.failedSignIns, lockedUntil };
}

/** After a successful sign-in or a password reset. */
export async function clearFailedSignIns(db: IdentityExecutor, userId: string): Promise<void> {
  await db.update(users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(users.id, userId));
}

/** Staff lift a lock-out early (audited; the user sees an `unlocked` event). */
export async function unlockUser(actor: AuditActor, userId: string): Promise<void> {
  await identityDb().transaction(async (tx) => {
    const [before] = await tx
      .select({ id: users.id, email: users.email, failedSignIns: users.failedSignIns, lockedUntil: users.lockedUntil })
      .from(users)
      .where(eq(users.id, userId))
      .limit(1);
    if (!before) throw notFound("That user does not exist.");
    await clearFailedSignIns(tx, userId);
    await recordAuthEvent(tx, { type: "unlocked", reason: "staff", userId, email: before.email, ip: actor.ip, userAgent: actor.userAgent });
    await writeAudit(tx, auditLog, actor, {
      action: "user.unlocked",
      entityType: "user",
      entityId: userId,
      before: { failedSignIns: before.failedSignIns, lockedUntil: before.lockedUntil },
      after: { failedSignIns: 0, lockedUntil: null },
    });
  });
}
