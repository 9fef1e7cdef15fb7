import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { authStrings } from "@/components/auth/strings";
import { currentActor } from "@/lib/auth/guards";
import { isStaffRole } from "@/lib/auth/permissions";
import { safeNextPath } from "@/lib/auth/redirects";
import { serverEnv } from "@/lib/env";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: authStrings.signIn.metaTitle };

const notices: Record<string, string> = {
  "password-changed": authStrings.signIn.passwordChanged,
  verified: authStrings.signIn.verified,
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = typeof params.next === "string" ? params.next : undefined;
  const actor = await currentActor();
  if (actor) redirect(safeNextPath(next, isStaffRole(actor.role) ? "/admin" : "/portal"));
  const notice = typeof params.notice === "string" ? notices[params.notice] : undefined;
  const challenge = typeof params.challenge === "string" ? params.challenge : undefined;
  const errorCode = typeof params.error === "string" ? params.error : undefined;
  const oauthError = errorCode ? (authStrings.signIn.oauthErrors[errorCode] ?? authStrings.signIn.oauthErrors.default) : undefined;
  const env = serverEnv();
  const providers = [
    ...(env.AUTH_GITHUB_ID ? (["github"] as const) : []),
    ...(env.AUTH_GOOGLE_ID ? (["google"] as const) : []),
  ];
  return <SignInForm next={next} notice={notice} challenge={challenge} oauthError={oauthError} providers={providers} />;
}
