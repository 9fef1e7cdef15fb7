import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { authEvents, userSessions, users } from "@/db/identity/schema";
import { createUser, ctx, setupIdentity } from "@/lib/security/__fixtures__/identity";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { seedIdentity } from "@/db/seed/identity";
import { invalidatePermissionCache } from "./permissions";
import {
  endUserSession,
  listUserSessions,
  openUserSession,
  revokeUserSession,
  SESSION_TTL_MS,
  signOutEverywhere,
  validateSessionClaims,
} from "./sessions";

let temp: TempDatabases;
let user: { id: string; email: string };
beforeEach(async () => {
  temp = await setupIdentity();
  user = await createUser({ password: null, name: "Ada" });
});
afterEach(() => temp.cleanup());

const T0 = new Date("2026-05-01T10:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const claims = (sessionId: string, sessionVersion = 0) => ({ userId: user.id, sessionId, sessionVersion });

async function lastSeen(sessionId: string) {
  const [row] = await identityDb().select({ lastSeenAt: userSessions.lastSeenAt }).from(userSessions).where(eq(userSessions.id, sessionId));
  return row!.lastSeenAt;
}

describe("openUserSession + validateSessionClaims", () => {
  it("opens a session row and resolves its claims to the acting user", async () => {
    const { sessionId, expiresAt } = await openUserSession(user.id, ctx("::ffff:203.0.113.5"), { now: T0 });
    expect(expiresAt).toEqual(at(SESSION_TTL_MS));
    const [row] = await identityDb().select().from(userSessions);
    expect(row).toMatchObject({ id: sessionId, userId: user.id, ip: "203.0.113.5", userAgent: "Mozilla/5.0 (vitest)", impersonatorId: null });
    const actor = await validateSessionClaims(claims(sessionId), at(1000));
    expect(actor).toEqual({
      userId: user.id,
      email: user.email,
      name: "Ada",
      role: "customer",
      emailVerified: true,
      twoFactorEnabled: false,
      sessionId,
      impersonatorId: null,
    });
  });

  it("returns null when the session version changed, the session was revoked or expired, or the user is not active", async () => {
    const { sessionId } = await openUserSession(user.id, ctx(), { now: T0, ttlMs: 60 * 60_000 });
    expect(await validateSessionClaims(claims(sessionId, 1), at(1))).toBeNull();
    expect(await validateSessionClaims(claims(sessionId), at(60 * 60_000))).toBeNull();

    await identityDb().update(users).set({ status: "suspended" }).where(eq(users.id, user.id));
    expect(await validateSessionClaims(claims(sessionId), at(1))).toBeNull();
    await identityDb().update(users).set({ status: "active" }).where(eq(users.id, user.id));
    expect(await validateSessionClaims(claims(sessionId), at(1))).not.toBeNull();

    await identityDb().update(userSessions).set({ revokedAt: at(2) }).where(eq(userSessions.id, sessionId));
    expect(await validateSessionClaims(claims(sessionId), at(3))).toBeNull();
  });

  it("returns null for another user's session id, unknown ids, a deleted user and malformed claims", async () => {
    const other = await createUser({ password: null });
    const theirs = await openUserSession(other.id, ctx(), { now: T0 });
    expect(await validateSessionClaims(claims(theirs.sessionId), at(1))).toBeNull();
    expect(await validateSessionClaims(claims("00000000-0000-7000-8000-000000000000"), at(1))).toBeNull();
    for (const bad of [null, {}, { userId: user.id }, { userId: user.id, sessionId: 1, sessionVersion: 0 }, { userId: user.id, sessionId: "x".repeat(500), sessionVersion: 0 }]) {
      expect(await validateSessionClaims(bad as never, at(1))).toBeNull();
    }
    const mine = await openUserSession(user.id, ctx(), { now: T0 });
    await identityDb().delete(users).where(eq(users.id, user.id));
    expect(await validateSessionClaims(claims(mine.sessionId), at(1))).toBeNull();
  });

  it("touches lastSeenAt at most once a minute", async () => {
    const { sessionId } = await openUserSession(user.id, ctx(), { now: T0 });
    await validateSessionClaims(claims(sessionId), at(30_000));
    expect(await lastSeen(sessionId)).toEqual(T0);
    await validateSessionClaims(claims(sessionId), at(60_000));
    expect(await lastSeen(sessionId)).toEqual(at(60_000));
    await validateSessionClaims(claims(sessionId), at(90_000));
    expect(await lastSeen(sessionId)).toEqual(at(60_000));
  });

  it("impersonation sessions carry the staff id and are recorded", async () => {
    // The impersonator must still be allowed to impersonate at every request (lib/admin/impersonation.test.ts).
    await seedIdentity({ email: "root@example.com", password: "a long enough password" });
    const staff = await createUser({ role: "admin", twoFactorEnabled: true });
    invalidatePermissionCache();
    const { sessionId } = await openUserSession(user.id, ctx(), { now: T0, impersonatorId: staff.id });
    expect(await validateSessionClaims(claims(sessionId), at(1))).toMatchObject({ impersonatorId: staff.id });
    const [event] = await identityDb().select().from(authEvents);
    expect(event).toMatchObject({ type: "impersonation_started", userId: user.id, metadata: { impersonatorId: staff.id, sessionId } });
    await endUserSession(user.id, sessionId, ctx(), at(5));
    const types = (await identityDb().select({ type: authEvents.type }).from(authEvents)).map((e) => e.type);
    expect(types).toContain("impersonation_ended");
  });
});

describe("listUserSessions", () => {
  it("lists live sessions, most recently used first, marking the current one", async () => {
    const a = await openUserSession(user.id, ctx("203.0.113.1"), { now: T0 });
    const b = await openUserSession(user.id, ctx("203.0.113.2"), { now: at(1000) });
    const revoked = await openUserSession(user.id, ctx("203.0.113.3"), { now: at(2000) });
    await openUserSession(user.id, ctx("203.0.113.4"), { now: at(3000), ttlMs: 10_000 });
    await revokeUserSession(user.id, revoked.sessionId, ctx(), at(4000));
    await validateSessionClaims(claims(a.sessionId), at(120_000));

    const list = await listUserSessions(user.id, { currentSessionId: b.sessionId, now: at(120_000) });
    expect(list.map((s) => [s.ip, s.current])).toEqual([
      ["203.0.113.1", false],
      ["203.0.113.2", true],
    ]);
    expect(Object.keys(list[0]!).sort()).toEqual(["createdAt", "current", "expiresAt", "id", "impersonated", "ip", "lastSeenAt", "userAgent"]);
  });
});

describe("revokeUserSession", () => {
  it("revokes one of the user's sessions and records it", async () => {
    const keep = await openUserSession(user.id, ctx(), { now: T0 });
    const drop = await openUserSession(user.id, ctx(), { now: T0 });
    await revokeUserSession(user.id, drop.sessionId, ctx(), at(10));
    expect(await validateSessionClaims(claims(drop.sessionId), at(20))).toBeNull();
    expect(await validateSessionClaims(claims(keep.sessionId), at(20))).not.toBeNull();
    await revokeUserSession(user.id, drop.sessionId, ctx(), at(30));
    const events = await identityDb().select().from(authEvents).where(eq(authEvents.type, "sessions_revoked"));
    expect(events).toHaveLength(1);
  });

  it("another user's session id is NOT_FOUND and stays valid", async () => {
    const other = await createUser({ password: null });
    const theirs = await openUserSession(other.id, ctx(), { now: T0 });
    await expect(revokeUserSession(user.id, theirs.sessionId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(revokeUserSession(user.id, "")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await validateSessionClaims({ userId: other.id, sessionId: theirs.sessionId, sessionVersion: 0 }, at(1))).not.toBeNull();
  });
});

describe("signOutEverywhere / endUserSession", () => {
  it("bumps the session version, revokes every row and records the event", async () => {
    const a = await openUserSession(user.id, ctx(), { now: T0 });
    const b = await openUserSession(user.id, ctx(), { now: T0 });
    expect(await signOutEverywhere(user.id, ctx(), at(10))).toEqual({ sessionVersion: 1 });
    for (const s of [a, b]) {
      expect(await validateSessionClaims(claims(s.sessionId, 0), at(20))).toBeNull();
      expect(await validateSessionClaims(claims(s.sessionId, 1), at(20))).toBeNull();
    }
    expect(await listUserSessions(user.id, { now: at(20) })).toEqual([]);
    const [event] = await identityDb().select().from(authEvents).where(eq(authEvents.type, "sessions_revoked"));
    expect(event).toMatchObject({ userId: user.id, reason: "all" });
    const fresh = await openUserSession(user.id, ctx(), { now: at(30) });
    expect(await validateSessionClaims(claims(fresh.sessionId, 1), at(40))).not.toBeNull();
  });

  it("endUserSession signs out one session; a foreign id does nothing", async () => {
    const other = await createUser({ password: null });
    const theirs = await openUserSession(other.id, ctx(), { now: T0 });
    const mine = await openUserSession(user.id, ctx(), { now: T0 });
    await endUserSession(user.id, theirs.sessionId, ctx(), at(1));
    expect(await validateSessionClaims({ userId: other.id, sessionId: theirs.sessionId, sessionVersion: 0 }, at(2))).not.toBeNull();
    await endUserSession(user.id, mine.sessionId, ctx(), at(1));
    expect(await validateSessionClaims(claims(mine.sessionId), at(2))).toBeNull();
    const [event] = await identityDb().select().from(authEvents).where(eq(authEvents.type, "sign_out"));
    expect(event).toMatchObject({ userId: user.id });
  });
});
