import "server-only";
/**
 * Sign-in sessions. Auth.js keeps a JWT in the cookie; each JWT carries the user id, the user's session version
 * and the id of a `user_sessions` row. validateSessionClaims() checks all three on every request, so:
 * - bumping `users.session_version` (password change, "sign out everywhere", suspension) kills every JWT at once;
 * - revoking one row kills one device's session;
 * - a suspended or deleted user is signed out at their next request.
 */
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { auditLog, userSessions, users, type UserRole } from "@/db/identity/schema";
import { SYSTEM_ACTOR, writeAudit } from "@/lib/audit";
import { notFound } from "@/lib/errors";
import { normalizeIp, normalizeUserAgent, type RequestContext } from "@/lib/security/request-context";
import { recordAuthEvent, type IdentityExecutor } from "./events";
import { isStaffRole, roleHasPermission } from "./permissions";

/** Default lifetime of a session (the JWT's maxAge should match). */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60_000;
/** lastSeenAt is written at most this often per session: a write per request would serialise every request. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

export interface Actor {
  userId: string;
  email: string;
  name: string | null;
  role: UserRole;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  sessionId: string;
  /** Staff user signed in as this customer, or null. */
  impersonatorId: string | null;
}

export interface SessionClaims {
  userId: string;
  sessionVersion: number;
  sessionId: string;
}

export interface OpenSessionOptions {
  impersonatorId?: string | null;
  ttlMs?: number;
  now?: Date;
}

/**
 * Inserts a session row inside the caller's transaction (an impersonation start writes its audit row in the same
 * one). With `impersonatorId`, records `impersonation_started` with the staff session to return to.
 */
export async function insertUserSession(
  tx: IdentityExecutor,
  userId: string,
  ctx: RequestContext,
  options: OpenSessionOptions & { returnSessionId?: string | null } = {},
): Promise<{ sessionId: string; expiresAt: Date }> {
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (options.ttlMs ?? SESSION_TTL_MS));
  const [row] = await tx
    .insert(userSessions)
    .values({
      userId,
      ip: normalizeIp(ctx.ip),
      userAgent: normalizeUserAgent(ctx.userAgent),
      impersonatorId: options.impersonatorId ?? null,
      lastSeenAt: now,
      expiresAt,
      createdAt: now,
    })
    .returning({ id: userSessions.id });
  if (options.impersonatorId) {
    await recordAuthEvent(tx, {
      type: "impersonation_started",
      userId,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      metadata: { impersonatorId: options.impersonatorId, sessionId: row!.id, returnSessionId: options.returnSessionId ?? null },
      at: now,
    });
  }
  return { sessionId: row!.id, expiresAt };
}

/** Records a new session (call right after a successful sign-in); put the id in the JWT. */
export async function openUserSession(
  userId: string,
  ctx: RequestContext,
  options: OpenSessionOptions = {},
): Promise<{ sessionId: string; expiresAt: Date }> {
  return identityDb().transaction((tx) => insertUserSession(tx, userId, ctx, options));
}

/**
 * An impersonation session lives only while the staff member behind it still may impersonate: active, staff,
 * 2FA on and holding `customers.impersonate` now (not when it started). Otherwise it is ended here, recorded
 * (auth event + audit row), and the request is treated as signed out.
 */
async function impersonatorStillAllowed(impersonatorId: string): Promise<boolean> {
  const [staff] = await identityDb()
    .select({ role: users.role, status: users.status, twoFactorEnabled: users.twoFactorEnabled })
    .from(users)
    .where(eq(users.id, impersonatorId))
    .limit(1);
  if (!staff || staff.status !== "active" || !staff.twoFactorEnabled || !isStaffRole(staff.role)) return false;
  return roleHasPermission(staff.role, IMPERSONATE_PERMISSION);
}

export const IMPERSONATE_PERMISSION = "customers.impersonate";

async function endRevokedImpersonation(sessionId: string, userId: string, impersonatorId: string, now: Date): Promise<void> {
  await identityDb().transaction(async (tx) => {
    const [row] = await tx
      .update(userSessions)
      .set({ revokedAt: now })
      .where(and(eq(userSessions.id, sessionId), isNull(userSessions.revokedAt)))
      .returning({ id: userSessions.id });
    if (!row) return;
    await recordAuthEvent(tx, {
      type: "impersonation_ended",
      reason: "impersonator_revoked",
      userId,
      metadata: { impersonatorId, sessionId },
      at: now,
    });
    await writeAudit(tx, auditLog, { ...SYSTEM_ACTOR, onBehalfOf: userId }, {
      action: "customer.impersonation_ended",
      entityType: "user",
      entityId: userId,
      before: { sessionId, impersonatorId },
      after: { reason: "the staff member was suspended or lost the permission" },
    });
  });
}

/**
 * The acting user for a JWT's claims, or null when the session must end: user gone or not active, session
 * version changed, session row missing, revoked, expired or belonging to someone else.
 */
export async function validateSessionClaims(claims: SessionClaims, now: Date = new Date()): Promise<Actor | null> {
  if (
    !claims ||
    typeof claims.userId !== "string" ||
    typeof claims.sessionId !== "string" ||
    typeof claims.sessionVersion !== "number" ||
    claims.sessionId.length > 64 ||
    claims.userId.length > 64
  ) {
    return null;
  }
  const [row] = await identityDb()
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      status: users.status,
      sessionVersion: users.sessionVersion,
      emailVerified: users.emailVerified,
      twoFactorEnabled: users.twoFactorEnabled,
      sessionId: userSessions.id,
      impersonatorId: userSessions.impersonatorId,
      expiresAt: userSessions.expiresAt,
      revokedAt: userSessions.revokedAt,
      lastSeenAt: userSessions.lastSeenAt,
    })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(and(eq(userSessions.id, claims.sessionId), eq(userSessions.userId, claims.userId)))
    .limit(1);
  if (!row) return null;
  if (row.status !== "active") return null;
  if (row.sessionVersion !== claims.sessionVersion) return null;
  if (row.revokedAt) return null;
  if (row.expiresAt.getTime() <= now.getTime()) return null;
  if (row.impersonatorId && !(await impersonatorStillAllowed(row.impersonatorId))) {
    await endRevokedImpersonation(row.sessionId, row.userId, row.impersonatorId, now);
    return null;
  }
  if (!row.lastSeenAt || now.getTime() - row.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    await identityDb().update(userSessions).set({ lastSeenAt: now }).where(eq(userSessions.id, row.sessionId));
  }
  return {
    userId: row.userId,
    email: row.email,
    name: row.name,
    role: row.role,
    emailVerified: row.emailVerified !== null,
    twoFactorEnabled: row.twoFactorEnabled,
    sessionId: row.sessionId,
    impersonatorId: row.impersonatorId,
  };
}

export interface UserSessionView {
  id: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date | null;
  expiresAt: Date;
  /** True for the session making the request (when its id is given). */
  current: boolean;
  /** A staff member signed in as this user. */
  impersonated: boolean;
}

/** The user's live sessions ("your devices"), most recently used first. */
export async function listUserSessions(
  userId: string,
  options: { currentSessionId?: string | null; now?: Date } = {},
): Promise<UserSessionView[]> {
  const now = options.now ?? new Date();
  const rows = await identityDb()
    .select({
      id: userSessions.id,
      ip: userSessions.ip,
      userAgent: userSessions.userAgent,
      createdAt: userSessions.createdAt,
      lastSeenAt: userSessions.lastSeenAt,
      expiresAt: userSessions.expiresAt,
      impersonatorId: userSessions.impersonatorId,
    })
    .from(userSessions)
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt), gt(userSessions.expiresAt, now)))
    .orderBy(desc(sql`coalesce(${userSessions.lastSeenAt}, ${userSessions.createdAt})`), desc(userSessions.id))
    .limit(200);
  return rows.map(({ impersonatorId, ...row }) => ({
    ...row,
    current: options.currentSessionId != null && row.id === options.currentSessionId,
    impersonated: impersonatorId !== null,
  }));
}

/** Revokes one of the user's own sessions. Another user's (or an unknown) id is NOT_FOUND; revoking twice is fine. */
export async function revokeUserSession(userId: string, sessionId: string, ctx?: RequestContext, now: Date = new Date()): Promise<void> {
  if (typeof sessionId !== "string" || sessionId.length === 0 || sessionId.length > 64) throw notFound("That session does not exist.");
  await identityDb().transaction(async (tx) => {
    const [row] = await tx
      .select({ id: userSessions.id, revokedAt: userSessions.revokedAt })
      .from(userSessions)
      .where(and(eq(userSessions.id, sessionId), eq(userSessions.userId, userId)))
      .limit(1);
    if (!row) throw notFound("That session does not exist.");
    if (row.revokedAt) return;
    await tx.update(userSessions).set({ revokedAt: now }).where(and(eq(userSessions.id, sessionId), eq(userSessions.userId, userId)));
    await recordAuthEvent(tx, {
      type: "sessions_revoked",
      reason: "single",
      userId,
      ip: ctx?.ip,
      userAgent: ctx?.userAgent,
      metadata: { sessionId },
      at: now,
    });
  });
}

/** Sign-out of the current session: revokes its row and records `sign_out`. Unknown or foreign ids do nothing. */
export async function endUserSession(userId: string, sessionId: string, ctx: RequestContext, now: Date = new Date()): Promise<void> {
  await identityDb().transaction(async (tx) => {
    const [row] = await tx
      .update(userSessions)
      .set({ revokedAt: now })
      .where(and(eq(userSessions.id, sessionId), eq(userSessions.userId, userId), isNull(userSessions.revokedAt)))
      .returning({ impersonatorId: userSessions.impersonatorId });
    if (!row) return;
    await recordAuthEvent(tx, {
      type: row.impersonatorId ? "impersonation_ended" : "sign_out",
      userId,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      metadata: row.impersonatorId ? { impersonatorId: row.impersonatorId, sessionId } : { sessionId },
      at: now,
    });
  });
}

/**
 * Bumps the session version and revokes every session row inside `db` (a transaction of the caller: password
 * reset, email change, suspension). Returns the new session version.
 */
export async function revokeAllSessionsIn(db: IdentityExecutor, userId: string, now: Date = new Date()): Promise<number> {
  const [row] = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .returning({ sessionVersion: users.sessionVersion });
  if (!row) throw notFound("That user does not exist.");
  await db
    .update(userSessions)
    .set({ revokedAt: now })
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt)));
  return row.sessionVersion;
}

/** "Sign out everywhere": every JWT of the user stops working at its next request. */
export async function signOutEverywhere(userId: string, ctx: RequestContext, now: Date = new Date()): Promise<{ sessionVersion: number }> {
  const sessionVersion = await identityDb().transaction(async (tx) => {
    const version = await revokeAllSessionsIn(tx, userId, now);
    await recordAuthEvent(tx, { type: "sessions_revoked", reason: "all", userId, ip: ctx.ip, userAgent: ctx.userAgent, at: now });
    return version;
  });
  return { sessionVersion };
}
