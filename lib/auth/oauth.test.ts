import { and, eq } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { identityDb } from "@/db/identity/client";
import { authEvents, recoveryCodes, totpSecrets, users } from "@/db/identity/schema";
import { createUser, ctx, setupIdentity } from "@/lib/security/__fixtures__/identity";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { createOAuthChallenge, decideOAuthSignIn, recordOAuthSignIn, verifyOAuthChallenge } from "./oauth";
import { authenticateOAuthSecondFactor } from "./sign-in";
import { confirmTotpEnrolment, startTotpEnrolment } from "./two-factor";

let temp: TempDatabases;
beforeEach(async () => {
  temp = await setupIdentity();
});
afterEach(() => temp.cleanup());

const T0 = new Date("2026-06-01T12:00:00.000Z");
const github = (email: string | null, id = "1001") => ({ provider: "github", providerAccountId: id, email });

async function user(id: string) {
  const [row] = await identityDb().select().from(users).where(eq(users.id, id));
  return row!;
}

async function failureReasons() {
  const rows = await identityDb().select({ reason: authEvents.reason }).from(authEvents).where(and(eq(authEvents.type, "sign_in_failure"), eq(authEvents.provider, "github")));
  return rows.map((r) => r.reason);
}

describe("decideOAuthSignIn", () => {
  it("lets a new verified email in (Auth.js creates the account) and refuses one without a verified email", async () => {
    expect(await decideOAuthSignIn(github("new@example.com"), ctx(), T0)).toEqual({ kind: "allow", userId: null });
    expect(await decideOAuthSignIn(github(null), ctx(), T0)).toEqual({ kind: "deny", reason: "no_verified_email" });
    expect(await failureReasons()).toEqual(["no_verified_email"]);
  });

  it("links to the existing verified account with that email, and refuses suspended or locked ones", async () => {
    const ada = await createUser({ email: "ada@example.com" });
    expect(await decideOAuthSignIn(github("ADA@example.com"), ctx(), T0)).toEqual({ kind: "allow", userId: ada.id });
    const suspended = await createUser({ email: "sus@example.com", status: "suspended" });
    expect(await decideOAuthSignIn(github("sus@example.com"), ctx(), T0)).toEqual({ kind: "deny", reason: "suspended" });
    await identityDb().update(users).set({ lockedUntil: new Date(T0.getTime() + 60_000) }).where(eq(users.id, ada.id));
    expect(await decideOAuthSignIn(github("ada@example.com"), ctx(), T0)).toEqual({ kind: "deny", reason: "locked" });
    expect(await failureReasons()).toEqual(["suspended", "locked"]);
    expect((await user(suspended.id)).status).toBe("suspended");
  });

  it("takes an unverified look-alike account back for the email's owner: its password and second factor go, its sessions end", async () => {
    const squatter = await createUser({ email: "victim@example.com", verified: false });
    const enrolment = await startTotpEnrolment(squatter.id);
    const totp = new TOTP({ secret: Secret.fromBase32(enrolment.secret), digits: 6, period: 30, algorithm: "SHA1" });
    await confirmTotpEnrolment(squatter.id, totp.generate({ timestamp: T0.getTime() - 120_000 }), ctx(), new Date(T0.getTime() - 120_000));
    const before = await user(squatter.id);
    expect(before.passwordHash).not.toBeNull();
    expect(before.twoFactorEnabled).toBe(true);
    // Not asked for the squatter's code: the owner gets straight in.
    expect(await decideOAuthSignIn(github("victim@example.com"), ctx(), T0)).toEqual({ kind: "allow", userId: squatter.id });
    const after = await user(squatter.id);
    expect(after.passwordHash).toBeNull();
    expect(after.twoFactorEnabled).toBe(false);
    expect(await identityDb().select().from(totpSecrets).where(eq(totpSecrets.userId, squatter.id))).toEqual([]);
    expect(await identityDb().select().from(recoveryCodes).where(eq(recoveryCodes.userId, squatter.id))).toEqual([]);
    expect(after.emailVerified).toEqual(T0);
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
  });

  it("asks an account with two-step verification for its code, with lock-out counting like the password path", async () => {
    const ada = await createUser({ email: "ada2fa@example.com" });
    const enrolment = await startTotpEnrolment(ada.id);
    const totp = new TOTP({ secret: Secret.fromBase32(enrolment.secret), digits: 6, period: 30, algorithm: "SHA1" });
    await confirmTotpEnrolment(ada.id, totp.generate({ timestamp: T0.getTime() - 120_000 }), ctx(), new Date(T0.getTime() - 120_000));

    const decision = await decideOAuthSignIn(github("ada2fa@example.com"), ctx(), T0);
    expect(decision.kind).toBe("two_factor");
    if (decision.kind !== "two_factor") return;
    const challenge = verifyOAuthChallenge(decision.challenge, T0.getTime());
    expect(challenge).toEqual({ userId: ada.id, provider: "github" });

    const wrong = await authenticateOAuthSecondFactor(challenge!, { totpCode: "000000" }, ctx(), T0);
    expect(wrong).toEqual({ ok: false, reason: "two_factor_invalid" });
    expect((await user(ada.id)).failedSignIns).toBe(1);
    expect(await authenticateOAuthSecondFactor(challenge!, {}, ctx(), T0)).toEqual({ ok: false, reason: "two_factor_required" });

    const right = await authenticateOAuthSecondFactor(challenge!, { totpCode: totp.generate({ timestamp: T0.getTime() }) }, ctx(), T0);
    expect(right).toMatchObject({ ok: true, user: { id: ada.id } });
    const [success] = await identityDb().select().from(authEvents).where(and(eq(authEvents.userId, ada.id), eq(authEvents.type, "sign_in_success")));
    expect(success).toMatchObject({ provider: "github", metadata: { method: "totp" } });
  });

  it("challenges are signed and short-lived", () => {
    const token = createOAuthChallenge({ userId: "u1", provider: "github" }, T0.getTime());
    expect(verifyOAuthChallenge(token, T0.getTime() + 4 * 60_000)).toEqual({ userId: "u1", provider: "github" });
    expect(verifyOAuthChallenge(token, T0.getTime() + 6 * 60_000)).toBeNull();
    const [payload, signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ u: "admin", p: "github", exp: T0.getTime() + 60_000 })).toString("base64url");
    expect(verifyOAuthChallenge(`${forged}.${signature}`, T0.getTime())).toBeNull();
    expect(verifyOAuthChallenge(`${payload}.x${signature}`, T0.getTime())).toBeNull();
    expect(verifyOAuthChallenge(42, T0.getTime())).toBeNull();
  });
});

describe("recordOAuthSignIn", () => {
  it("marks the provider-vouched email verified and records sign-up and sign-in", async () => {
    const fresh = await createUser({ email: "fresh@example.com", verified: false, password: null });
    await recordOAuthSignIn(fresh.id, "github", ctx(), true, T0);
    expect((await user(fresh.id)).emailVerified).toEqual(T0);
    const events = await identityDb().select({ type: authEvents.type, provider: authEvents.provider }).from(authEvents).where(eq(authEvents.userId, fresh.id));
    expect(events).toEqual([
      { type: "sign_up", provider: "github" },
      { type: "sign_in_success", provider: "github" },
    ]);
  });
});
