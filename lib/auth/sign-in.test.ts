import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { hash } from "@node-rs/argon2";
import { Secret, TOTP } from "otpauth";
import { identityDb } from "@/db/identity/client";
import { authEvents, users } from "@/db/identity/schema";
import { blockIp } from "@/lib/security/blocked-ips";
import { createUser, ctx, expectNoSecretsStored, PASSWORD, restartInstance, setupIdentity } from "@/lib/security/__fixtures__/identity";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { listAuthEvents, listAuthEventsForUser } from "./events";
import { verifyPassword } from "./password";
import { authenticateWithPassword } from "./sign-in";
import { confirmTotpEnrolment, startTotpEnrolment } from "./two-factor";

vi.mock("@/lib/auth/password", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/auth/password")>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

let temp: TempDatabases;
beforeEach(async () => {
  temp = await setupIdentity();
  vi.mocked(verifyPassword).mockClear();
});
afterEach(() => temp.cleanup());

const MIN = 60_000;
const T0 = new Date("2026-05-01T10:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

async function failures(where?: { userId?: string; reason?: string }) {
  const rows = await identityDb().select().from(authEvents).where(eq(authEvents.type, "sign_in_failure"));
  return rows.filter((r) => (!where?.userId || r.userId === where.userId) && (!where?.reason || r.reason === where.reason));
}

async function userRow(id: string) {
  const [row] = await identityDb().select().from(users).where(eq(users.id, id));
  return row!;
}

describe("authenticateWithPassword", () => {
  it("signs in with the right password (email case and spaces forgiven) and records it", async () => {
    const user = await createUser({ email: "ada@example.com" });
    const result = await authenticateWithPassword({ email: "  ADA@Example.com ", password: PASSWORD }, ctx("::ffff:203.0.113.20"), T0);
    expect(result).toEqual({
      ok: true,
      user: { id: user.id, email: "ada@example.com", name: "Test User", role: "customer", sessionVersion: 0, emailVerified: true, twoFactorEnabled: false },
    });
    expect(await userRow(user.id)).toMatchObject({ lastSignInAt: T0, lastSignInIp: "203.0.113.20", failedSignIns: 0 });
    const [event] = await listAuthEventsForUser(user.id);
    expect(event).toMatchObject({ type: "sign_in_success", ip: "203.0.113.20", userAgent: "Mozilla/5.0 (vitest)" });
  });

  it("reports an unverified email without refusing the sign-in", async () => {
    await createUser({ email: "new@example.com", verified: false });
    const result = await authenticateWithPassword({ email: "new@example.com", password: PASSWORD }, ctx(), T0);
    expect(result).toMatchObject({ ok: true, user: { emailVerified: false } });
  });

  it("a wrong password and an unknown email get the same answer after the same argon2 work", async () => {
    const user = await createUser({ email: "known@example.com" });
    // Warm up the throw-away hash so both timed paths do exactly one verification.
    await authenticateWithPassword({ email: "warmup@example.com", password: "whatever" }, ctx("198.51.100.250"), T0);

    const durations = { wrong: [] as number[], unknown: [] as number[] };
    const results: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      for (const kind of ["wrong", "unknown"] as const) {
        vi.mocked(verifyPassword).mockClear();
        const started = performance.now();
        const result = await authenticateWithPassword(
          { email: kind === "wrong" ? "known@example.com" : `ghost${i}@example.com`, password: "not the password" },
          ctx(`198.51.100.${i}`),
          T0,
        );
        durations[kind].push(performance.now() - started);
        expect(vi.mocked(verifyPassword)).toHaveBeenCalledTimes(1);
        results.push(result);
      }
    }
    for (const r of results) expect(r).toEqual({ ok: false, reason: "invalid_credentials" });
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    const ratio = median(durations.wrong) / median(durations.unknown);
    expect(ratio).toBeGreaterThan(0.25);
    expect(ratio).toBeLessThan(4);

    expect(await failures({ userId: user.id, reason: "bad_password" })).toHaveLength(3);
    expect((await failures({ reason: "unknown_email" })).map((e) => e.email).sort()).toEqual([
      "ghost0@example.com",
      "ghost1@example.com",
      "ghost2@example.com",
      "warmup@example.com",
    ]);
  });

  it("malformed and oversized input is just invalid credentials (and still costs a hash)", async () => {
    await createUser({ email: "ada@example.com" });
    const inputs = [
      { email: "ada@example.com", password: "" },
      { email: "ada@example.com", password: "x".repeat(5000) },
      { email: "not-an-email", password: PASSWORD },
      { email: `${"a".repeat(300)}@example.com`, password: PASSWORD },
      { email: 42, password: PASSWORD },
      { email: "ada@example.com", password: { $ne: null } },
      null,
    ];
    for (const [i, input] of inputs.entries()) {
      vi.mocked(verifyPassword).mockClear();
      expect(await authenticateWithPassword(input as never, ctx(`198.51.100.${i}`), T0)).toEqual({ ok: false, reason: "invalid_credentials" });
      expect(vi.mocked(verifyPassword)).toHaveBeenCalledTimes(1);
    }
    expect(await failures({ reason: "malformed" })).toHaveLength(inputs.length);
  });

  it("an OAuth-only account (no password) refuses password sign-in", async () => {
    await createUser({ email: "oauth@example.com", password: null });
    expect(await authenticateWithPassword({ email: "oauth@example.com", password: "anything goes" }, ctx(), T0)).toEqual({
      ok: false,
      reason: "invalid_credentials",
    });
  });

  it("brute force locks the account (1 min, then 2 min), visibly to the user and to staff, across instances", async () => {
    const user = await createUser({ email: "target@example.com" });
    const attempt = (password: string, when: Date, ip = "203.0.113.66") => authenticateWithPassword({ email: "target@example.com", password }, ctx(ip), when);

    for (let i = 1; i <= 4; i++) {
      expect(await attempt(`guess ${i}`, at(i * 1000), `203.0.113.${i}`)).toEqual({ ok: false, reason: "invalid_credentials" });
      restartInstance();
    }
    const fifth = await attempt("guess 5", at(5000));
    expect(fifth).toEqual({ ok: false, reason: "locked", lockedUntil: at(5000 + MIN), retryAfterMs: MIN });

    // While locked even the right password is refused, without being checked.
    vi.mocked(verifyPassword).mockClear();
    const locked = await attempt(PASSWORD, at(30_000));
    expect(locked).toEqual({ ok: false, reason: "locked", lockedUntil: at(5000 + MIN), retryAfterMs: 35_000 });
    const realHash = (await userRow(user.id)).passwordHash;
    expect(vi.mocked(verifyPassword)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(verifyPassword).mock.calls[0]![0]).not.toBe(realHash);
    expect((await userRow(user.id)).failedSignIns).toBe(5);

    const mine = await listAuthEventsForUser(user.id, { limit: 50 });
    expect(mine.filter((e) => e.type === "locked")).toHaveLength(1);
    const staff = await listAuthEvents({ type: "locked" });
    expect(staff.items).toEqual([expect.objectContaining({ userId: user.id, email: "target@example.com", reason: "too_many_failures" })]);

    // After the lock (and in the next rate-limit window): five more failures lock for twice as long.
    const later = 15 * MIN;
    for (let i = 6; i <= 9; i++) expect(await attempt(`guess ${i}`, at(later + i * 1000))).toEqual({ ok: false, reason: "invalid_credentials" });
    const tenth = await attempt("guess 10", at(later + 10_000));
    expect(tenth).toMatchObject({ reason: "locked", lockedUntil: at(later + 10_000 + 2 * MIN) });

    // Once it passes, the right password works and resets the counter.
    expect(await attempt(PASSWORD, at(later + 4 * MIN))).toMatchObject({ ok: true });
    expect(await userRow(user.id)).toMatchObject({ failedSignIns: 0, lockedUntil: null });
  });

  it("rate-limits per email across instances, whether or not the account exists", async () => {
    const user = await createUser({ email: "popular@example.com" });
    for (const email of ["popular@example.com", "ghost@example.com"]) {
      for (let i = 0; i < 10; i++) {
        // Different IPs: only the per-email budget is in play; the known account is unlocked in between.
        await authenticateWithPassword({ email, password: "wrong password" }, ctx(`203.0.113.${i + 1}`), at(i));
        await identityDb().update(users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(users.id, user.id));
        restartInstance();
      }
      const limited = await authenticateWithPassword({ email, password: PASSWORD }, ctx("203.0.113.99"), at(20));
      expect(limited).toMatchObject({ ok: false, reason: "rate_limited" });
      expect((limited as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    }
    expect(await failures({ reason: "rate_limited_email" })).toHaveLength(2);
  });

  it("rate-limits per IP (password spraying across many emails)", async () => {
    for (let i = 0; i < 30; i++) {
      expect(await authenticateWithPassword({ email: `spray${i}@example.com`, password: "Summer2026!" }, ctx("198.51.100.77"), T0)).toMatchObject({
        reason: "invalid_credentials",
      });
    }
    const limited = await authenticateWithPassword({ email: "spray-last@example.com", password: "Summer2026!" }, ctx("198.51.100.77"), T0);
    expect(limited).toMatchObject({ ok: false, reason: "rate_limited", retryAfterMs: 15 * MIN });
  });

  it("refuses blocked IPs (exact and CIDR) before looking at credentials; expired blocks don't count", async () => {
    const user = await createUser({ email: "ada@example.com" });
    const now = new Date();
    await blockIp({ id: "admin" }, { cidr: "192.0.2.15", reason: "exact" }, now);
    await blockIp({ id: "admin" }, { cidr: "2001:db8:bad::/48", reason: "range" }, now);
    await blockIp({ id: "admin" }, { cidr: "198.18.0.0/15", reason: "temporary", expiresAt: new Date(now.getTime() + MIN) }, now);
    vi.mocked(verifyPassword).mockClear();
    for (const ip of ["192.0.2.15", "::ffff:192.0.2.15", "2001:db8:bad:1::9", "198.19.4.4"]) {
      expect(await authenticateWithPassword({ email: "ada@example.com", password: PASSWORD }, ctx(ip), now)).toEqual({ ok: false, reason: "blocked_ip" });
    }
    expect(vi.mocked(verifyPassword)).not.toHaveBeenCalled();
    expect(await failures({ reason: "blocked_ip" })).toHaveLength(4);
    expect((await userRow(user.id)).failedSignIns).toBe(0);
    expect(await authenticateWithPassword({ email: "ada@example.com", password: PASSWORD }, ctx("198.19.4.4"), new Date(now.getTime() + MIN))).toMatchObject({
      ok: true,
    });
  });

  it("suspended and disabled accounts are refused, but only to someone who knows the password", async () => {
    await createUser({ email: "sus@example.com", status: "suspended" });
    await createUser({ email: "off@example.com", status: "disabled" });
    expect(await authenticateWithPassword({ email: "sus@example.com", password: "wrong password" }, ctx(), T0)).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await authenticateWithPassword({ email: "sus@example.com", password: PASSWORD }, ctx(), T0)).toEqual({ ok: false, reason: "suspended" });
    expect(await authenticateWithPassword({ email: "off@example.com", password: PASSWORD }, ctx(), T0)).toEqual({ ok: false, reason: "suspended" });
  });

  it("upgrades a hash made with weaker parameters", async () => {
    const user = await createUser({ email: "legacy@example.com" });
    const weak = await hash(PASSWORD, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await identityDb().update(users).set({ passwordHash: weak }).where(eq(users.id, user.id));
    expect(await authenticateWithPassword({ email: "legacy@example.com", password: PASSWORD }, ctx(), T0)).toMatchObject({ ok: true });
    const upgraded = (await userRow(user.id)).passwordHash!;
    expect(upgraded).not.toBe(weak);
    expect(upgraded).toContain("m=19456");
  });

  it("never stores the password anywhere", async () => {
    await createUser({ email: "ada@example.com" });
    await authenticateWithPassword({ email: "ada@example.com", password: "my wrong secret pw" }, ctx(), T0);
    await authenticateWithPassword({ email: "nobody@example.com", password: "another secret pw" }, ctx(), T0);
    await authenticateWithPassword({ email: "another typed secret", password: "x" }, ctx(), T0);
    await authenticateWithPassword({ email: "ada@example.com", password: PASSWORD }, ctx(), T0);
    await expectNoSecretsStored([PASSWORD, "my wrong secret pw", "another secret pw", "another typed secret"]);
  });
});

describe("authenticateWithPassword with two-factor authentication", () => {
  async function enrol(email: string) {
    const user = await createUser({ email });
    const enrolment = await startTotpEnrolment(user.id);
    const totp = new TOTP({ secret: Secret.fromBase32(enrolment.secret), digits: 6, period: 30, algorithm: "SHA1" });
    const { recoveryCodes } = await confirmTotpEnrolment(user.id, totp.generate({ timestamp: T0.getTime() }), ctx(), T0);
    return { user, totp, recoveryCodes, code: (when: Date) => totp.generate({ timestamp: when.getTime() }) };
  }

  it("asks for the second factor without counting it as a failure", async () => {
    const { user } = await enrol("2fa@example.com");
    expect(await authenticateWithPassword({ email: "2fa@example.com", password: PASSWORD }, ctx(), at(MIN))).toEqual({
      ok: false,
      reason: "two_factor_required",
    });
    expect((await userRow(user.id)).failedSignIns).toBe(0);
    expect(await failures()).toEqual([]);
    // A wrong password never reaches the second-factor question.
    expect(await authenticateWithPassword({ email: "2fa@example.com", password: "wrong password", totpCode: "123456" }, ctx(), at(MIN))).toEqual({
      ok: false,
      reason: "invalid_credentials",
    });
  });

  it("accepts a current TOTP code once; a replay within its window is refused", async () => {
    const { user, code } = await enrol("totp@example.com");
    const when = at(2 * MIN);
    const first = await authenticateWithPassword({ email: "totp@example.com", password: PASSWORD, totpCode: code(when) }, ctx(), when);
    expect(first).toMatchObject({ ok: true, user: { id: user.id, twoFactorEnabled: true } });
    const replay = await authenticateWithPassword({ email: "totp@example.com", password: PASSWORD, totpCode: code(when) }, ctx(), at(2 * MIN + 10_000));
    expect(replay).toEqual({ ok: false, reason: "two_factor_invalid" });
    expect(await failures({ userId: user.id, reason: "two_factor_invalid" })).toHaveLength(1);
    const [success] = (await listAuthEventsForUser(user.id)).filter((e) => e.type === "sign_in_success");
    expect(success).toBeDefined();
  });

  it("wrong codes count towards the lock-out", async () => {
    const { user, code } = await enrol("guess@example.com");
    const when = at(3 * MIN);
    for (let i = 0; i < 4; i++) {
      expect(await authenticateWithPassword({ email: "guess@example.com", password: PASSWORD, totpCode: "000000" }, ctx(), when)).toEqual({
        ok: false,
        reason: "two_factor_invalid",
      });
    }
    expect(await authenticateWithPassword({ email: "guess@example.com", password: PASSWORD, totpCode: "x".repeat(10_000) }, ctx(), when)).toMatchObject({
      reason: "locked",
    });
    expect(await authenticateWithPassword({ email: "guess@example.com", password: PASSWORD, totpCode: code(when) }, ctx(), when)).toMatchObject({
      reason: "locked",
    });
    expect((await userRow(user.id)).failedSignIns).toBe(5);
  });

  it("a recovery code works once", async () => {
    const { user, recoveryCodes } = await enrol("recover@example.com");
    const code = recoveryCodes[0]!;
    expect(await authenticateWithPassword({ email: "recover@example.com", password: PASSWORD, recoveryCode: code.toUpperCase() }, ctx(), at(MIN))).toMatchObject({
      ok: true,
    });
    expect(await authenticateWithPassword({ email: "recover@example.com", password: PASSWORD, recoveryCode: code }, ctx(), at(MIN))).toEqual({
      ok: false,
      reason: "two_factor_invalid",
    });
    const used = await identityDb()
      .select()
      .from(authEvents)
      .where(and(eq(authEvents.userId, user.id), eq(authEvents.type, "recovery_code_used")));
    expect(used).toHaveLength(1);
    await expectNoSecretsStored([PASSWORD, ...recoveryCodes]);
  });
});
