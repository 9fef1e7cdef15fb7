import "server-only";
/**
 * "Sign in as customer". Staff holding `customers.impersonate` get a separate, short session for the customer
 * (a user_sessions row carrying impersonator_id); their own staff session is left untouched and remembered, so
 * ending the impersonation signs them straight back into it. Start and end each write an audit row (identity
 * audit_log, actor = the staff member, on_behalf_of = the customer) in the same transaction as the session change,
 * plus the customer-visible auth events ("Support signed in as you"). lib/auth/sessions.ts ends an impersonation
 * at the next request once the staff member is suspended or loses the permission.
 */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { auditLog, authEvents, userSessions, users } from "@/db/identity/schema";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { AppError, notFound } from "@/lib/errors";
import type { RequestContext } from "@/lib/security/request-context";
import { recordAuthEvent } from "@/lib/auth/events";
import { insertUserSession, validateSessionClaims, type Actor } from "@/lib/auth/sessions";

/** Long enough to reproduce a problem, short enough that a forgotten tab does not stay signed in as someone. */
export const IMPERSONATION_TTL_MS = 60 * 60_000;

export interface SessionGrant {
  userId: string;
  sessionId: string;
  sessionVersion: number;
}

/**
 * Opens an impersonation session for `customerId`. The caller has checked `customers.impersonate`; only active
 * customer accounts can be impersonated (never another staff member, whose session would carry back-office rights).
 */
export async function startImpersonation(staff: Actor, audit: AuditActor, customerId: string, ctx: RequestContext, now = new Date()): Promise<SessionGrant> {
  if (staff.impersonatorId) throw new AppError("CONFLICT", "End the current impersonation first.");
  return identityDb().transaction(async (tx) => {
    const [customer] = await tx
      .select({ id: users.id, email: users.email, role: users.role, status: users.status, sessionVersion: users.sessionVersion })
      .from(users)
      .where(eq(users.id, customerId))
      .limit(1);
    if (!customer || customer.role !== "customer") throw notFound("That customer does not exist.");
    if (customer.status !== "active") throw new AppError("CONFLICT", "This account is suspended; unsuspend it before signing in as the customer.");
    const { sessionId, expiresAt } = await insertUserSession(tx, customer.id, ctx, {
      impersonatorId: staff.userId,
      returnSessionId: staff.sessionId,
      ttlMs: IMPERSONATION_TTL_MS,
      now,
    });
    await writeAudit(tx, auditLog, { ...audit, onBehalfOf: customer.id }, {
      action: "customer.impersonation_started",
      entityType: "user",
      entityId: customer.id,
      after: { sessionId, customerEmail: customer.email, expiresAt: expiresAt.toISOString() },
    });
    return { userId: customer.id, sessionId, sessionVersion: customer.sessionVersion };
  });
}

/**
 * Ends the impersonation `actor` is in (revokes that session, audits it) and returns the staff session to go
 * back to, or null when that one is no longer valid (signed out, suspended…): then the browser just signs out.
 */
export async function endImpersonation(actor: Actor, ctx: RequestContext, now = new Date()): Promise<SessionGrant | null> {
  const impersonatorId = actor.impersonatorId;
  if (!impersonatorId) throw new AppError("FORBIDDEN", "You are not signed in as a customer.");
  const returnSessionId = await identityDb().transaction(async (tx) => {
    const [revoked] = await tx
      .update(userSessions)
      .set({ revokedAt: now })
      .where(and(eq(userSessions.id, actor.sessionId), eq(userSessions.userId, actor.userId), isNull(userSessions.revokedAt)))
      .returning({ id: userSessions.id });
    const [started] = await tx
      .select({ metadata: authEvents.metadata })
      .from(authEvents)
      .where(
        and(
          eq(authEvents.userId, actor.userId),
          eq(authEvents.type, "impersonation_started"),
          sql`json_extract(${authEvents.metadata}, '$.sessionId') = ${actor.sessionId}`,
        ),
      )
      .orderBy(desc(authEvents.createdAt))
      .limit(1);
    if (revoked) {
      await recordAuthEvent(tx, {
        type: "impersonation_ended",
        userId: actor.userId,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        metadata: { impersonatorId, sessionId: actor.sessionId },
        at: now,
      });
      const [staff] = await tx.select({ email: users.email }).from(users).where(eq(users.id, impersonatorId)).limit(1);
      await writeAudit(tx, auditLog, { id: impersonatorId, email: staff?.email ?? null, onBehalfOf: actor.userId, ip: ctx.ip, userAgent: ctx.userAgent }, {
        action: "customer.impersonation_ended",
        entityType: "user",
        entityId: actor.userId,
        before: { sessionId: actor.sessionId },
        after: { ended: true },
      });
    }
    const value = (started?.metadata as { returnSessionId?: unknown } | null)?.returnSessionId;
    return typeof value === "string" ? value : null;
  });
  if (!returnSessionId) return null;
  const [staff] = await identityDb().select({ sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, impersonatorId)).limit(1);
  if (!staff) return null;
  const back = await validateSessionClaims({ userId: impersonatorId, sessionId: returnSessionId, sessionVersion: staff.sessionVersion }, now);
  return back ? { userId: back.userId, sessionId: back.sessionId, sessionVersion: staff.sessionVersion } : null;
}

/** For the portal banner: who is behind the impersonation. */
export async function impersonatorEmail(impersonatorId: string): Promise<string | null> {
  const [row] = await identityDb().select({ email: users.email }).from(users).where(eq(users.id, impersonatorId)).limit(1);
  return row?.email ?? null;
}
