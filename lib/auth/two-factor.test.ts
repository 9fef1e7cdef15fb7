/**
 * TOTP enrolment and verification with codes computed by otpauth for a given instant, replay refusal (also under
 * concurrency), recovery codes (single use, stored only as hashes), disabling, and the audited admin reset.
 * Secrets are checked against the raw rows of every identity table.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import { identityDb } from "@/db/identity/client";
import { auditLog, authEvents, recoveryCodes, totpSecrets, users, type UserRole } from "@/db/identity/schema";
import { AppError } from "@/lib/errors";
import { decryptSecret } from "@/lib/security/encryption";
import { resetEnvCache } from "@/lib/env";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { hashPassword } from "./password";
import {
  adminResetTwoFactor,
  confirmTotpEnrolment,
  countRemainingRecoveryCodes,
  disableTwoFactor,
  getTwoFactorStatus,
  regenerateRecoveryCodes,
  startTotpEnrolment,
  useRecoveryCode,
  verifyTwoFactorCode,
} from "./two-factor";

let temp: TempDatabases;
const PASSWORD = "correct horse battery staple";
let passwordHash: string;

beforeAll(async () => {
  process.env.AUTH_SECRET = "test-auth-secret-that-is-long-enough-0123456789";
  process.env.ENCRYPTION_KEY = "11".repeat(32);
  process.env.APP_NAME = "Skyport Test";
  resetEnvCache();
  temp = await useTempDatabases();
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(() => {
  temp.cleanup();
  delete process.env.APP_NAME;
  resetEnvCache();
});

let seq = 0;
async function createUser(role: UserRole = "customer"): Promise<{ id: string; email: string }> {
  const email = `user${++seq}-${role}@example.com`;
  const [row] = await identityDb().insert(users).values({ email, role, passwordHash, emailVerified: new Date() }).returning({ id: users.id });
  return { id: row!.id, email };
}

/** Every row of every identity table, as one string: what a database leak would expose. */
async function dumpIdentity(): Promise<string> {
  const client = identityDb().$client;
  const tables = await client.execute("select name from sqlite_master where type = 'table'");
  const parts: string[] = [];
  for (const t of tables.rows) {
    const rows = await client.execute(`select * from "${String(t.name)}"`);
    parts.push(JSON.stringify(rows.rows));
  }
  return parts.join("\n");
}

const BASE = new Date("2031-03-04T05:06:15.000Z");
const at = (steps: number) => new Date(BASE.getTime() + steps * 30_000);
const codeAt = (secret: string, when: Date) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate({ timestamp: when.getTime() });

async function expectAppError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

/** Enrols a user and returns the plain secret and recovery codes. */
async function enrol(userId: string) {
  const { secret } = await startTotpEnrolment(userId);
  const { recoveryCodes: codes } = await confirmTotpEnrolment(userId, codeAt(secret, at(0)), { ip: "203.0.113.9", userAgent: "vitest" }, at(0));
  return { secret, codes };
}

describe("TOTP enrolment", () => {
  it("stores the secret encrypted, restarts replace an unconfirmed secret, and confirming turns 2FA on", async () => {
    const user = await createUser();
    const first = await startTotpEnrolment(user.id);
    expect(first.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(first.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    const url = new URL(first.otpauthUrl);
    expect(url.searchParams.get("issuer")).toBe("Skyport Test");
    expect(url.searchParams.get("secret")).toBe(first.secret);
    expect(url.searchParams.get("algorithm")).toBe("SHA1");
    expect(url.searchParams.get("digits")).toBe("6");
    expect(url.searchParams.get("period")).toBe("30");
    expect(decodeURIComponent(url.pathname)).toContain(user.email);
    expect(first.qrSvg.trimStart()).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    expect(await getTwoFactorStatus(user.id)).toEqual({ enabled: false, pendingEnrolment: true, remainingRecoveryCodes: 0 });

    const second = await startTotpEnrolment(user.id);
    expect(second.secret).not.toBe(first.secret);
    const rows = await identityDb().select().from(totpSecrets).where(eq(totpSecrets.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.confirmedAt).toBeNull();
    expect(rows[0]!.secretEncrypted).not.toContain(second.secret);
    expect(decryptSecret(rows[0]!.secretEncrypted, `totp_secrets:${user.id}`)).toBe(second.secret);
    // Bound to its row: the blob does not decrypt as another user's secret.
    expect(() => decryptSecret(rows[0]!.secretEncrypted, "totp_secrets:someone-else")).toThrow();

    // A code from the replaced secret, and a wrong code, are refused with a field error.
    const stale = await expectAppError(confirmTotpEnrolment(user.id, codeAt(first.secret, at(0)), undefined, at(0)), "VALIDATION");
    expect(stale.fieldErrors?.code?.length).toBeGreaterThan(0);
    await expectAppError(confirmTotpEnrolment(user.id, "12345", undefined, at(0)), "VALIDATION");
    await expectAppError(confirmTotpEnrolment(user.id, "abcdef", undefined, at(0)), "VALIDATION");

    const { recoveryCodes: codes } = await confirmTotpEnrolment(user.id, codeAt(second.secret, at(0)), { ip: "203.0.113.9", userAgent: "vitest" }, at(0));
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);

    const [u] = await identityDb().select({ enabled: users.twoFactorEnabled }).from(users).where(eq(users.id, user.id));
    expect(u!.enabled).toBe(true);
    expect(await getTwoFactorStatus(user.id)).toEqual({ enabled: true, pendingEnrolment: false, remainingRecoveryCodes: 10 });
    const events = await identityDb().select().from(authEvents).where(eq(authEvents.userId, user.id));
    expect(events.map((e) => e.type)).toEqual(["two_factor_enabled"]);
    expect(events[0]).toMatchObject({ ip: "203.0.113.9", userAgent: "vitest" });

    // Neither the TOTP secret nor any recovery code exists anywhere in the database in clear.
    const dump = await dumpIdentity();
    expect(dump).not.toContain(second.secret);
    expect(dump).not.toContain(first.secret);
    for (const c of codes) {
      expect(dump).not.toContain(c);
      expect(dump).not.toContain(c.replace("-", ""));
    }
    const stored = await identityDb().select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    expect(stored).toHaveLength(10);
    for (const r of stored) expect(r.codeHash).toMatch(/^[0-9a-f]{64}$/);

    // Enrolling again while enabled is a conflict, and does not touch the working secret.
    await expectAppError(startTotpEnrolment(user.id), "CONFLICT");
    expect(await verifyTwoFactorCode(user.id, codeAt(second.secret, at(1)), at(1))).toBe(true);
  });

  it("refuses confirming without a pending enrolment and for unknown users", async () => {
    const user = await createUser();
    await expectAppError(confirmTotpEnrolment(user.id, "123456"), "CONFLICT");
    await expectAppError(startTotpEnrolment("no-such-user"), "NOT_FOUND");
    expect(await verifyTwoFactorCode(user.id, "123456")).toBe(false);
  });
});

describe("verifyTwoFactorCode", () => {
  it("accepts the current step ±1 once, refuses replays and codes older than the last accepted one", async () => {
    const user = await createUser();
    const { secret } = await enrol(user.id);

    // The code used to confirm enrolment cannot be used again to sign in.
    expect(await verifyTwoFactorCode(user.id, codeAt(secret, at(0)), at(0))).toBe(false);

    const now = at(10);
    expect(await verifyTwoFactorCode(user.id, "000000", now)).toBe(false);
    expect(await verifyTwoFactorCode(user.id, codeAt(secret, at(7)), now)).toBe(false); // 3 steps ago
    expect(await verifyTwoFactorCode(user.id, codeAt(secret, at(13)), now)).toBe(false); // 3 steps ahead

    // The previous step (clock drift) is accepted, once.
    const previous = codeAt(secret, at(9));
    expect(await verifyTwoFactorCode(user.id, previous, now)).toBe(true);
    expect(await verifyTwoFactorCode(user.id, previous, now)).toBe(false);

    // Current step, written with a space as apps show it; then the replay inside the same window is refused.
    const current = codeAt(secret, now);
    expect(await verifyTwoFactorCode(user.id, `${current.slice(0, 3)} ${current.slice(3)}`, now)).toBe(true);
    expect(await verifyTwoFactorCode(user.id, current, new Date(now.getTime() + 20_000))).toBe(false);

    // The next step's code works; afterwards, the still-valid previous-window code is refused too.
    expect(await verifyTwoFactorCode(user.id, codeAt(secret, at(11)), at(11))).toBe(true);
    expect(await verifyTwoFactorCode(user.id, codeAt(secret, at(10)), at(11))).toBe(false);

    // An attacker without the secret and with the code of another account gets nothing.
    const other = await createUser();
    await enrol(other.id);
    expect(await verifyTwoFactorCode(other.id, codeAt(secret, at(20)), at(20))).toBe(false);
    expect(await verifyTwoFactorCode(user.id, codeAt(secret, at(20)), at(20))).toBe(true);
  });

  it("lets only one of two concurrent uses of the same code pass", async () => {
    const user = await createUser();
    const { secret } = await enrol(user.id);
    const now = at(40);
    const code = codeAt(secret, now);
    const results = await Promise.all([
      verifyTwoFactorCode(user.id, code, now),
      verifyTwoFactorCode(user.id, code, now),
      verifyTwoFactorCode(user.id, code, now),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const [row] = await identityDb().select({ step: totpSecrets.lastUsedStep }).from(totpSecrets).where(eq(totpSecrets.userId, user.id));
    expect(row!.step).toBe(Math.floor(now.getTime() / 30_000));
  });

  it("rejects malformed input without touching the database", async () => {
    const user = await createUser();
    await enrol(user.id);
    for (const bad of ["", "12345", "1234567", "12a456", "x".repeat(5000), null as unknown as string, 123456 as unknown as string]) {
      expect(await verifyTwoFactorCode(user.id, bad, at(50))).toBe(false);
    }
  });
});

describe("recovery codes", () => {
  it("are single use, forgive case and separators, and only work for their own account", async () => {
    const alice = await createUser();
    const bob = await createUser();
    const { codes } = await enrol(alice.id);
    const { codes: bobCodes } = await enrol(bob.id);

    expect(await useRecoveryCode(bob.id, codes[0]!)).toBe(false);
    expect(await useRecoveryCode(alice.id, "aaaaa-aaaaa")).toBe(false);
    expect(await useRecoveryCode(alice.id, "not a code")).toBe(false);

    expect(await useRecoveryCode(alice.id, ` ${codes[0]!.toUpperCase().replace("-", " ")} `, { ip: "198.51.100.4", userAgent: "vitest" })).toBe(true);
    expect(await useRecoveryCode(alice.id, codes[0]!)).toBe(false);
    expect(await countRemainingRecoveryCodes(alice.id)).toBe(9);
    expect(await countRemainingRecoveryCodes(bob.id)).toBe(10);
    expect(await useRecoveryCode(bob.id, bobCodes[3]!)).toBe(true);

    const events = await identityDb()
      .select()
      .from(authEvents)
      .where(and(eq(authEvents.userId, alice.id), eq(authEvents.type, "recovery_code_used")));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ ip: "198.51.100.4", metadata: { remaining: 9 } });
    expect(JSON.stringify(events)).not.toContain(codes[0]!);
  });

  it("concurrent uses of one code: exactly one succeeds", async () => {
    const user = await createUser();
    const { codes } = await enrol(user.id);
    const results = await Promise.all([useRecoveryCode(user.id, codes[5]!), useRecoveryCode(user.id, codes[5]!)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("regenerating needs a current code and invalidates the old set", async () => {
    const user = await createUser();
    const { secret, codes } = await enrol(user.id);
    await expectAppError(regenerateRecoveryCodes(user.id, { code: "000000" }, at(60)), "VALIDATION");
    const { recoveryCodes: fresh } = await regenerateRecoveryCodes(user.id, { code: codeAt(secret, at(60)) }, at(60));
    expect(fresh).toHaveLength(10);
    expect(fresh.some((c) => codes.includes(c))).toBe(false);
    expect(await useRecoveryCode(user.id, codes[1]!)).toBe(false);
    expect(await useRecoveryCode(user.id, fresh[1]!)).toBe(true);
    expect(await countRemainingRecoveryCodes(user.id)).toBe(9);
    // The TOTP code used to regenerate is spent.
    expect(await verifyTwoFactorCode(user.id, codeAt(secret, at(60)), at(60))).toBe(false);
  });
});

describe("disabling", () => {
  it("a customer disables with their password; the secret and codes are gone", async () => {
    const user = await createUser();
    const { secret } = await enrol(user.id);
    const wrong = await expectAppError(disableTwoFactor(user.id, { password: "wrong password" }), "VALIDATION");
    expect(wrong.fieldErrors?.password).toBeDefined();
    expect(await getTwoFactorStatus(user.id)).toMatchObject({ enabled: true });

    await disableTwoFactor(user.id, { password: PASSWORD }, { ip: "192.0.2.1", userAgent: "vitest" });
    expect(await getTwoFactorStatus(user.id)).toEqual({ enabled: false, pendingEnrolment: false, remainingRecoveryCodes: 0 });
    expect(await identityDb().select().from(totpSecrets).where(eq(totpSecrets.userId, user.id))).toHaveLength(0);
    expect(await identityDb().select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id))).toHaveLength(0);
    expect(await verifyTwoFactorCode(user.id, codeAt(secret, at(80)), at(80))).toBe(false);
    const [event] = await identityDb()
      .select()
      .from(authEvents)
      .where(and(eq(authEvents.userId, user.id), eq(authEvents.type, "two_factor_disabled")));
    expect(event).toMatchObject({ reason: "user", ip: "192.0.2.1" });

    await expectAppError(disableTwoFactor(user.id, { password: PASSWORD }), "CONFLICT");
  });

  it("staff cannot disable 2FA", async () => {
    const staff = await createUser("support");
    await enrol(staff.id);
    const error = await expectAppError(disableTwoFactor(staff.id, { password: PASSWORD }), "FORBIDDEN");
    expect(error.message).toMatch(/staff/i);
    expect(await getTwoFactorStatus(staff.id)).toMatchObject({ enabled: true });
  });
});

describe("adminResetTwoFactor", () => {
  it("removes the secret and codes, signs the user out everywhere, and audits without secrets", async () => {
    const admin = await createUser("admin");
    const user = await createUser();
    const { secret, codes } = await enrol(user.id);
    const [before] = await identityDb().select({ sv: users.sessionVersion, enc: totpSecrets.secretEncrypted }).from(users).innerJoin(totpSecrets, eq(totpSecrets.userId, users.id)).where(eq(users.id, user.id));

    await adminResetTwoFactor({ id: admin.id, email: admin.email, ip: "10.0.0.5", userAgent: "admin-browser" }, user.id);

    const [after] = await identityDb().select({ sv: users.sessionVersion, enabled: users.twoFactorEnabled }).from(users).where(eq(users.id, user.id));
    expect(after).toEqual({ sv: before!.sv + 1, enabled: false });
    expect(await getTwoFactorStatus(user.id)).toEqual({ enabled: false, pendingEnrolment: false, remainingRecoveryCodes: 0 });
    expect(await useRecoveryCode(user.id, codes[0]!)).toBe(false);

    const audits = await identityDb().select().from(auditLog).where(eq(auditLog.entityId, user.id));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      action: "user.two_factor_reset",
      entityType: "user",
      actorId: admin.id,
      actorEmail: admin.email,
      ip: "10.0.0.5",
      before: { twoFactorEnabled: true, authenticatorEnrolled: true, unusedBackupCodes: 10 },
      after: { twoFactorEnabled: false },
    });
    const auditText = JSON.stringify(audits);
    expect(auditText).not.toContain(secret);
    expect(auditText).not.toContain(before!.enc);
    for (const c of codes) expect(auditText).not.toContain(c);

    const [event] = await identityDb()
      .select()
      .from(authEvents)
      .where(and(eq(authEvents.userId, user.id), eq(authEvents.type, "two_factor_disabled")));
    expect(event).toMatchObject({ reason: "admin_reset", metadata: { actorId: admin.id } });

    // The user can enrol again afterwards.
    const again = await startTotpEnrolment(user.id);
    expect(again.secret).not.toBe(secret);

    await expectAppError(adminResetTwoFactor({ id: admin.id }, "no-such-user"), "NOT_FOUND");
    expect(await identityDb().select().from(auditLog).where(eq(auditLog.entityId, "no-such-user"))).toHaveLength(0);
  });
});
