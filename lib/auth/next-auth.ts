import "server-only";
/**
 * Auth.js v5 wiring, kept behind lib/auth so it can be swapped (STACK-NOTES: Auth.js is in maintenance mode).
 * JWT sessions carry only { uid, sv, sid }; every request re-checks them against the database
 * (lib/auth/sessions.ts validateSessionClaims), so a password change, "sign out everywhere" or a revoked session
 * takes effect at once.
 */
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import type { AdapterAccount } from "@auth/core/adapters";
import { eq } from "drizzle-orm";
import { headers } from "next/headers";
import NextAuth, { type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { identityDb } from "@/db/identity/client";
import { accounts, authenticators, sessions, users, verificationTokens } from "@/db/identity/schema";
import { serverEnv } from "@/lib/env";
import { requestContextFromHeaders, type RequestContext } from "@/lib/security/request-context";
import { decideOAuthSignIn, recordOAuthSignIn } from "./oauth";
import { verifySignInGrant } from "./sign-in-grant";
import { openUserSession, SESSION_TTL_MS } from "./sessions";

declare module "next-auth" {
  interface User {
    sessionId?: string;
    sessionVersion?: number;
  }
}

/** The caller's address and agent inside an Auth.js callback (a route handler, so next/headers works). */
async function callbackContext(): Promise<RequestContext> {
  return requestContextFromHeaders(await headers(), { trustedProxies: serverEnv().TRUSTED_PROXIES });
}

interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

function config(): NextAuthConfig {
  const env = serverEnv();
  const oauth: NextAuthConfig["providers"] = [];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) {
    const base = env.AUTH_GITHUB_BASE_URL?.replace(/\/$/, "");
    const apiBase = base ? `${base}/api/v3` : "https://api.github.com";
    oauth.push(
      GitHub({
        clientId: env.AUTH_GITHUB_ID,
        clientSecret: env.AUTH_GITHUB_SECRET,
        // GitHub Enterprise Server, or a local stand-in in tests.
        ...(base ? { enterprise: { baseUrl: base } } : {}),
        // Linking by email is only safe with an address GitHub has verified: the profile's public email may not be,
        // and the provider's default falls back to any primary address. Ask for the list and keep a verified primary.
        userinfo: {
          url: `${apiBase}/user`,
          async request({ tokens }: { tokens: { access_token?: string } }) {
            const headers = { Authorization: `Bearer ${tokens.access_token}`, "User-Agent": "skyport", Accept: "application/json" };
            const profile = (await fetch(`${apiBase}/user`, { headers }).then((r) => r.json())) as Record<string, unknown>;
            const emails = await fetch(`${apiBase}/user/emails`, { headers })
              .then((r) => (r.ok ? (r.json() as Promise<GitHubEmail[]>) : []))
              .catch(() => [] as GitHubEmail[]);
            const verified = Array.isArray(emails) ? emails.find((e) => e.primary && e.verified) : undefined;
            return { ...profile, email: verified?.email ?? null };
          },
        },
        allowDangerousEmailAccountLinking: true,
        profile: (p) => ({ id: String(p.id), name: p.name ?? p.login, email: p.email?.toLowerCase() ?? null, image: p.avatar_url }),
      }),
    );
  }
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) {
    oauth.push(
      Google({
        clientId: env.AUTH_GOOGLE_ID,
        clientSecret: env.AUTH_GOOGLE_SECRET,
        allowDangerousEmailAccountLinking: true,
        profile: (p) => ({ id: p.sub, name: p.name, email: p.email_verified ? p.email.toLowerCase() : null, image: p.picture }),
      }),
    );
  }
  const adapter = DrizzleAdapter(identityDb(), {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
    authenticatorsTable: authenticators,
  } as never);
  return {
    secret: env.AUTH_SECRET,
    trustHost: env.AUTH_TRUST_HOST,
    session: { strategy: "jwt", maxAge: SESSION_TTL_MS / 1000 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    // The adapter is only needed to link OAuth accounts; credentials sign-in never touches it. Provider tokens are
    // dropped before the link is stored: Skyport only needs the identity, and they would be secrets at rest.
    ...(oauth.length
      ? {
          adapter: {
            ...adapter,
            linkAccount: (account: AdapterAccount) =>
              adapter.linkAccount!({ ...account, access_token: undefined, refresh_token: undefined, id_token: undefined, session_state: undefined }),
          },
        }
      : {}),
    providers: [
      Credentials({
        id: "credentials",
        credentials: { grant: {} },
        // The password, lockout and 2FA checks already happened in signInAction; this only redeems its grant.
        authorize: async (input) => {
          const grant = verifySignInGrant(input?.grant);
          if (!grant) return null;
          return { id: grant.userId, sessionId: grant.sessionId, sessionVersion: grant.sessionVersion };
        },
      }),
      ...oauth,
    ],
    callbacks: {
      async signIn({ user, account }) {
        if (account?.type !== "oauth" && account?.type !== "oidc") return true;
        const decision = await decideOAuthSignIn(
          { provider: account.provider, providerAccountId: account.providerAccountId, email: user.email ?? null },
          await callbackContext(),
        );
        if (decision.kind === "allow") return true;
        if (decision.kind === "two_factor") return `/sign-in?challenge=${encodeURIComponent(decision.challenge)}`;
        return `/sign-in?error=${decision.reason}`;
      },
      async jwt({ token, user, account, isNewUser }) {
        if (user?.id) {
          token.uid = user.id;
          if (account?.type === "oauth" || account?.type === "oidc") {
            const ctx = await callbackContext();
            await recordOAuthSignIn(user.id, account.provider, ctx, Boolean(isNewUser));
            const opened = await openUserSession(user.id, ctx, {});
            const [row] = await identityDb()
              .select({ sessionVersion: users.sessionVersion })
              .from(users)
              .where(eq(users.id, user.id));
            token.sid = opened.sessionId;
            token.sv = row?.sessionVersion ?? 0;
          } else {
            token.sid = user.sessionId;
            token.sv = user.sessionVersion;
          }
          // Nothing about the user beyond ids lives in the cookie.
          delete token.email;
          delete token.name;
          delete token.picture;
        }
        return token;
      },
      async session({ session, token }) {
        return {
          ...session,
          user: { id: String(token.uid ?? ""), email: "", name: null },
          claims: { userId: String(token.uid ?? ""), sessionId: String(token.sid ?? ""), sessionVersion: Number(token.sv ?? -1) },
        };
      },
    },
    logger: {
      // Auth.js logs the full error (which can include submitted fields) by default; keep it to the type.
      // The cause's first line says what broke (a failed check, an unreachable provider) without echoing input.
      error: (error) => {
        const cause = (error as { cause?: { err?: unknown } }).cause?.err;
        const detail = cause instanceof Error ? ` (${cause.name}: ${cause.message.split("\n")[0]})` : "";
        console.error(`[auth] ${(error as { type?: string }).type ?? error.name}: ${error.message.split("\n")[0]}${detail}`);
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => config());
