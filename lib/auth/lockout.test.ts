import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { auditLog, authEvents, users } from "@/db/identity/schema";
import { createUser, ctx, restartInstance, setupIdentity } from "@/lib/security/__fixtures__/identity";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { clearFailedSignIns, isLocked, lockDurationMs, registerFailedSignIn, unlockUser } from "./lockout";

let temp: TempDatabases;
beforeEach(async () => {
  temp = await setupIdentity();
});
afterEach(() => temp.cleanup());

const MIN = 60_000;

describe("lockDurationMs", () => {
  it("locks at every 5th failure: 1 minute, then doubling, capped at 1 hour", () => {
    expect([1, 2, 3, 4, 6, 9].map((n) => lockDurationMs(n))).toEqual([0, 0, 0, 0, 0, 0]);
    expect([5, 10, 15, 20, 25, 30, 35, 40, 500].map((n) => lockDurationMs(n) / MIN)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    expect(lockDurationMs(Number.NaN)).toBe(0);
  });
});

describe("isLocked", () => {
  it("is true only before lockedUntil", () => {
    const now = new Date();
    expect(isLocked({ lockedUntil: null }, now)).toBe(false);
    expect(isLocked({ lockedUntil: new Date(now.getTime() + 1) }, now)).toBe(true);
    expect(isLocked({ lockedUntil: now }, now)).toBe(false);
  });
});

describe("registerFailedSignIn", () => {
  it("counts failures across instances and locks on the 5th, recording a `locked` event", async () => {
    const user = await createUser({ password: null });
    const now = new Date("2026-05-01T10:00:00Z");
    for (let i = 1; i <= 4; i++) {
      expect(await registerFailedSignIn(identityDb(), user, ctx(), now)).toEqual({ failedSignIns: i, lockedUntil: null });
      restartInstance();
    }
    const fifth = await registerFailedSignIn(identityDb(), user, ctx(), now);
    expect(fifth).toEqual({ failedSignIns: 5, lockedUntil: new Date(now.getTime() + MIN) });
    const [row] = await identityDb().select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ failedSignIns: 5, lockedUntil: new Date(now.getTime() + MIN) });
    const events = await identityDb().select().from(authEvents).where(eq(authEvents.userId, user.id));
    expect(events).toEqual([
      expect.objectContaining({ type: "locked", reason: "too_many_failures", ip: "203.0.113.10", metadata: expect.objectContaining({ failures: 5, durationMs: MIN }) }),
    ]);
  });

  it("counts concurrent failures exactly", async () => {
    const user = await createUser({ password: null });
    await Promise.all(Array.from({ length: 10 }, () => registerFailedSignIn(identityDb(), user, ctx())));
    const [row] = await identityDb().select({ n: users.failedSignIns }).from(users).where(eq(users.id, user.id));
    expect(row!.n).toBe(10);
    expect(await identityDb().select().from(authEvents).where(eq(authEvents.type, "locked"))).toHaveLength(2);
  });

  it("clearFailedSignIns resets the counter and the lock", async () => {
    const user = await createUser({ password: null });
    for (let i = 0; i < 5; i++) await registerFailedSignIn(identityDb(), user, ctx());
    await clearFailedSignIns(identityDb(), user.id);
    const [row] = await identityDb().select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ failedSignIns: 0, lockedUntil: null });
  });
});

describe("unlockUser", () => {
  it("lifts a lock for staff, audited, and shows the user an `unlocked` event", async () => {
    const user = await createUser({ password: null });
    for (let i = 0; i < 5; i++) await registerFailedSignIn(identityDb(), user, ctx());
    await unlockUser({ id: "staff-1", email: "staff@skyport.test", ip: "198.51.100.2" }, user.id);
    const [row] = await identityDb().select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ failedSignIns: 0, lockedUntil: null });
    const [audit] = await identityDb().select().from(auditLog);
    expect(audit).toMatchObject({ action: "user.unlocked", entityId: user.id, actorId: "staff-1", after: { failedSignIns: 0, lockedUntil: null } });
    const types = (await identityDb().select({ type: authEvents.type }).from(authEvents).where(eq(authEvents.userId, user.id))).map((e) => e.type);
    expect(types).toContain("unlocked");
    await expect(unlockUser({ id: "staff-1" }, "missing")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
