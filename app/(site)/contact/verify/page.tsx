import type { Metadata } from "next";
import { ConfirmContactForm } from "@/components/support/contact-forms";
import { Alert } from "@/components/ui/alert";

export const metadata: Metadata = { title: "Confirm your message", referrer: "no-referrer", robots: { index: false } };

/** A button, not a GET side effect: mail scanners that open links must not open tickets. */
export default async function ContactVerifyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  return (
    <div className="mx-auto grid max-w-xl gap-6 px-4 py-14 sm:px-6 sm:py-20">
      <h1 className="text-3xl font-semibold tracking-tight text-fg">Confirm your message</h1>
      {typeof token === "string" && token.length >= 20 && token.length <= 200 ? (
        <>
          <p className="text-muted">Confirm that you sent us this message, and we open a ticket for it.</p>
          <ConfirmContactForm token={token} />
        </>
      ) : (
        <Alert tone="warning">This link is invalid or has expired. Please send the form again.</Alert>
      )}
    </div>
  );
}
