import "server-only";
/**
 * Two-factor authentication: TOTP (RFC 6238: SHA-1, 6 digits, 30 s) and one-time recovery codes.
 * - The TOTP secret is stored encrypted (AES-256-GCM, lib/security/encryption) and only shown during enrolment.
 * - A code is accepted for the current step ±1 (clock drift), and never twice: the accepted step is recorded with
 *   a conditional UPDATE (`last_used_step < step`), so two concurrent uses of one code cannot both pass.
 * - Recovery codes are shown once and stored as SHA-256 hashes; each is spent by a conditional UPDATE.
 * verifyTwoFactorCode / useRecoveryCode only answer true/false: the sign-in flow records failures and applies
 * its rate limits and lock-out.
 */
import { randomInt } from "node:crypto";
import { and, count, eq, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { identityDb } from "@/db/identity/client";
import { auditLog, recoveryCodes, totpSecrets, users } from "@/db/identity/schema";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { serverEnv } from "@/lib/env";
import { AppError, forbidden, notFound, validation } from "@/lib/errors";
import { decryptSecret, encryptSecret } from "@/lib/security/encryption";
import type { RequestContext } from "@/lib/security/request-context";
import { sha256Hex } from "@/lib/security/tokens";
import { recordAuthEvent } from "./events";
import { verifyPassword } from "./password";
import { isStaffRole } from "./permissions";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of the current one. */
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

/** No 0/o, 1/l/i: codes are read off paper. 31 symbols, 10 per code: ~49.5 bits. */
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** Associated data: a secret copied into another user's row does not decrypt there. */
const secretContext = (userId: string) => `totp_secrets:${userId}`;

type ContextLike = Partial<Pick<RequestContext, "ip" | "userAgent">> | undefined;

function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({
    issuer: serverEnv().APP_NAME,
    label,
    secret: Secret.fromBase32(secretBase32),
    algorithm: "SHA1",
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  });
}

/** Digits only, spaces and dashes removed ("123 456" is fine); null when it cannot be a TOTP code. */
function normaliseTotpCode(code: string | null | undefined): string | null {
  if (typeof code !== "string" || code.length > 32) return null;
  const digits = code.replace(/[\s-]/g, "");
  return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(digits) ? digits : null;
}

/** `xxxxx-xxxxx`, case and separators forgiven; null when it cannot be a recovery code. */
export function normaliseRecoveryCode(code: string | null | undefined): string | null {
  if (typeof code !== "string" || code.length > 64) return null;
  const chars = code.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (chars.length !== 10 || [...chars].some((c) => !RECOVERY_ALPHABET.includes(c))) return null;
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Bound to the user, so the same code never hashes alike for two accounts. */
function recoveryCodeHash(userId: string, normalisedCode: string): string {
  return sha256Hex(`recovery-code:${userId}:${normalisedCode}`);
}

function generateRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) {
    let chars = "";
    for (let i = 0; i < 10; i++) chars += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
    codes.add(`${chars.slice(0, 5)}-${chars.slice(5)}`);
  }
  return [...codes];
}

type IdentityTx = Parameters<Parameters<ReturnType<typeof identityDb>["transaction"]>[0]>[0];

async function replaceRecoveryCodes(tx: IdentityTx, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(codes.map((code) => ({ userId, codeHash: recoveryCodeHash(userId, code) })));
  return codes;
}

async function loadUser(userId: string) {
  const user = await identityDb()
    .select({ id: users.id, email: users.email, role: users.role, passwordHash: users.passwordHash, twoFactorEnabled: users.twoFactorEnabled })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!user) throw notFound("Account not found");
  return user;
}

export interface TotpEnrolment {
  /** Base32, for typing into an authenticator app by hand. */
  secret: string;
  otpauthUrl: string;
  /** An SVG document (render with dangerouslySetInnerHTML or as a data: URL; it contains only paths). */
  qrSvg: string;
}

/**
 * Starts (or restarts) enrolment: a fresh secret, stored encrypted and unconfirmed. Restarting replaces an
 * unconfirmed secret; a user with 2FA already on gets CONFLICT (disable or reset first).
 */
export async function startTotpEnrolment(userId: string): Promise<TotpEnrolment> {
  const user = await loadUser(userId);
  if (user.twoFactorEnabled) throw new AppError("CONFLICT", "Two-factor authentication is already on.");

  const secret = new Secret({ size: 20 });
  const totp = totpFor(secret.base32, user.email);
  const secretEncrypted = encryptSecret(secret.base32, secretContext(userId));

  const db = identityDb();
  const stored = await db
    .insert(totpSecrets)
    .values({ userId, secretEncrypted, confirmedAt: null, lastUsedStep: null })
    .onConflictDoUpdate({
      target: totpSecrets.userId,
      set: { secretEncrypted, lastUsedStep: null, updatedAt: new Date() },
      // Never overwrite a confirmed secret (a stale twoFactorEnabled read must not replace a working one).
      setWhere: isNull(totpSecrets.confirmedAt),
    })
    .returning({ userId: totpSecrets.userId });
  if (!stored.length) throw new AppError("CONFLICT", "Two-factor authentication is already on.");

  const otpauthUrl = totp.toString();
  const qrSvg = await QRCode.toString(otpauthUrl, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { secret: secret.base32, otpauthUrl, qrSvg };
}

/** The step a code belongs to (current ±window), or null for a wrong code. */
function matchingStep(secretBase32: string, label: string, code: string, now: Date): number | null {
  const totp = totpFor(secretBase32, label);
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: TOTP_WINDOW });
  if (delta === null) return null;
  return totp.counter({ timestamp: now.getTime() }) + delta;
}

/**
 * Finishes enrolment with a code from the app: turns 2FA on and returns 10 recovery codes (shown once).
 * A wrong code is a VALIDATION error on `code`.
 */
export async function confirmTotpEnrolment(
  userId: string,
  code: string,
  ctx?: ContextLike,
  now: Date = new Date(),
): Promise<{ recoveryCodes: string[] }> {
  const user = await loadUser(userId);
  if (user.twoFactorEnabled) throw new AppError("CONFLICT", "Two-factor authentication is already on.");
  const db = identityDb();
  const pending = await db
    .select({ secretEncrypted: totpSecrets.secretEncrypted, updatedAt: totpSecrets.updatedAt })
    .from(totpSecrets)
    .where(and(eq(totpSecrets.userId, userId), isNull(totpSecrets.confirmedAt)))
    .get();
  if (!pending) throw new AppError("CONFLICT", "Start the set-up again: no enrolment is in progress.");

  const normalised = normaliseTotpCode(code);
  const step = normalised ? matchingStep(decryptSecret(pending.secretEncrypted, secretContext(userId)), user.email, normalised, now) : null;
  if (step === null) {
    throw validation({ code: ["That code is not valid. Check your authenticator app's time and try the current code."] });
  }

  return db.transaction(async (tx) => {
    // Conditional on the very secret the code was checked against still being pending.
    const confirmed = await tx
      .update(totpSecrets)
      .set({ confirmedAt: now, lastUsedStep: step })
      .where(
        and(
          eq(totpSecrets.userId, userId),
          isNull(totpSecrets.confirmedAt),
          eq(totpSecrets.secretEncrypted, pending.secretEncrypted),
        ),
      )
      .returning({ userId: totpSecrets.userId });
    if (!confirmed.length) throw new AppError("CONFLICT", "The set-up changed in the meantime; start it again.");
    const codes = await replaceRecoveryCodes(tx, userId);
    await tx.update(users).set({ twoFactorEnabled: true }).where(eq(users.id, userId));
    await recordAuthEvent(tx, { type: "two_factor_enabled", userId, email: user.email, ip: ctx?.ip ?? null, userAgent: ctx?.userAgent ?? null });
    return { recoveryCodes: codes };
  });
}

/**
 * True when `code` is a valid TOTP code for the user's confirmed secret at `now` (±1 step) that has not been
 * used before. Refuses any step at or before the last accepted one (replay, including older codes).
 */
export async function verifyTwoFactorCode(userId: string, code: string, now: Date = new Date()): Promise<boolean> {
  const normalised = normaliseTotpCode(code);
  if (!normalised) return false;
  const db = identityDb();
  const row = await db
    .select({ secretEncrypted: totpSecrets.secretEncrypted, lastUsedStep: totpSecrets.lastUsedStep, email: users.email })
    .from(totpSecrets)
    .innerJoin(users, eq(users.id, totpSecrets.userId))
    .where(and(eq(totpSecrets.userId, userId), isNotNull(totpSecrets.confirmedAt), eq(users.twoFactorEnabled, true)))
    .get();
  if (!row) return false;
  const step = matchingStep(decryptSecret(row.secretEncrypted, secretContext(userId)), row.email, normalised, now);
  if (step === null) return false;
  if (row.lastUsedStep !== null && step <= row.lastUsedStep) return false;
  const accepted = await db
    .update(totpSecrets)
    .set({ lastUsedStep: step })
    .where(
      and(
        eq(totpSecrets.userId, userId),
        isNotNull(totpSecrets.confirmedAt),
        eq(totpSecrets.secretEncrypted, row.secretEncrypted),
        or(isNull(totpSecrets.lastUsedStep), lt(totpSecrets.lastUsedStep, step)),
      ),
    )
    .returning({ userId: totpSecrets.userId });
  return accepted.length === 1;
}

/** Spends one recovery code (true), or false for a wrong or already used one. Records `recovery_code_used`. */
export async function useRecoveryCode(userId: string, code: string, ctx?: ContextLike): Promise<boolean> {
  const normalised = normaliseRecoveryCode(code);
  if (!normalised) return false;
  const codeHash = recoveryCodeHash(userId, normalised);
  const db = identityDb();
  return db.transaction(async (tx) => {
    const spent = await tx
      .update(recoveryCodes)
      .set({ usedAt: new Date() })
      .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
      .returning({ id: recoveryCodes.id });
    if (!spent.length) return false;
    const [remaining] = await tx
      .select({ n: count() })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
    await recordAuthEvent(tx, {
      type: "recovery_code_used",
      userId,
      ip: ctx?.ip ?? null,
      userAgent: ctx?.userAgent ?? null,
      metadata: { remaining: remaining?.n ?? 0 },
    });
    return true;
  });
}

export const STAFF_TWO_FACTOR_REQUIRED_MESSAGE =
  "Staff accounts must keep two-factor authentication on. If you lost your device, ask an administrator to reset it.";

/** Turns 2FA off after checking the current password. Staff cannot (FORBIDDEN): the back office requires it. */
export async function disableTwoFactor(userId: string, input: { password: string }, ctx?: ContextLike): Promise<void> {
  const user = await loadUser(userId);
  if (isStaffRole(user.role)) throw forbidden(STAFF_TWO_FACTOR_REQUIRED_MESSAGE);
  if (!user.twoFactorEnabled) throw new AppError("CONFLICT", "Two-factor authentication is not on.");
  if (!user.passwordHash) {
    throw validation({ password: ["Your account has no password yet: set one first, then turn two-factor authentication off."] });
  }
  if (!(await verifyPassword(user.passwordHash, input?.password ?? ""))) {
    throw validation({ password: ["That password is not correct."] });
  }
  await identityDb().transaction(async (tx) => {
    await tx.delete(totpSecrets).where(eq(totpSecrets.userId, userId));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await tx.update(users).set({ twoFactorEnabled: false }).where(eq(users.id, userId));
    await recordAuthEvent(tx, {
      type: "two_factor_disabled",
      reason: "user",
      userId,
      email: user.email,
      ip: ctx?.ip ?? null,
      userAgent: ctx?.userAgent ?? null,
    });
  });
}

/** New set of 10 recovery codes (the old ones stop working); needs a current TOTP code. */
export async function regenerateRecoveryCodes(
  userId: string,
  input: { code: string },
  now: Date = new Date(),
): Promise<{ recoveryCodes: string[] }> {
  const user = await loadUser(userId);
  if (!user.twoFactorEnabled) throw new AppError("CONFLICT", "Two-factor authentication is not on.");
  if (!(await verifyTwoFactorCode(userId, input?.code ?? "", now))) {
    throw validation({ code: ["That code is not valid (or was already used). Enter the current code from your app."] });
  }
  const codes = await identityDb().transaction((tx) => replaceRecoveryCodes(tx, userId));
  return { recoveryCodes: codes };
}

export async function countRemainingRecoveryCodes(userId: string): Promise<number> {
  const [row] = await identityDb()
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.n ?? 0;
}

export interface TwoFactorStatus {
  enabled: boolean;
  /** A secret was generated but not confirmed with a code yet. */
  pendingEnrolment: boolean;
  remainingRecoveryCodes: number;
}

export async function getTwoFactorStatus(userId: string): Promise<TwoFactorStatus> {
  const db = identityDb();
  const [user, secret, remaining] = await Promise.all([
    db.select({ enabled: users.twoFactorEnabled }).from(users).where(eq(users.id, userId)).get(),
    db.select({ confirmedAt: totpSecrets.confirmedAt }).from(totpSecrets).where(eq(totpSecrets.userId, userId)).get(),
    countRemainingRecoveryCodes(userId),
  ]);
  if (!user) throw notFound("Account not found");
  return {
    enabled: user.enabled,
    pendingEnrolment: !user.enabled && secret !== undefined && secret.confirmedAt === null,
    remainingRecoveryCodes: user.enabled ? remaining : 0,
  };
}

/**
 * Staff action (the caller checks `customers.write`): removes the user's TOTP secret and recovery codes, turns
 * 2FA off and signs them out everywhere. Audited in the same transaction; the audit row holds no secret.
 */
export async function adminResetTwoFactor(actor: AuditActor, userId: string): Promise<void> {
  const db = identityDb();
  await db.transaction(async (tx) => {
    const user = await tx
      .select({ id: users.id, email: users.email, twoFactorEnabled: users.twoFactorEnabled })
      .from(users)
      .where(eq(users.id, userId))
      .get();
    if (!user) throw notFound("Account not found");
    const [remaining] = await tx
      .select({ n: count() })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
    const hadSecret = (await tx.select({ userId: totpSecrets.userId }).from(totpSecrets).where(eq(totpSecrets.userId, userId)).get()) !== undefined;

    await tx.delete(totpSecrets).where(eq(totpSecrets.userId, userId));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await tx
      .update(users)
      .set({ twoFactorEnabled: false, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId));
    await writeAudit(tx, auditLog, actor, {
      action: "user.two_factor_reset",
      entityType: "user",
      entityId: userId,
      before: { twoFactorEnabled: user.twoFactorEnabled, authenticatorEnrolled: hadSecret, unusedBackupCodes: remaining?.n ?? 0 },
      after: { twoFactorEnabled: false, authenticatorEnrolled: false, unusedBackupCodes: 0, signedOutEverywhere: true },
    });
    await recordAuthEvent(tx, {
      type: "two_factor_disabled",
      reason: "admin_reset",
      userId,
      email: user.email,
      ip: actor.ip ?? null,
      userAgent: actor.userAgent ?? null,
      metadata: { actorId: actor.id },
    });
  });
}
