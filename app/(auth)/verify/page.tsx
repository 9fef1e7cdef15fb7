import type { Metadata } from "next";
import { authStrings } from "@/components/auth/strings";
import { Alert } from "@/components/ui/alert";
import { VerifyForm } from "./verify-form";

export const metadata: Metadata = { title: authStrings.verify.metaTitle, referrer: "no-referrer" };

export default async function VerifyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  if (typeof token !== "string" || token.length < 20 || token.length > 200) {
    return (
      <div className="grid gap-4">
        <h1 className="text-xl font-semibold text-fg">{authStrings.verify.failTitle}</h1>
        <Alert tone="warning">{authStrings.verify.failBody}</Alert>
      </div>
    );
  }
  return <VerifyForm token={token} />;
}
