import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { authEvents, emailTokens, users } from "@/db/identity/schema";
import { AppError } from "@/lib/errors";
import { blockIp } from "@/lib/security/blocked-ips";
import {
  createUser,
  ctx,
  expectNoSecretsStored,
  linkToken,
  outbox,
  PASSWORD,
  restartInstance,
  setupIdentity,
} from "@/lib/security/__fixtures__/identity";
import { randomToken } from "@/lib/security/tokens";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import {
  changePassword,
  confirmEmailChange,
  DUPLICATE_EMAIL_MESSAGE,
  getAccountProfile,
  requestEmailChange,
  requestPasswordReset,
  resendVerification,
  resetPassword,
  signUp,
  signUpSchema,
  updateProfile,
  verifyEmail,
} from "./accounts";
import { INVALID_LINK_MESSAGE } from "./email-tokens";
import { verifyPassword } from "./password";
import { openUserSession, validateSessionClaims } from "./sessions";

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

const HOUR = 60 * 60_000;
const NEW_PASSWORD = "a brand new passphrase 42";

async function caught(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function userRow(id: string) {
  const [row] = await identityDb().select().from(users).where(eq(users.id, id));
  return row!;
}

async function eventTypes(userId: string) {
  return (await identityDb().select({ type: authEvents.type }).from(authEvents).where(eq(authEvents.userId, userId))).map((e) => e.type);
}

const validSignUp = { email: "  New.Customer@Example.COM ", password: PASSWORD, name: "  Grace Hopper " };

describe("signUp", () => {
  it("creates an unverified customer, sends a verification link and records the event", async () => {
    const { userId, verificationEmailSent } = await signUp(validSignUp, ctx());
    expect(verificationEmailSent).toBe(true);
    const row = await userRow(userId);
    expect(row).toMatchObject({ email: "new.customer@example.com", name: "Grace Hopper", role: "customer", emailVerified: null, status: "active" });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(true);

    const [mail] = await outbox();
    expect(mail).toMatchObject({ toAddress: "new.customer@example.com", template: "auth.verify-email", userId });
    expect(linkToken(mail!.text, "/verify")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mail!.html).toContain("https://skyport.test/verify?token=");
    expect(await eventTypes(userId)).toEqual(["sign_up"]);
    await expectNoSecretsStored([PASSWORD, row.passwordHash!], [linkToken(mail!.text, "/verify")]);
  });

  it("says when the email already has an account (any case), without a second account or email", async () => {
    await signUp(validSignUp, ctx());
    const error = await caught(signUp({ ...validSignUp, email: "NEW.customer@example.com" }, ctx()));
    expect(error).toMatchObject({ code: "VALIDATION", fieldErrors: { email: [DUPLICATE_EMAIL_MESSAGE] } });
    expect(await identityDb().select().from(users)).toHaveLength(1);
    expect(await outbox()).toHaveLength(1);
  });

  it("refuses oversized and malformed fields with field errors, before touching the database", async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...validSignUp, email: `${"a".repeat(250)}@example.com` }, "email"],
      [{ ...validSignUp, email: "not-an-email" }, "email"],
      [{ ...validSignUp, email: "a@b@c.com" }, "email"],
      [{ ...validSignUp, email: "" }, "email"],
      [{ ...validSignUp, email: 42 }, "email"],
      [{ ...validSignUp, password: "short-11ch" }, "password"],
      [{ ...validSignUp, password: "x".repeat(129) }, "password"],
      [{ ...validSignUp, password: "x".repeat(1_000_000) }, "password"],
      [{ ...validSignUp, password: ["array"] }, "password"],
      [{ ...validSignUp, name: "n".repeat(101) }, "name"],
      [{ ...validSignUp, name: "   " }, "name"],
      [{ ...validSignUp, name: "Bobby\u0000Tables" }, "name"],
      [{ email: validSignUp.email, password: PASSWORD }, "name"],
    ];
    for (const [input, field] of cases) {
      const error = await caught(signUp(input as never, ctx()));
      expect(error.code).toBe("VALIDATION");
      expect(error.fieldErrors?.[field], JSON.stringify(input).slice(0, 80)).toBeDefined();
      expect(JSON.stringify(error.fieldErrors)).not.toContain(PASSWORD);
    }
    expect((await caught(signUp("not an object" as never, ctx()))).code).toBe("VALIDATION");
    expect((await caught(signUp(null as never, ctx()))).code).toBe("VALIDATION");
    expect(await identityDb().select().from(users)).toEqual([]);
  });

  it("exports the schema the form uses: trimmed, lower-cased, bounded", () => {
    expect(signUpSchema.parse(validSignUp)).toEqual({ email: "new.customer@example.com", password: PASSWORD, name: "Grace Hopper" });
    expect(signUpSchema.safeParse({ ...validSignUp, password: "x".repeat(128) }).success).toBe(true);
    expect(signUpSchema.safeParse({ ...validSignUp, password: "x".repeat(12) }).success).toBe(true);
  });

  it("is rate-limited per IP across instances, and refused from a blocked IP", async () => {
    for (let i = 0; i < 10; i++) {
      await signUp({ ...validSignUp, email: `n${i}@example.com` }, ctx("198.51.100.7"));
      if (i % 3 === 0) restartInstance();
    }
    const error = await caught(signUp({ ...validSignUp, email: "n10@example.com" }, ctx("198.51.100.7")));
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.retryAfterMs).toBeGreaterThan(0);
    await signUp({ ...validSignUp, email: "other-ip@example.com" }, ctx("198.51.100.8"));

    await blockIp({ id: "admin" }, { cidr: "192.0.2.0/24", reason: "abuse" });
    expect((await caught(signUp({ ...validSignUp, email: "blocked@example.com" }, ctx("192.0.2.33")))).code).toBe("FORBIDDEN");
  });
});

describe("verifyEmail / resendVerification", () => {
  it("verifies once; used, expired and forged links all get the same answer", async () => {
    const now = new Date();
    const { userId } = await signUp(validSignUp, ctx(), now);
    const token = linkToken((await outbox())[0]!.text, "/verify");

    const expired = await caught(verifyEmail(token, new Date(now.getTime() + 49 * HOUR)));
    expect(expired).toMatchObject({ code: "GONE", message: INVALID_LINK_MESSAGE });

    expect(await verifyEmail(token, new Date(now.getTime() + 1000))).toMatchObject({ userId, kind: "email_verified" });
    expect((await userRow(userId)).emailVerified).toEqual(new Date(now.getTime() + 1000));
    expect(await eventTypes(userId)).toContain("email_verified");

    for (const bad of [token, randomToken(), "garbage", "", "x".repeat(5000)]) {
      expect(await caught(verifyEmail(bad))).toMatchObject({ code: "GONE", message: INVALID_LINK_MESSAGE });
    }
  });

  it("a reset link does not verify an email", async () => {
    const user = await createUser({ verified: false });
    await requestPasswordReset(user.email, ctx());
    const resetToken = linkToken((await outbox())[0]!.text, "/reset-password");
    expect((await caught(verifyEmail(resetToken))).code).toBe("GONE");
    expect((await userRow(user.id)).emailVerified).toBeNull();
  });

  it("resending replaces the previous link and is rate-limited per user", async () => {
    const now = new Date();
    const { userId } = await signUp(validSignUp, ctx(), now);
    const first = linkToken((await outbox())[0]!.text, "/verify");
    expect(await resendVerification(userId, ctx(), now)).toEqual({ sent: true, alreadyVerified: false });
    const second = linkToken((await outbox())[1]!.text, "/verify");
    expect((await caught(verifyEmail(first))).code).toBe("GONE");
    await resendVerification(userId, ctx(), now);
    await resendVerification(userId, ctx(), now);
    expect((await caught(resendVerification(userId, ctx(), now))).code).toBe("RATE_LIMITED");
    expect(await outbox()).toHaveLength(4);
    const latest = linkToken((await outbox())[3]!.text, "/verify");
    expect((await caught(verifyEmail(second))).code).toBe("GONE");
    await verifyEmail(latest);
    expect(await resendVerification(userId, ctx(), now)).toEqual({ sent: false, alreadyVerified: true });
    expect((await caught(resendVerification("missing", ctx()))).code).toBe("NOT_FOUND");
  });
});

describe("requestPasswordReset", () => {
  it("sends a 1-hour reset link to an existing account", async () => {
    const user = await createUser();
    await expect(requestPasswordReset(` ${user.email.toUpperCase()} `, ctx())).resolves.toBeUndefined();
    const [mail] = await outbox();
    expect(mail).toMatchObject({ toAddress: user.email, template: "auth.reset-password", userId: user.id });
    const token = linkToken(mail!.text, "/reset-password");
    const [row] = await identityDb().select().from(emailTokens);
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(HOUR);
    expect(await eventTypes(user.id)).toEqual(["password_reset_requested"]);
    await expectNoSecretsStored([PASSWORD], [token]);
  });

  it("answers the same for unknown emails, creates no email, and does the same argon2 work", async () => {
    const known = await createUser();
    // Warm up (the throw-away hash is made on first use).
    await requestPasswordReset("warmup@example.com", ctx("198.51.100.200"));

    const durations = { known: [] as number[], unknown: [] as number[] };
    const calls = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 3; i++) {
      for (const kind of ["known", "unknown"] as const) {
        vi.mocked(verifyPassword).mockClear();
        const email = kind === "known" ? known.email : `nobody${i}@example.com`;
        const started = performance.now();
        const result = await requestPasswordReset(email, ctx(`198.51.100.${i * 2 + (kind === "known" ? 1 : 2)}`));
        durations[kind].push(performance.now() - started);
        calls[kind].push(vi.mocked(verifyPassword).mock.calls.length);
        expect(result).toBeUndefined();
      }
    }
    expect(calls).toEqual({ known: [1, 1, 1], unknown: [1, 1, 1] });
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    const ratio = median(durations.known) / median(durations.unknown);
    // Generous bounds: both paths are dominated by one argon2id verification; this only catches a missing one.
    expect(ratio).toBeGreaterThan(0.25);
    expect(ratio).toBeLessThan(4);

    const mails = await outbox();
    expect(mails.map((m) => m.toAddress)).toEqual([known.email, known.email, known.email]);
    const unknownEvents = await identityDb().select().from(authEvents).where(eq(authEvents.reason, "unknown_email"));
    expect(unknownEvents.length).toBe(4);
  });

  it("sends nothing to suspended accounts, and nothing from blocked IPs", async () => {
    const suspended = await createUser({ status: "suspended" });
    await requestPasswordReset(suspended.email, ctx());
    const active = await createUser();
    await blockIp({ id: "admin" }, { cidr: "192.0.2.9", reason: "abuse" });
    await expect(requestPasswordReset(active.email, ctx("192.0.2.9"))).resolves.toBeUndefined();
    expect(await outbox()).toEqual([]);
  });

  it("is rate-limited per email (known or not alike) and per IP", async () => {
    const user = await createUser();
    for (const email of [user.email, "ghost@example.com"]) {
      for (let i = 0; i < 3; i++) await requestPasswordReset(email, ctx(`203.0.113.${i + 100}`));
      restartInstance();
      const error = await caught(requestPasswordReset(email, ctx("203.0.113.200")));
      expect(error).toMatchObject({ code: "RATE_LIMITED" });
    }
    for (let i = 0; i < 10; i++) await requestPasswordReset(`spray${i}@example.com`, ctx("203.0.113.250"));
    expect((await caught(requestPasswordReset("spray-last@example.com", ctx("203.0.113.250")))).code).toBe("RATE_LIMITED");
  });

  it("refuses malformed input as a validation error (no existence signal)", async () => {
    for (const bad of ["not-an-email", "", `${"a".repeat(300)}@example.com`, 7 as unknown as string]) {
      expect((await caught(requestPasswordReset(bad, ctx()))).code).toBe("VALIDATION");
    }
  });
});

describe("resetPassword", () => {
  async function resetLink(email: string, now = new Date()) {
    await requestPasswordReset(email, ctx(), now);
    const mails = await outbox();
    return linkToken(mails[mails.length - 1]!.text, "/reset-password");
  }

  it("sets the password once, signs out everywhere, clears a lock-out and sends a notice", async () => {
    const user = await createUser({ verified: false });
    const session = await openUserSession(user.id, ctx());
    await identityDb().update(users).set({ failedSignIns: 7, lockedUntil: new Date(Date.now() + HOUR) }).where(eq(users.id, user.id));
    const token = await resetLink(user.email);

    expect(await resetPassword(token, NEW_PASSWORD, ctx())).toEqual({ userId: user.id, email: user.email });
    const row = await userRow(user.id);
    expect(await verifyPassword(row.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(false);
    expect(row).toMatchObject({ sessionVersion: 1, failedSignIns: 0, lockedUntil: null });
    expect(row.emailVerified).not.toBeNull();
    expect(await validateSessionClaims({ userId: user.id, sessionId: session.sessionId, sessionVersion: 0 })).toBeNull();
    expect(await eventTypes(user.id)).toContain("password_reset");
    const mails = await outbox();
    expect(mails.map((m) => m.template)).toEqual(["auth.reset-password", "auth.password-changed"]);

    expect(await caught(resetPassword(token, "yet another passphrase", ctx()))).toMatchObject({ code: "GONE", message: INVALID_LINK_MESSAGE });
    await expectNoSecretsStored([PASSWORD, NEW_PASSWORD, "yet another passphrase", row.passwordHash!], [token]);
  });

  it("refuses expired, forged and superseded links with one message", async () => {
    const user = await createUser();
    const now = new Date();
    const old = await resetLink(user.email, now);
    const latest = await resetLink(user.email, new Date(now.getTime() + 1000));
    for (const [token, when] of [
      [old, now.getTime() + 2000],
      [latest, now.getTime() + HOUR + 1000],
      [randomToken(), now.getTime()],
      ["../../etc/passwd", now.getTime()],
    ] as const) {
      expect(await caught(resetPassword(token, NEW_PASSWORD, ctx(), new Date(when)))).toMatchObject({ code: "GONE", message: INVALID_LINK_MESSAGE });
    }
    expect(await verifyPassword((await userRow(user.id)).passwordHash, PASSWORD)).toBe(true);
  });

  it("a weak new password is a field error and leaves the link usable", async () => {
    const user = await createUser();
    const token = await resetLink(user.email);
    expect(await caught(resetPassword(token, "short", ctx()))).toMatchObject({ code: "VALIDATION", fieldErrors: { password: expect.any(Array) } });
    expect((await caught(resetPassword(token, "x".repeat(129), ctx()))).code).toBe("VALIDATION");
    await resetPassword(token, NEW_PASSWORD, ctx());
  });

  it("a link for an address the account no longer has is dead", async () => {
    const user = await createUser();
    const token = await resetLink(user.email);
    await identityDb().update(users).set({ email: "moved@example.com" }).where(eq(users.id, user.id));
    expect((await caught(resetPassword(token, NEW_PASSWORD, ctx()))).code).toBe("GONE");
  });
});

describe("changePassword", () => {
  it("requires the current password, then changes it and ends every session", async () => {
    const user = await createUser();
    const session = await openUserSession(user.id, ctx());
    const wrong = await caught(changePassword(user.id, { currentPassword: "not my password", newPassword: NEW_PASSWORD }, ctx()));
    expect(wrong).toMatchObject({ code: "VALIDATION", fieldErrors: { currentPassword: ["Your current password is not correct."] } });
    const same = await caught(changePassword(user.id, { currentPassword: PASSWORD, newPassword: PASSWORD }, ctx()));
    expect(same.fieldErrors).toHaveProperty("newPassword");
    expect((await caught(changePassword(user.id, { currentPassword: PASSWORD, newPassword: "short" }, ctx()))).fieldErrors).toHaveProperty("newPassword");
    expect((await caught(changePassword(user.id, { currentPassword: "x".repeat(5000), newPassword: NEW_PASSWORD }, ctx()))).code).toBe("VALIDATION");

    expect(await changePassword(user.id, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, ctx())).toEqual({ sessionVersion: 1 });
    expect(await verifyPassword((await userRow(user.id)).passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await validateSessionClaims({ userId: user.id, sessionId: session.sessionId, sessionVersion: 0 })).toBeNull();
    expect(await eventTypes(user.id)).toContain("password_changed");
    expect((await outbox()).map((m) => m.template)).toEqual(["auth.password-changed"]);
    await expectNoSecretsStored([PASSWORD, NEW_PASSWORD, "not my password"]);
  });

  it("limits guessing the current password through a stolen session", async () => {
    const user = await createUser();
    for (let i = 0; i < 10; i++) await caught(changePassword(user.id, { currentPassword: `guess number ${i}`, newPassword: NEW_PASSWORD }, ctx()));
    expect((await caught(changePassword(user.id, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, ctx()))).code).toBe("RATE_LIMITED");
  });

  it("an OAuth-only account has no current password to give", async () => {
    const user = await createUser({ password: null });
    const error = await caught(changePassword(user.id, { currentPassword: "anything at all", newPassword: NEW_PASSWORD }, ctx()));
    expect(error.fieldErrors?.currentPassword?.[0]).toMatch(/no password yet/);
  });
});

describe("email change", () => {
  it("confirms through a link sent to the new address, notifies the old one, and re-verifies", async () => {
    const user = await createUser({ email: "old@example.com" });
    const session = await openUserSession(user.id, ctx());
    expect(await requestEmailChange(user.id, { newEmail: " New@Example.com ", password: PASSWORD }, ctx())).toEqual({ sent: true });
    const mails = await outbox();
    expect(mails.map((m) => [m.toAddress, m.template])).toEqual([
      ["new@example.com", "auth.confirm-email-change"],
      ["old@example.com", "auth.email-change-requested"],
    ]);
    expect(mails[1]!.text).not.toContain("https://skyport.test/verify");
    expect((await userRow(user.id)).email).toBe("old@example.com");

    const token = linkToken(mails[0]!.text, "/verify");
    const result = await verifyEmail(token);
    expect(result).toMatchObject({ userId: user.id, kind: "email_changed", email: "new@example.com", sessionVersion: 1 });
    const row = await userRow(user.id);
    expect(row).toMatchObject({ email: "new@example.com", sessionVersion: 1 });
    expect(row.emailVerified).not.toBeNull();
    expect(await validateSessionClaims({ userId: user.id, sessionId: session.sessionId, sessionVersion: 0 })).toBeNull();
    expect((await outbox()).at(-1)).toMatchObject({ toAddress: "old@example.com", template: "auth.email-changed" });
    expect(await eventTypes(user.id)).toContain("email_changed");
    expect((await caught(confirmEmailChange(token))).code).toBe("GONE");
    await expectNoSecretsStored([PASSWORD], [token]);
  });

  it("confirmEmailChange accepts only email-change links", async () => {
    const user = await createUser();
    await requestEmailChange(user.id, { newEmail: "fresh@example.com", password: PASSWORD }, ctx());
    const token = linkToken((await outbox())[0]!.text, "/verify");
    const { userId: otherId } = await signUp({ ...validSignUp, email: "someone-else@example.com" }, ctx());
    const verifyToken = linkToken((await outbox()).at(-1)!.text, "/verify");
    expect((await caught(confirmEmailChange(verifyToken))).code).toBe("GONE");
    expect((await userRow(otherId)).emailVerified).toBeNull();
    expect(await confirmEmailChange(token)).toMatchObject({ userId: user.id, email: "fresh@example.com", sessionVersion: 1 });
  });

  it("requires the password and a new, free address", async () => {
    const user = await createUser({ email: "me@example.com" });
    const taken = await createUser({ email: "taken@example.com" });
    const cases: Array<[Parameters<typeof requestEmailChange>[1], string]> = [
      [{ newEmail: "new@example.com", password: "wrong password" }, "password"],
      [{ newEmail: "new@example.com", password: "" }, "password"],
      [{ newEmail: "ME@example.com", password: PASSWORD }, "newEmail"],
      [{ newEmail: taken.email, password: PASSWORD }, "newEmail"],
      [{ newEmail: "bad address", password: PASSWORD }, "newEmail"],
      [{ newEmail: `${"x".repeat(260)}@example.com`, password: PASSWORD }, "newEmail"],
    ];
    for (const [input, field] of cases) {
      const error = await caught(requestEmailChange(user.id, input, ctx()));
      expect(error.code).toBe("VALIDATION");
      expect(error.fieldErrors?.[field]).toBeDefined();
    }
    expect(await outbox()).toEqual([]);
  });

  it("refuses to switch when another account took the address in the meantime", async () => {
    const user = await createUser();
    await requestEmailChange(user.id, { newEmail: "contested@example.com", password: PASSWORD }, ctx());
    const token = linkToken((await outbox())[0]!.text, "/verify");
    await createUser({ email: "contested@example.com" });
    expect((await caught(verifyEmail(token))).code).toBe("CONFLICT");
    expect((await userRow(user.id)).email).toBe(user.email);
  });
});

describe("profile", () => {
  it("returns a shaped profile without secrets", async () => {
    const user = await createUser({ name: "Ada" });
    const profile = await getAccountProfile(user.id);
    expect(Object.keys(profile).sort()).toEqual(["createdAt", "email", "emailVerified", "emailVerifiedAt", "hasPassword", "id", "name", "role", "twoFactorEnabled"]);
    expect(profile).toMatchObject({ id: user.id, email: user.email, name: "Ada", emailVerified: true, role: "customer", twoFactorEnabled: false, hasPassword: true });
    expect(JSON.stringify(profile)).not.toContain("argon2");
    expect((await getAccountProfile((await createUser({ password: null })).id)).hasPassword).toBe(false);
    expect((await caught(getAccountProfile("missing"))).code).toBe("NOT_FOUND");
  });

  it("updates the name with validation", async () => {
    const user = await createUser();
    expect(await updateProfile(user.id, { name: "  Ada Lovelace " })).toMatchObject({ name: "Ada Lovelace" });
    for (const name of ["", "x".repeat(101), "a\nb"]) expect((await caught(updateProfile(user.id, { name }))).fieldErrors).toHaveProperty("name");
    expect((await caught(updateProfile("missing", { name: "X" }))).code).toBe("NOT_FOUND");
  });
});
