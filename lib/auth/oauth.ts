import "server-only";
/**
 * GitHub and Google sign-in policy, applied in Auth.js's `signIn` callback before any account is linked or created.
 * Auth.js alone would let an OAuth sign-in skip what the password path enforces; here:
 * - only an email the provider says is verified is accepted (it is also what links accounts);
 * - a suspended or disabled account, a locked account or a blocked network is refused, with an auth event;
 * - an account with two-step verification gets a second step: a short-lived signed challenge that the sign-in page
 *   turns into the usual code prompt (lib/auth/sign-in.ts authenticateOAuthSecondFactor);
 * - linking to a local account whose email was never verified first takes that account back for the email's owner:
 *   someone could have registered the address beforehand with a password of their choosing (account pre-hijacking),
 *   so the password and any second factor are removed and every session ends before the verified owner is let in.
 */
import { createHmac } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { accounts, recoveryCodes, totpSecrets, users } from "@/db/identity/schema";
import { serverEnv } from "@/lib/env";
import { isIpBlocked } from "@/lib/security/blocked-ips";
import { requestContext, type RequestContext } from "@/lib/security/request-context";
import { safeEqual } from "@/lib/security/tokens";
import { recordAuthEvent } from "./events";
import { isLocked } from "./lockout";
import { revokeAllSessionsIn } from "./sessions";

export const OAUTH_PROVIDERS = ["github", "google"] as const;
export type OAuthProvider = (typeof OAUTH_PROVIDERS)[number];

export interface OAuthIdentity {
  provider: string;
  providerAccountId: string;
  /** Null unless the provider says the address is verified. */
  email: string | null;
}

export type OAuthDecision =
  | { kind: "allow"; userId: string | null }
  | { kind: "deny"; reason: "no_verified_email" | "suspended" | "locked" | "blocked_ip" }
  | { kind: "two_factor"; userId: string; challenge: string };

const CHALLENGE_TTL_MS = 5 * 60_000;

function sign(payload: string): string {
  return createHmac("sha256", serverEnv().AUTH_SECRET).update(`oauth-2fa:${payload}`).digest("base64url");
}

export function createOAuthChallenge(data: { userId: string; provider: string }, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ u: data.userId, p: data.provider, exp: now + CHALLENGE_TTL_MS })).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

/** The challenge's user and provider, or null when it is forged, malformed or expired. */
export function verifyOAuthChallenge(token: unknown, now = Date.now()): { userId: string; provider: string } | null {
  if (typeof token !== "string" || token.length > 1024) return null;
  const [payload, signature] = token.split(".");
  if (!payload || !signature || !safeEqual(signature, sign(payload))) return null;
  try {
    const data = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { u?: unknown; p?: unknown; exp?: unknown };
    if (typeof data.exp !== "number" || data.exp < now || typeof data.u !== "string" || typeof data.p !== "string") return null;
    return { userId: data.u, provider: data.p };
  } catch {
    return null;
  }
}

export async function decideOAuthSignIn(identity: OAuthIdentity, rawCtx: RequestContext, now: Date = new Date()): Promise<OAuthDecision> {
  const ctx = requestContext(rawCtx?.ip, rawCtx?.userAgent);
  const db = identityDb();
  const email = identity.email?.trim().toLowerCase() || null;
  const refuse = async (reason: Extract<OAuthDecision, { kind: "deny" }>["reason"], userId: string | null = null): Promise<OAuthDecision> => {
    await recordAuthEvent(db, {
      type: "sign_in_failure",
      reason,
      userId,
      email,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      provider: identity.provider,
      at: now,
    });
    return { kind: "deny", reason };
  };

  if (await isIpBlocked(ctx.ip, now)) return refuse("blocked_ip");

  const [linked] = await db
    .select({ userId: accounts.userId })
    .from(accounts)
    .where(and(eq(accounts.provider, identity.provider), eq(accounts.providerAccountId, identity.providerAccountId)))
    .limit(1);
  if (!linked && !email) return refuse("no_verified_email");

  const [user] = await db
    .select({
      id: users.id,
      status: users.status,
      emailVerified: users.emailVerified,
      passwordHash: users.passwordHash,
      twoFactorEnabled: users.twoFactorEnabled,
      lockedUntil: users.lockedUntil,
    })
    .from(users)
    .where(linked ? eq(users.id, linked.userId) : eq(users.email, email!))
    .limit(1);
  if (!user) return { kind: "allow", userId: null };

  if (isLocked(user, now)) return refuse("locked", user.id);
  if (user.status !== "active") return refuse("suspended", user.id);

  // A second factor the squatter enrolled would lock the owner out (they'd be asked for the squatter's code): it goes too.
  let twoFactorEnabled = user.twoFactorEnabled;
  if (!linked && !user.emailVerified) {
    twoFactorEnabled = false;
    await db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash: null, twoFactorEnabled: false, emailVerified: now, updatedAt: now }).where(eq(users.id, user.id));
      await tx.delete(totpSecrets).where(eq(totpSecrets.userId, user.id));
      await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
      await revokeAllSessionsIn(tx, user.id, now);
      await recordAuthEvent(tx, {
        type: "email_verified",
        userId: user.id,
        email,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        provider: identity.provider,
        metadata: { passwordRemoved: user.passwordHash !== null, twoFactorRemoved: user.twoFactorEnabled },
        at: now,
      });
    });
  }

  if (twoFactorEnabled) {
    return { kind: "two_factor", userId: user.id, challenge: createOAuthChallenge({ userId: user.id, provider: identity.provider }, now.getTime()) };
  }
  return { kind: "allow", userId: user.id };
}

/**
 * After Auth.js linked or created the account: an OAuth-created user's email is verified (the provider vouched for
 * it), the sign-in is recorded like a password one.
 */
export async function recordOAuthSignIn(userId: string, provider: string, rawCtx: RequestContext, isNewUser: boolean, now: Date = new Date()) {
  const ctx = requestContext(rawCtx?.ip, rawCtx?.userAgent);
  await identityDb().transaction(async (tx) => {
    const [user] = await tx.select({ email: users.email, emailVerified: users.emailVerified }).from(users).where(eq(users.id, userId)).limit(1);
    if (!user) return;
    await tx
      .update(users)
      .set({ lastSignInAt: now, lastSignInIp: ctx.ip, failedSignIns: 0, ...(user.emailVerified ? {} : { emailVerified: now }) })
      .where(eq(users.id, userId));
    if (isNewUser) {
      await recordAuthEvent(tx, { type: "sign_up", userId, email: user.email, ip: ctx.ip, userAgent: ctx.userAgent, provider, at: now });
    }
    await recordAuthEvent(tx, {
      type: "sign_in_success",
      userId,
      email: user.email,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      provider,
      metadata: { method: "oauth" },
      at: now,
    });
  });
}
