import "server-only";
/**
 * Fixed-window rate limits kept in the identity database, so they hold across every app instance (an
 * in-memory limiter would give each instance its own budget). One atomic upsert per attempt: concurrent
 * requests from any number of instances each get a distinct count, so no two can both take the last slot.
 */
import { lt, sql } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { rateLimits } from "@/db/identity/schema";
import { AppError } from "@/lib/errors";
import { sha256Hex } from "./tokens";

export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Attempts left in this window after this one. */
  remaining: number;
  /** 0 when allowed; otherwise how long until the window resets. */
  retryAfterMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The budgets. Per-IP limits are generous (offices and carrier NAT share addresses); per-account limits are
 * tight, because that is what a password-guessing or mail-bombing attack targets.
 */
export const RATE_LIMITS = {
  signIn: {
    ip: { limit: 30, windowMs: 15 * MINUTE },
    email: { limit: 10, windowMs: 15 * MINUTE },
  },
  signUp: {
    ip: { limit: 10, windowMs: HOUR },
  },
  passwordReset: {
    ip: { limit: 10, windowMs: HOUR },
    email: { limit: 3, windowMs: HOUR },
  },
  verificationResend: {
    user: { limit: 3, windowMs: HOUR },
  },
  /** Re-entering the password for a sensitive change (change password, change email): guessing guard for a stolen session. */
  passwordConfirm: {
    user: { limit: 10, windowMs: 15 * MINUTE },
  },
  /** Requests per API token. */
  apiToken: { limit: 600, windowMs: MINUTE },
} as const satisfies Record<string, RateLimitRule | Record<string, RateLimitRule>>;

/**
 * A rate-limit key: `scope:value`. Values that are not short plain identifiers (emails, anything user-typed) are
 * hashed, which bounds the key length and keeps addresses out of the counters table.
 */
export function rateLimitKey(scope: string, value: string): string {
  const plain = value.length <= 64 && /^[A-Za-z0-9.:_-]+$/.test(value);
  return `${scope}:${plain ? value : sha256Hex(value).slice(0, 40)}`;
}

/** Counts one attempt against `key` and says whether it is within the rule. */
export async function consumeRateLimit(key: string, rule: RateLimitRule, now: Date = new Date()): Promise<RateLimitResult> {
  if (!(rule.limit >= 0) || !(rule.windowMs > 0)) throw new Error(`consumeRateLimit: bad rule for ${key}`);
  const t = now.getTime();
  const windowStart = t - (t % rule.windowMs);
  const windowEnd = windowStart + rule.windowMs;
  const [row] = await identityDb()
    .insert(rateLimits)
    .values({ key, windowStart: new Date(windowStart), count: 1, expiresAt: new Date(windowEnd) })
    .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
    .returning({ count: rateLimits.count });
  const count = row?.count ?? Number.MAX_SAFE_INTEGER;
  const allowed = count <= rule.limit;
  return { allowed, remaining: Math.max(0, rule.limit - count), retryAfterMs: allowed ? 0 : Math.max(1, windowEnd - t) };
}

export function rateLimitedError(retryAfterMs: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / MINUTE));
  const wait = minutes >= 60 ? `${Math.ceil(minutes / 60)} hour${minutes > 60 ? "s" : ""}` : `${minutes} minute${minutes === 1 ? "" : "s"}`;
  return new AppError("RATE_LIMITED", `Too many attempts. Please try again in ${wait}.`, { retryAfterMs });
}

/** Like consumeRateLimit, but throws AppError("RATE_LIMITED") (with retryAfterMs) when over the limit. */
export async function assertRateLimit(key: string, rule: RateLimitRule, now: Date = new Date()): Promise<RateLimitResult> {
  const result = await consumeRateLimit(key, rule, now);
  if (!result.allowed) throw rateLimitedError(result.retryAfterMs);
  return result;
}

/** Deletes counters whose window has ended. Returns how many went. */
export async function pruneRateLimits(now: Date = new Date()): Promise<number> {
  const rows = await identityDb().delete(rateLimits).where(lt(rateLimits.expiresAt, now)).returning({ key: rateLimits.key });
  return rows.length;
}
