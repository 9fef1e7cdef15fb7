import "server-only";
/**
 * Email + password (+ second factor) sign-in, independent of Auth.js: the sign-in action calls this, then opens
 * a session. The order matters:
 *   blocked IP → rate limits (per IP, per typed email) → user lookup → lock-out → password → account status
 *   → second factor → success.
 * - An unknown email, a wrong password and an OAuth-only account all answer "invalid_credentials" after the same
 *   argon2 work, so neither the answer nor its timing says whether the account exists.
 * - "suspended" and "two_factor_required" are only said to someone who knows the password.
 * - A missing second factor is a step, not a failure; a wrong one counts towards the lock-out like a wrong password.
 * - Every failure is recorded as a `sign_in_failure` event with a machine-readable reason (never the password).
 */
import { eq } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { users, type UserRole } from "@/db/identity/schema";
import { isIpBlocked } from "@/lib/security/blocked-ips";
import { consumeRateLimit, RATE_LIMITS, rateLimitKey } from "@/lib/security/rate-limit";
import { requestContext, type RequestContext } from "@/lib/security/request-context";
import { dummyPasswordCheck } from "@/lib/security/timing";
import { eventEmail, recordAuthEvent } from "./events";
import { isLocked, registerFailedSignIn } from "./lockout";
import { hashPassword, MAX_PASSWORD_LENGTH, passwordNeedsRehash, verifyPassword } from "./password";
import { useRecoveryCode, verifyTwoFactorCode } from "./two-factor";

export type SignInFailureReason =
  | "invalid_credentials"
  | "locked"
  | "two_factor_required"
  | "two_factor_invalid"
  | "blocked_ip"
  | "rate_limited"
  | "suspended";

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string | null;
  role: UserRole;
  sessionVersion: number;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
}

export type SignInResult =
  | { ok: true; user: AuthenticatedUser }
  | { ok: false; reason: SignInFailureReason; retryAfterMs?: number; lockedUntil?: Date };

export interface PasswordSignInInput {
  email: string;
  password: string;
  totpCode?: string | null;
  recoveryCode?: string | null;
}

/** Longest second-factor input we pass on (TOTP is 6 digits, recovery codes ~20 characters with dashes). */
const MAX_CODE_LENGTH = 64;

const text = (value: unknown) => (typeof value === "string" ? value : "");

export async function authenticateWithPassword(input: PasswordSignInInput, rawCtx: RequestContext, now: Date = new Date()): Promise<SignInResult> {
  return authenticate({ kind: "password" }, input, rawCtx, now);
}

/**
 * The second step after a GitHub/Google sign-in for an account with two-step verification (lib/auth/oauth.ts
 * issued the challenge once the provider vouched for the email): the same lock-out, status and code checks as
 * the password path, with the provider as the first factor.
 */
export async function authenticateOAuthSecondFactor(
  challenge: { userId: string; provider: string },
  codes: Pick<PasswordSignInInput, "totpCode" | "recoveryCode">,
  rawCtx: RequestContext,
  now: Date = new Date(),
): Promise<SignInResult> {
  return authenticate({ kind: "oauth", ...challenge }, { email: "", password: "", ...codes }, rawCtx, now);
}

type FirstFactor = { kind: "password" } | { kind: "oauth"; userId: string; provider: string };

async function authenticate(first: FirstFactor, input: PasswordSignInInput, rawCtx: RequestContext, now: Date): Promise<SignInResult> {
  const ctx = requestContext(rawCtx?.ip, rawCtx?.userAgent);
  const typedEmail = text(input?.email).trim().toLowerCase();
  let email = eventEmail(typedEmail);
  const password = text(input?.password);
  const db = identityDb();

  const fail = async (
    reason: SignInFailureReason,
    eventReason: string,
    extra: { userId?: string; retryAfterMs?: number; lockedUntil?: Date; metadata?: Record<string, unknown> } = {},
  ): Promise<SignInResult> => {
    await recordAuthEvent(db, {
      type: "sign_in_failure",
      reason: eventReason,
      userId: extra.userId ?? null,
      email,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      metadata: extra.metadata,
      at: now,
    });
    const result: SignInResult = { ok: false, reason };
    if (extra.retryAfterMs !== undefined) result.retryAfterMs = extra.retryAfterMs;
    if (extra.lockedUntil) result.lockedUntil = extra.lockedUntil;
    return result;
  };

  if (await isIpBlocked(ctx.ip, now)) return fail("blocked_ip", "blocked_ip");

  const ipLimit = await consumeRateLimit(rateLimitKey("sign-in:ip", ctx.ip ?? "unknown"), RATE_LIMITS.signIn.ip, now);
  if (!ipLimit.allowed) return fail("rate_limited", "rate_limited_ip", { retryAfterMs: ipLimit.retryAfterMs });
  if (email) {
    const emailLimit = await consumeRateLimit(rateLimitKey("sign-in:email", email), RATE_LIMITS.signIn.email, now);
    if (!emailLimit.allowed) return fail("rate_limited", "rate_limited_email", { retryAfterMs: emailLimit.retryAfterMs });
  }

  if (first.kind === "password" && (!email || password.length === 0 || password.length > MAX_PASSWORD_LENGTH)) {
    await dummyPasswordCheck(password);
    return fail("invalid_credentials", "malformed");
  }

  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      status: users.status,
      passwordHash: users.passwordHash,
      sessionVersion: users.sessionVersion,
      emailVerified: users.emailVerified,
      twoFactorEnabled: users.twoFactorEnabled,
      lockedUntil: users.lockedUntil,
    })
    .from(users)
    .where(first.kind === "oauth" ? eq(users.id, first.userId) : eq(users.email, email ?? ""))
    .limit(1);
  if (first.kind === "oauth") email = user?.email ?? null;

  if (!user) {
    await dummyPasswordCheck(password);
    return fail("invalid_credentials", "unknown_email");
  }

  if (isLocked(user, now)) {
    // Refused without looking at the password: the lock must stop guessing, not just slow it down.
    await dummyPasswordCheck(password);
    const lockedUntil = user.lockedUntil!;
    return fail("locked", "locked", { userId: user.id, lockedUntil, retryAfterMs: lockedUntil.getTime() - now.getTime() });
  }

  const passwordOk =
    first.kind === "oauth" || (user.passwordHash ? await verifyPassword(user.passwordHash, password) : await dummyPasswordCheck(password));
  if (!passwordOk) {
    return countFailure(user, "invalid_credentials", user.passwordHash ? "bad_password" : "no_password");
  }

  if (user.status !== "active") return fail("suspended", user.status, { userId: user.id });

  let method: "password" | "oauth" | "totp" | "recovery_code" = first.kind;
  if (user.twoFactorEnabled) {
    const totpCode = text(input?.totpCode).trim();
    const recoveryCode = text(input?.recoveryCode).trim();
    if (!totpCode && !recoveryCode) return { ok: false, reason: "two_factor_required" };
    method = totpCode ? "totp" : "recovery_code";
    const code = totpCode || recoveryCode;
    const valid =
      code.length <= MAX_CODE_LENGTH &&
      (method === "totp" ? await verifyTwoFactorCode(user.id, code, now) : await useRecoveryCode(user.id, code, ctx));
    if (!valid) return countFailure(user, "two_factor_invalid", "two_factor_invalid", { method });
  }

  // Upgrade a hash made with weaker parameters while we hold the plain password (outside the transaction).
  const upgradedHash =
    first.kind === "password" && user.passwordHash && passwordNeedsRehash(user.passwordHash) ? await hashPassword(password) : null;
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({
        failedSignIns: 0,
        lockedUntil: null,
        lastSignInAt: now,
        lastSignInIp: ctx.ip,
        ...(upgradedHash ? { passwordHash: upgradedHash } : {}),
      })
      .where(eq(users.id, user.id));
    await recordAuthEvent(tx, {
      type: "sign_in_success",
      userId: user.id,
      email: user.email,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      provider: first.kind === "oauth" ? first.provider : null,
      metadata: { method },
      at: now,
    });
  });

  return {
    ok: true,
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      sessionVersion: user.sessionVersion,
      emailVerified: user.emailVerified !== null,
      twoFactorEnabled: user.twoFactorEnabled,
    },
  };

  async function countFailure(
    target: { id: string; email: string },
    reason: "invalid_credentials" | "two_factor_invalid",
    eventReason: string,
    metadata?: Record<string, unknown>,
  ): Promise<SignInResult> {
    const outcome = await db.transaction(async (tx) => {
      const counted = await registerFailedSignIn(tx, target, ctx, now);
      await recordAuthEvent(tx, {
        type: "sign_in_failure",
        reason: eventReason,
        userId: target.id,
        email,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        metadata: { ...metadata, failures: counted.failedSignIns },
        at: now,
      });
      return counted;
    });
    // The failure that triggers the lock says so at once, rather than on the next attempt.
    if (outcome.lockedUntil) {
      return { ok: false, reason: "locked", lockedUntil: outcome.lockedUntil, retryAfterMs: outcome.lockedUntil.getTime() - now.getTime() };
    }
    return { ok: false, reason };
  }
}
