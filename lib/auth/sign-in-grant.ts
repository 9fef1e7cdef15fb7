import "server-only";
/**
 * Our sign-in action authenticates with lib/auth/sign-in.ts (typed results, lockout, 2FA, events) and then hands
 * Auth.js a grant for the session it opened. The grant travels only inside the server (Auth.js's `signIn` builds
 * an internal request), is HMAC-signed with AUTH_SECRET and expires within a minute.
 */
import { createHmac } from "node:crypto";
import { serverEnv } from "@/lib/env";
import { safeEqual } from "@/lib/security/tokens";

const TTL_MS = 60_000;

export interface SignInGrant {
  userId: string;
  sessionId: string;
  sessionVersion: number;
}

function sign(payload: string): string {
  return createHmac("sha256", serverEnv().AUTH_SECRET).update(`sign-in-grant:${payload}`).digest("base64url");
}

export function createSignInGrant(grant: SignInGrant, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ ...grant, exp: now + TTL_MS })).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

export function verifySignInGrant(token: unknown, now = Date.now()): SignInGrant | null {
  if (typeof token !== "string" || token.length > 2048) return null;
  const [payload, signature] = token.split(".");
  if (!payload || !signature || !safeEqual(signature, sign(payload))) return null;
  try {
    const data = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as SignInGrant & { exp: number };
    if (typeof data.exp !== "number" || data.exp < now) return null;
    if (typeof data.userId !== "string" || typeof data.sessionId !== "string" || typeof data.sessionVersion !== "number") return null;
    return { userId: data.userId, sessionId: data.sessionId, sessionVersion: data.sessionVersion };
  } catch {
    return null;
  }
}
