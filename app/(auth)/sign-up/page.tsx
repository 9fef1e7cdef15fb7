import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { authStrings } from "@/components/auth/strings";
import { currentActor } from "@/lib/auth/guards";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: authStrings.signUp.metaTitle };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  if (await currentActor()) redirect("/portal");
  const plan = typeof params.plan === "string" && /^[a-z0-9-]{1,64}$/.test(params.plan) ? params.plan : undefined;
  return <SignUpForm next={plan ? `/portal?plan=${plan}` : undefined} />;
}
