import type { Metadata } from "next";
import Link from "next/link";
import { authStrings } from "@/components/auth/strings";
import { Alert } from "@/components/ui/alert";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: authStrings.reset.metaTitle, referrer: "no-referrer" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  if (typeof token !== "string" || token.length < 20 || token.length > 200) {
    return (
      <div className="grid gap-4">
        <Alert tone="warning">{authStrings.reset.missing}</Alert>
        <Link href="/forgot-password" className="text-sm font-medium text-brand">
          {authStrings.forgot.title}
        </Link>
      </div>
    );
  }
  return <ResetPasswordForm token={token} />;
}
