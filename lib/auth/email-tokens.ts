import "server-only";
/**
 * Single-use links sent by email (verify address, reset password, confirm an email change). The token is 256
 * random bits shown only in the email; the database keeps its SHA-256, so a leaked table yields no usable link.
 * Consuming is one conditional UPDATE (unused, unexpired, right purpose → mark used), so two clicks racing on
 * two instances cannot both succeed. Every failure — unknown, forged, expired, used, wrong purpose — gives the
 * same message, so a probe learns nothing about which it was.
 */
import { and, eq, gt, inArray, isNull, lt, or } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { emailTokens, type EmailTokenPurpose } from "@/db/identity/schema";
import { AppError } from "@/lib/errors";
import { normalizeIp } from "@/lib/security/request-context";
import { parseTokenInput, randomToken, sha256Hex } from "@/lib/security/tokens";
import type { IdentityExecutor } from "./events";

export const INVALID_LINK_MESSAGE = "This link is invalid or has expired.";

export const EMAIL_TOKEN_TTL = {
  verify_email: 48 * 60 * 60_000,
  reset_password: 60 * 60_000,
  change_email: 24 * 60 * 60_000,
} as const satisfies Record<EmailTokenPurpose, number>;

const TOKEN_BYTES = 32;

export const invalidLinkError = () => new AppError("GONE", INVALID_LINK_MESSAGE);

export interface IssueEmailTokenInput {
  userId: string;
  purpose: EmailTokenPurpose;
  /** The address the link is sent to (for change_email, the new one). */
  email: string;
  ttlMs: number;
  ip?: string | null;
  now?: Date;
}

/**
 * Creates a token and returns it (the only time it exists in clear). Older unused tokens of the same user and
 * purpose stop working: only the newest link in the inbox is valid.
 */
export async function issueEmailToken(db: IdentityExecutor, input: IssueEmailTokenInput): Promise<string> {
  if (!(input.ttlMs > 0)) throw new Error("issueEmailToken: ttlMs must be positive");
  const now = input.now ?? new Date();
  await db
    .update(emailTokens)
    .set({ expiresAt: now })
    .where(
      and(
        eq(emailTokens.userId, input.userId),
        eq(emailTokens.purpose, input.purpose),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, now),
      ),
    );
  const token = randomToken(TOKEN_BYTES);
  await db.insert(emailTokens).values({
    userId: input.userId,
    purpose: input.purpose,
    tokenHash: sha256Hex(token),
    email: input.email.trim().toLowerCase(),
    expiresAt: new Date(now.getTime() + input.ttlMs),
    requestedIp: normalizeIp(input.ip),
    createdAt: now,
  });
  return token;
}

export interface ConsumedEmailToken {
  userId: string;
  email: string;
  purpose: EmailTokenPurpose;
}

/**
 * Marks the token used inside `db` (pass the transaction that applies its effect, so a failure afterwards
 * leaves the link usable) and returns whose it was. Throws AppError("GONE", INVALID_LINK_MESSAGE) otherwise.
 */
export async function consumeEmailTokenIn(
  db: IdentityExecutor,
  purpose: EmailTokenPurpose | readonly EmailTokenPurpose[],
  token: unknown,
  now: Date = new Date(),
): Promise<ConsumedEmailToken> {
  const parsed = parseTokenInput(token, TOKEN_BYTES);
  if (!parsed) throw invalidLinkError();
  const purposes = typeof purpose === "string" ? [purpose] : [...purpose];
  const [row] = await db
    .update(emailTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(emailTokens.tokenHash, sha256Hex(parsed)),
        inArray(emailTokens.purpose, purposes),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, now),
      ),
    )
    .returning({ userId: emailTokens.userId, email: emailTokens.email, purpose: emailTokens.purpose });
  if (!row) throw invalidLinkError();
  return row;
}

/** Consumes a token in its own transaction: for callers with nothing else to write. */
export async function consumeEmailToken(
  purpose: EmailTokenPurpose | readonly EmailTokenPurpose[],
  token: unknown,
  now: Date = new Date(),
): Promise<{ userId: string; email: string }> {
  const row = await identityDb().transaction((tx) => consumeEmailTokenIn(tx, purpose, token, now));
  return { userId: row.userId, email: row.email };
}

/** Makes every unused token of a user (optionally of one purpose) unusable, e.g. after a password change. */
export async function revokeEmailTokens(db: IdentityExecutor, userId: string, purpose?: EmailTokenPurpose, now: Date = new Date()): Promise<void> {
  await db
    .update(emailTokens)
    .set({ expiresAt: now })
    .where(
      and(
        eq(emailTokens.userId, userId),
        purpose ? eq(emailTokens.purpose, purpose) : undefined,
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, now),
      ),
    );
}

/** Deletes tokens that expired or were used more than `olderThanMs` ago (housekeeping). */
export async function pruneEmailTokens(now: Date = new Date(), olderThanMs = 7 * 24 * 60 * 60_000): Promise<number> {
  const cutoff = new Date(now.getTime() - olderThanMs);
  const rows = await identityDb()
    .delete(emailTokens)
    .where(or(lt(emailTokens.expiresAt, cutoff), lt(emailTokens.usedAt, cutoff)))
    .returning({ id: emailTokens.id });
  return rows.length;
}
