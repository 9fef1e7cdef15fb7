import "server-only";
/**
 * Auth.js v5 wiring, kept behind lib/auth so it can be swapped (STACK-NOTES: Auth.js is in maintenance mode).
 * JWT sessions carry only { uid, sv, sid }; every request re-checks them against the database
 * (lib/auth/sessions.ts validateSessionClaims), so a password change, "sign out everywhere" or a revoked session
 * takes effect at once.
 */
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { eq } from "drizzle-orm";
import NextAuth, { type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { identityDb } from "@/db/identity/client";
import { accounts, authenticators, sessions, users, verificationTokens } from "@/db/identity/schema";
import { serverEnv } from "@/lib/env";
import { verifySignInGrant } from "./sign-in-grant";
import { openUserSession, SESSION_TTL_MS } from "./sessions";

declare module "next-auth" {
  interface User {
    sessionId?: string;
    sessionVersion?: number;
  }
}

function config(): NextAuthConfig {
  const env = serverEnv();
  const oauth: NextAuthConfig["providers"] = [];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) {
    oauth.push(
      GitHub({
        clientId: env.AUTH_GITHUB_ID,
        clientSecret: env.AUTH_GITHUB_SECRET,
        // GitHub only returns verified primary emails; linking by it is safe.
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
  return {
    secret: env.AUTH_SECRET,
    trustHost: env.AUTH_TRUST_HOST,
    session: { strategy: "jwt", maxAge: SESSION_TTL_MS / 1000 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    // The adapter is only needed to link OAuth accounts; credentials sign-in never touches it.
    ...(oauth.length
      ? {
          adapter: DrizzleAdapter(identityDb(), {
            usersTable: users,
            accountsTable: accounts,
            sessionsTable: sessions,
            verificationTokensTable: verificationTokens,
            authenticatorsTable: authenticators,
          } as never),
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
      async jwt({ token, user, account }) {
        if (user?.id) {
          token.uid = user.id;
          if (account?.type === "oauth" || account?.type === "oidc") {
            const opened = await openUserSession(user.id, { ip: null, userAgent: null }, {});
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
      error: (error) => console.error(`[auth] ${error.name}: ${error.message.split("\n")[0]}`),
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => config());
