import "server-only";
/**
 * Accounts: sign-up with email verification, password reset, change password, change email, profile.
 *
 * - Identity writes happen in one identity transaction; the email is queued in the ops outbox afterwards
 *   (another database). If queuing fails the change stands and the user can ask again (resend / reset again).
 * - Password reset never reveals whether an address has an account: same result, same kind of work
 *   (one argon2 verification and one event row) on both paths, and no email for unknown addresses.
 * - Sign-up does say "this address already has an account" (every SaaS does, and it is rate-limited per IP).
 * - Everything that proves control of the account (reset, password change, email change) bumps the session
 *   version: every existing session ends.
 */
import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { identityDb } from "@/db/identity/client";
import { users, type UserRole } from "@/db/identity/schema";
import { renderEmail, sendEmail } from "@/lib/email";
import { enqueue } from "@/lib/jobs/enqueue";
import { serverEnv } from "@/lib/env";
import { AppError, notFound, validation } from "@/lib/errors";
import { isIpBlocked } from "@/lib/security/blocked-ips";
import { assertRateLimit, RATE_LIMITS, rateLimitKey } from "@/lib/security/rate-limit";
import { normalizeIp, type RequestContext } from "@/lib/security/request-context";
import { dummyPasswordCheck } from "@/lib/security/timing";
import { parseTokenInput } from "@/lib/security/tokens";
import {
  consumeEmailTokenIn,
  EMAIL_TOKEN_TTL,
  invalidLinkError,
  issueEmailToken,
  revokeEmailTokens,
  type ConsumedEmailToken,
} from "./email-tokens";
import { recordAuthEvent, type IdentityExecutor } from "./events";
import { clearFailedSignIns } from "./lockout";
import { hashPassword, verifyPassword } from "./password";
import { revokeAllSessionsIn } from "./sessions";

// ---------------------------------------------------------------------------------------------------------------
// Schemas (shared with the forms)

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_NEW_PASSWORD_LENGTH = 128;
/** What we accept when checking an existing password (lib/auth/password.ts hashes at most 1024 characters). */
const MAX_CHECKED_PASSWORD_LENGTH = 1024;

export const DUPLICATE_EMAIL_MESSAGE = "An account with this email already exists. Sign in or reset your password.";

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "Email addresses are at most 254 characters.")
  .toLowerCase()
  .pipe(z.email("Enter a valid email address."));

export const newPasswordSchema = z
  .string({ error: "Enter a password." })
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_NEW_PASSWORD_LENGTH, `Use at most ${MAX_NEW_PASSWORD_LENGTH} characters.`);

const currentPasswordSchema = z
  .string({ error: "Enter your current password." })
  .min(1, "Enter your current password.")
  .max(MAX_CHECKED_PASSWORD_LENGTH, "That password is too long.");

export const nameSchema = z
  .string({ error: "Enter your name." })
  .trim()
  .min(1, "Enter your name.")
  .max(100, "Names are at most 100 characters.")
  .refine((v) => !CONTROL_CHARACTERS.test(v), "Names cannot contain control characters.");

export const signUpSchema = z.object({ email: emailSchema, password: newPasswordSchema, name: nameSchema });
export type SignUpInput = z.input<typeof signUpSchema>;

export const resetPasswordSchema = z.object({ token: z.string().max(256), password: newPasswordSchema });

export const changePasswordSchema = z
  .object({ currentPassword: currentPasswordSchema, newPassword: newPasswordSchema })
  .refine((v) => v.currentPassword !== v.newPassword, {
    path: ["newPassword"],
    message: "Choose a password different from your current one.",
  });
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

export const requestEmailChangeSchema = z.object({
  newEmail: emailSchema,
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(MAX_CHECKED_PASSWORD_LENGTH, "That password is too long."),
});
export type RequestEmailChangeInput = z.input<typeof requestEmailChangeSchema>;

export const updateProfileSchema = z.object({ name: nameSchema });
export type UpdateProfileInput = z.input<typeof updateProfileSchema>;

/** Parses or throws AppError("VALIDATION") with per-field messages (and never echoes the input). */
function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const flat = z.flattenError(result.error);
  const fieldErrors = flat.fieldErrors as Record<string, string[]>;
  if (Object.keys(fieldErrors).length === 0) throw new AppError("VALIDATION", flat.formErrors[0] ?? "Please check the form.");
  throw validation(fieldErrors);
}

// ---------------------------------------------------------------------------------------------------------------
// Emails

const appLink = (path: string, token: string) => `${serverEnv().APP_URL.replace(/\/+$/, "")}${path}?token=${encodeURIComponent(token)}`;

/** Queues an email; false (logged, nothing secret in the log) when the outbox cannot be reached. */
async function queueEmail(input: { to: string; subject: string; template: string; userId: string; content: Parameters<typeof renderEmail>[0] }): Promise<boolean> {
  try {
    const rendered = renderEmail({ brand: serverEnv().APP_NAME, ...input.content });
    await sendEmail({ to: input.to, subject: input.subject, text: rendered.text, html: rendered.html, template: input.template, userId: input.userId });
    return true;
  } catch (error) {
    console.error(`[auth] could not queue ${input.template} email: ${error instanceof Error ? error.message.split("\n")[0] : "unknown error"}`);
    return false;
  }
}

function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}${"*".repeat(Math.max(1, Math.min(local.length - 1, 6)))}@${domain}`;
}

const SECURITY_FOOTER = "You received this email because of a change to your account's security settings.";

function sendVerificationEmail(user: { id: string; email: string }, token: string) {
  return queueEmail({
    to: user.email,
    subject: "Confirm your email address",
    template: "auth.verify-email",
    userId: user.id,
    content: {
      heading: "Confirm your email address",
      paragraphs: [
        `Confirm that ${user.email} is your address to finish setting up your account.`,
        "The link works once and expires in 48 hours. If you did not create an account, you can ignore this email.",
      ],
      action: { label: "Confirm email address", url: appLink("/verify", token) },
    },
  });
}

function sendPasswordResetEmail(user: { id: string; email: string }, token: string) {
  return queueEmail({
    to: user.email,
    subject: "Reset your password",
    template: "auth.reset-password",
    userId: user.id,
    content: {
      heading: "Reset your password",
      paragraphs: [
        "Someone (hopefully you) asked to reset the password of your account.",
        "The link works once and expires in 1 hour. If you did not ask for it, ignore this email: your password stays as it is.",
      ],
      action: { label: "Choose a new password", url: appLink("/reset-password", token) },
    },
  });
}

function sendPasswordChangedEmail(user: { id: string; email: string }) {
  return queueEmail({
    to: user.email,
    subject: "Your password was changed",
    template: "auth.password-changed",
    userId: user.id,
    content: {
      heading: "Your password was changed",
      paragraphs: [
        "The password of your account was just changed, and every device that was signed in has been signed out.",
        "If this was not you, reset your password right away and contact support.",
      ],
      footer: SECURITY_FOOTER,
    },
  });
}

function sendEmailChangeConfirmation(user: { id: string }, newEmail: string, token: string) {
  return queueEmail({
    to: newEmail,
    subject: "Confirm your new email address",
    template: "auth.confirm-email-change",
    userId: user.id,
    content: {
      heading: "Confirm your new email address",
      paragraphs: [
        `Confirm that ${newEmail} should become the email address of your account.`,
        "The link works once and expires in 24 hours. Until you confirm, your old address stays in use.",
      ],
      action: { label: "Confirm new address", url: appLink("/verify", token) },
    },
  });
}

function sendEmailChangeRequestedNotice(user: { id: string; email: string }, newEmail: string) {
  return queueEmail({
    to: user.email,
    subject: "A change of your email address was requested",
    template: "auth.email-change-requested",
    userId: user.id,
    content: {
      heading: "Email change requested",
      paragraphs: [
        `We received a request to change the email address of your account to ${maskEmail(newEmail)}. Nothing changes until the new address is confirmed.`,
        "If this was not you, change your password right away.",
      ],
      footer: SECURITY_FOOTER,
    },
  });
}

function sendEmailChangedNotice(user: { id: string }, oldEmail: string, newEmail: string) {
  return queueEmail({
    to: oldEmail,
    subject: "Your email address was changed",
    template: "auth.email-changed",
    userId: user.id,
    content: {
      heading: "Your email address was changed",
      paragraphs: [
        `Your account now uses ${maskEmail(newEmail)}; this address no longer receives its emails.`,
        "If this was not you, contact support right away.",
      ],
      footer: SECURITY_FOOTER,
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Sign-up and verification

/** Rate-limit bucket of a client address; `::ffff:a.b.c.d` and `a.b.c.d` share one. */
const ipKey = (ip: string | null) => normalizeIp(ip) ?? "unknown";

export async function signUp(
  input: SignUpInput,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<{ userId: string; verificationEmailSent: boolean }> {
  const data = parseInput(signUpSchema, input);
  if (await isIpBlocked(ctx.ip, now)) throw new AppError("FORBIDDEN", "Sign-up is not available from your network.");
  await assertRateLimit(rateLimitKey("sign-up:ip", ipKey(ctx.ip)), RATE_LIMITS.signUp.ip, now);
  // Hash before the transaction: argon2 takes tens of milliseconds and must not hold the write lock.
  const passwordHash = await hashPassword(data.password);
  const created = await identityDb().transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ email: data.email, name: data.name, passwordHash, role: "customer", createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (!row) return null;
    const token = await issueEmailToken(tx, {
      userId: row.id,
      purpose: "verify_email",
      email: data.email,
      ttlMs: EMAIL_TOKEN_TTL.verify_email,
      ip: ctx.ip,
      now,
    });
    await recordAuthEvent(tx, { type: "sign_up", userId: row.id, email: data.email, ip: ctx.ip, userAgent: ctx.userAgent, at: now });
    return { userId: row.id, token };
  });
  if (!created) throw validation({ email: [DUPLICATE_EMAIL_MESSAGE] });
  const verificationEmailSent = await sendVerificationEmail({ id: created.userId, email: data.email }, created.token);
  return { userId: created.userId, verificationEmailSent };
}

export type VerifyEmailResult =
  | { userId: string; kind: "email_verified"; email: string }
  | { userId: string; kind: "email_changed"; email: string; sessionVersion: number };

/**
 * Redeems a `/verify?token=` link: a sign-up verification, or the confirmation of an email change (both links
 * go to /verify). Throws AppError("GONE", "This link is invalid or has expired.") for anything else.
 */
export async function verifyEmail(token: string, now: Date = new Date()): Promise<VerifyEmailResult> {
  if (!parseTokenInput(token)) throw invalidLinkError();
  const result = await identityDb().transaction(async (tx) => {
    const consumed = await consumeEmailTokenIn(tx, ["verify_email", "change_email"], token, now);
    if (consumed.purpose === "change_email") return applyEmailChange(tx, consumed, now);
    const [user] = await tx
      .select({ id: users.id, email: users.email, emailVerified: users.emailVerified })
      .from(users)
      .where(eq(users.id, consumed.userId))
      .limit(1);
    // A link for an address the account no longer has is as good as expired.
    if (!user || user.email !== consumed.email) throw invalidLinkError();
    if (!user.emailVerified) await tx.update(users).set({ emailVerified: now }).where(eq(users.id, user.id));
    await revokeEmailTokens(tx, user.id, "verify_email", now);
    await recordAuthEvent(tx, { type: "email_verified", userId: user.id, email: user.email, at: now });
    return { userId: user.id, kind: "email_verified" as const, email: user.email };
  });
  if (result.kind === "email_changed") await sendEmailChangedNotice({ id: result.userId }, result.previousEmail, result.email);
  return result.kind === "email_changed"
    ? { userId: result.userId, kind: "email_changed", email: result.email, sessionVersion: result.sessionVersion }
    : result;
}

/** Sends a new verification link (the previous one stops working). Rate-limited per user. */
export async function resendVerification(
  userId: string,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<{ sent: boolean; alreadyVerified: boolean }> {
  const [user] = await identityDb()
    .select({ id: users.id, email: users.email, emailVerified: users.emailVerified, status: users.status })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!user || user.status !== "active") throw notFound("That account does not exist.");
  if (user.emailVerified) return { sent: false, alreadyVerified: true };
  await assertRateLimit(rateLimitKey("verify-resend:user", user.id), RATE_LIMITS.verificationResend.user, now);
  const token = await identityDb().transaction((tx) =>
    issueEmailToken(tx, { userId: user.id, purpose: "verify_email", email: user.email, ttlMs: EMAIL_TOKEN_TTL.verify_email, ip: ctx.ip, now }),
  );
  return { sent: await sendVerificationEmail(user, token), alreadyVerified: false };
}

// ---------------------------------------------------------------------------------------------------------------
// Password reset

/**
 * Sends a reset link when the address belongs to an active account, and otherwise does the same amount of
 * work and nothing else. Always resolves to undefined; only malformed input (VALIDATION) or too many requests
 * (RATE_LIMITED, counted per IP and per typed address alike) throw.
 */
export async function requestPasswordReset(email: string, ctx: RequestContext, now: Date = new Date()): Promise<void> {
  const address = parseInput(z.object({ email: emailSchema }), { email }).email;
  await assertRateLimit(rateLimitKey("password-reset:ip", ipKey(ctx.ip)), RATE_LIMITS.passwordReset.ip, now);
  await assertRateLimit(rateLimitKey("password-reset:email", address), RATE_LIMITS.passwordReset.email, now);
  const blocked = await isIpBlocked(ctx.ip, now);
  const [user] = await identityDb()
    .select({ id: users.id, email: users.email, status: users.status })
    .from(users)
    .where(eq(users.email, address))
    .limit(1);
  // One argon2 verification on every path, so the response time does not depend on the account existing.
  await dummyPasswordCheck(address);
  if (!user || user.status !== "active" || blocked) {
    await recordAuthEvent(identityDb(), {
      type: "password_reset_requested",
      reason: blocked ? "blocked_ip" : user ? "inactive" : "unknown_email",
      userId: user?.id ?? null,
      email: address,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      at: now,
    });
    return;
  }
  const token = await identityDb().transaction(async (tx) => {
    const issued = await issueEmailToken(tx, {
      userId: user.id,
      purpose: "reset_password",
      email: user.email,
      ttlMs: EMAIL_TOKEN_TTL.reset_password,
      ip: ctx.ip,
      now,
    });
    await recordAuthEvent(tx, { type: "password_reset_requested", userId: user.id, email: user.email, ip: ctx.ip, userAgent: ctx.userAgent, at: now });
    return issued;
  });
  await sendPasswordResetEmail(user, token);
}

/**
 * Sets a new password from a reset link: single use, signs out every session, lifts a lock-out, and (as the
 * link proves control of the inbox) marks the address verified. Also serves staff set-password invitations.
 */
export async function resetPassword(
  token: string,
  newPassword: string,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<{ userId: string; email: string }> {
  const password = parseInput(z.object({ password: newPasswordSchema }), { password: newPassword }).password;
  if (!parseTokenInput(token)) throw invalidLinkError();
  const passwordHash = await hashPassword(password);
  const user = await identityDb().transaction(async (tx) => {
    const consumed = await consumeEmailTokenIn(tx, "reset_password", token, now);
    const [row] = await tx
      .select({ id: users.id, email: users.email, emailVerified: users.emailVerified })
      .from(users)
      .where(eq(users.id, consumed.userId))
      .limit(1);
    if (!row || row.email !== consumed.email) throw invalidLinkError();
    await tx
      .update(users)
      .set({ passwordHash, emailVerified: row.emailVerified ?? now, updatedAt: now })
      .where(eq(users.id, row.id));
    await clearFailedSignIns(tx, row.id);
    await revokeAllSessionsIn(tx, row.id, now);
    await revokeEmailTokens(tx, row.id, "reset_password", now);
    await recordAuthEvent(tx, { type: "password_reset", userId: row.id, email: row.email, ip: ctx.ip, userAgent: ctx.userAgent, at: now });
    return row;
  });
  await sendPasswordChangedEmail(user);
  return { userId: user.id, email: user.email };
}

// ---------------------------------------------------------------------------------------------------------------
// Signed-in changes

async function loadUserForPasswordCheck(userId: string) {
  const [user] = await identityDb()
    .select({ id: users.id, email: users.email, passwordHash: users.passwordHash, status: users.status })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!user || user.status !== "active") throw notFound("That account does not exist.");
  return user;
}

/**
 * Changes the password after checking the current one. Every session (including the caller's) ends: re-issue
 * the caller's session with the returned sessionVersion, or send them to sign in again.
 */
export async function changePassword(
  userId: string,
  input: ChangePasswordInput,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<{ sessionVersion: number }> {
  const data = parseInput(changePasswordSchema, input);
  await assertRateLimit(rateLimitKey("password-confirm:user", userId), RATE_LIMITS.passwordConfirm.user, now);
  const user = await loadUserForPasswordCheck(userId);
  if (!user.passwordHash) {
    await dummyPasswordCheck(data.currentPassword);
    throw validation({ currentPassword: ["Your account has no password yet. Use “Forgot password” to set one."] });
  }
  if (!(await verifyPassword(user.passwordHash, data.currentPassword))) {
    throw validation({ currentPassword: ["Your current password is not correct."] });
  }
  const passwordHash = await hashPassword(data.newPassword);
  const sessionVersion = await identityDb().transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, user.id));
    const version = await revokeAllSessionsIn(tx, user.id, now);
    await revokeEmailTokens(tx, user.id, "reset_password", now);
    await recordAuthEvent(tx, { type: "password_changed", userId: user.id, email: user.email, ip: ctx.ip, userAgent: ctx.userAgent, at: now });
    return version;
  });
  await sendPasswordChangedEmail(user);
  return { sessionVersion };
}

/**
 * Starts an email change: checks the password, sends a confirmation link to the NEW address (/verify?token=)
 * and a notice to the current one. Nothing changes until the link is used.
 */
export async function requestEmailChange(
  userId: string,
  input: RequestEmailChangeInput,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<{ sent: boolean }> {
  const data = parseInput(requestEmailChangeSchema, input);
  await assertRateLimit(rateLimitKey("password-confirm:user", userId), RATE_LIMITS.passwordConfirm.user, now);
  const user = await loadUserForPasswordCheck(userId);
  if (!user.passwordHash) {
    await dummyPasswordCheck(data.password);
    throw validation({ password: ["Your account has no password yet. Use “Forgot password” to set one."] });
  }
  if (!(await verifyPassword(user.passwordHash, data.password))) throw validation({ password: ["Your password is not correct."] });
  if (data.newEmail === user.email) throw validation({ newEmail: ["That is already your email address."] });
  const [taken] = await identityDb().select({ id: users.id }).from(users).where(eq(users.email, data.newEmail)).limit(1);
  if (taken) throw validation({ newEmail: ["An account with this email already exists."] });
  const token = await identityDb().transaction((tx) =>
    issueEmailToken(tx, { userId: user.id, purpose: "change_email", email: data.newEmail, ttlMs: EMAIL_TOKEN_TTL.change_email, ip: ctx.ip, now }),
  );
  const sent = await sendEmailChangeConfirmation(user, data.newEmail, token);
  await sendEmailChangeRequestedNotice(user, data.newEmail);
  return { sent };
}

async function applyEmailChange(tx: IdentityExecutor, consumed: ConsumedEmailToken, now: Date) {
  const [user] = await tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, consumed.userId)).limit(1);
  if (!user) throw invalidLinkError();
  const [taken] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, consumed.email), ne(users.id, user.id)))
    .limit(1);
  if (taken) throw new AppError("CONFLICT", "That email address is now used by another account.");
  await tx.update(users).set({ email: consumed.email, emailVerified: now, updatedAt: now }).where(eq(users.id, user.id));
  // The VPN keeps a copy of the email for its VIP rule; the job (lib/vpn/jobs.ts) carries the change across databases.
  await enqueue(tx, { type: "vpn.entitlement-email.sync", payload: { userId: user.id, email: consumed.email } });
  const sessionVersion = await revokeAllSessionsIn(tx, user.id, now);
  await revokeEmailTokens(tx, user.id, undefined, now);
  await recordAuthEvent(tx, {
    type: "email_changed",
    userId: user.id,
    email: consumed.email,
    metadata: { previousEmail: user.email },
    at: now,
  });
  return { userId: user.id, kind: "email_changed" as const, email: consumed.email, previousEmail: user.email, sessionVersion };
}

/** Redeems an email-change link (only that kind). Switches the address, marks it verified, ends every session. */
export async function confirmEmailChange(
  token: string,
  now: Date = new Date(),
): Promise<{ userId: string; email: string; sessionVersion: number }> {
  if (!parseTokenInput(token)) throw invalidLinkError();
  const result = await identityDb().transaction(async (tx) => {
    const consumed = await consumeEmailTokenIn(tx, "change_email", token, now);
    return applyEmailChange(tx, consumed, now);
  });
  await sendEmailChangedNotice({ id: result.userId }, result.previousEmail, result.email);
  return { userId: result.userId, email: result.email, sessionVersion: result.sessionVersion };
}

// ---------------------------------------------------------------------------------------------------------------
// Profile

export interface AccountProfile {
  id: string;
  email: string;
  name: string | null;
  emailVerified: boolean;
  emailVerifiedAt: Date | null;
  role: UserRole;
  twoFactorEnabled: boolean;
  /** False for accounts that only sign in through GitHub/Google (they set one through "forgot password"). */
  hasPassword: boolean;
  createdAt: Date;
}

export async function getAccountProfile(userId: string): Promise<AccountProfile> {
  const [row] = await identityDb()
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      emailVerifiedAt: users.emailVerified,
      role: users.role,
      twoFactorEnabled: users.twoFactorEnabled,
      hasPassword: sql<number>`${users.passwordHash} is not null`,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) throw notFound("That account does not exist.");
  return { ...row, emailVerified: row.emailVerifiedAt !== null, hasPassword: Boolean(row.hasPassword) };
}

export async function updateProfile(userId: string, input: UpdateProfileInput): Promise<AccountProfile> {
  const data = parseInput(updateProfileSchema, input);
  const updated = await identityDb().update(users).set({ name: data.name }).where(eq(users.id, userId)).returning({ id: users.id });
  if (updated.length === 0) throw notFound("That account does not exist.");
  return getAccountProfile(userId);
}
