"use server";

import { z } from "zod";
import { authStrings } from "@/components/auth/strings";
import { requestContext } from "@/lib/auth/guards";
import { signIn } from "@/lib/auth/next-auth";
import { isStaffRole } from "@/lib/auth/permissions";
import { createSignInGrant } from "@/lib/auth/sign-in-grant";
import { verifyOAuthChallenge, type OAuthProvider } from "@/lib/auth/oauth";
import { authenticateOAuthSecondFactor, authenticateWithPassword } from "@/lib/auth/sign-in";
import { openUserSession } from "@/lib/auth/sessions";
import { safeNextPath } from "@/lib/auth/redirects";

const t = authStrings.signIn.errors;

const signInSchema = z.object({
  /** Present on the second step after a GitHub/Google sign-in (lib/auth/oauth.ts). */
  challenge: z.string().max(1024).optional(),
  email: z.string().trim().max(254).default(""),
  password: z.string().max(1024).default(""),
  code: z.string().trim().max(64).optional(),
  method: z.enum(["totp", "recovery"]).optional(),
  next: z.string().max(2048).optional(),
});

export type SignInState =
  | { status: "idle" }
  | { status: "two-factor"; error?: string }
  | { status: "error"; error: string };

export async function signInAction(formData: FormData): Promise<SignInState> {
  // Actions are public endpoints: a crafted call may pass anything, not a form (reliability/fuzz-inputs.ts).
  if (!(formData instanceof FormData)) return { status: "error", error: t.invalid_credentials };
  const parsed = signInSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { status: "error", error: t.invalid_credentials };
  const { challenge, email, password, code, method, next } = parsed.data;
  const ctx = await requestContext();
  const codes = {
    totpCode: code && method !== "recovery" ? code : undefined,
    recoveryCode: code && method === "recovery" ? code : undefined,
  };
  let result: Awaited<ReturnType<typeof authenticateWithPassword>>;
  if (challenge !== undefined) {
    const verified = verifyOAuthChallenge(challenge);
    if (!verified) return { status: "error", error: t.challenge_expired };
    result = await authenticateOAuthSecondFactor(verified, codes, ctx);
  } else {
    result = await authenticateWithPassword({ email, password, ...codes }, ctx);
  }
  if (!result.ok) {
    switch (result.reason) {
      case "two_factor_required":
        return { status: "two-factor" };
      case "two_factor_invalid":
        return { status: "two-factor", error: t.two_factor_invalid };
      case "locked": {
        const ms = result.lockedUntil ? result.lockedUntil.getTime() - Date.now() : (result.retryAfterMs ?? 60_000);
        return { status: "error", error: t.locked(Math.max(1, Math.ceil(ms / 60_000))) };
      }
      default:
        return { status: "error", error: t[result.reason] ?? t.invalid_credentials };
    }
  }
  const { sessionId } = await openUserSession(result.user.id, ctx);
  const grant = createSignInGrant({ userId: result.user.id, sessionId, sessionVersion: result.user.sessionVersion });
  // Throws Next's redirect: the session cookie is set and the browser goes on.
  await signIn("credentials", {
    grant,
    redirectTo: safeNextPath(next, isStaffRole(result.user.role) ? "/admin" : "/portal"),
  });
  return { status: "idle" };
}

const oauthSchema = z.object({ provider: z.enum(["github", "google"]), next: z.string().max(2048).optional() });

/** "Continue with GitHub/Google": Auth.js redirects to the provider; lib/auth/oauth.ts decides on the way back. */
export async function oauthSignInAction(formData: FormData): Promise<void> {
  if (!(formData instanceof FormData)) return;
  const parsed = oauthSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return;
  const provider: OAuthProvider = parsed.data.provider;
  await signIn(provider, { redirectTo: safeNextPath(parsed.data.next, "/portal") });
}
