import type { Metadata } from "next";
import { AcceptInviteForm } from "@/components/portal/organizations/accept-invite-form";
import { organizationStrings } from "@/components/portal/organizations/strings";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button-link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { requireCustomer } from "@/lib/auth/guards";

const t = organizationStrings.accept;

// The token is in the address: never send it onward in a Referer header.
export const metadata: Metadata = { title: t.metaTitle, referrer: "no-referrer" };

/**
 * Signed-out visitors are sent to sign in and back here (proxy.ts / requireCustomer keep the query string).
 * The page only shows a button: opening the link does not accept anything.
 */
export default async function AcceptInvitePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireCustomer();
  const { token } = await searchParams;
  const wellFormed = typeof token === "string" && /^[A-Za-z0-9_-]{20,200}$/.test(token);
  return (
    <div className="mx-auto grid w-full max-w-lg grid-cols-1 gap-6 pt-4">
      {wellFormed ? (
        <AcceptInviteForm token={token} email={actor.email} />
      ) : (
        <Card as="section" aria-labelledby="accept-title">
          <CardHeader>
            <CardTitle as="h1" id="accept-title" className="text-xl">
              {t.failTitle}
            </CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4">
            <Alert tone="warning">
              {t.invalid} {t.failBody}
            </Alert>
            <ButtonLink href="/portal/organizations" variant="secondary">
              {t.toList}
            </ButtonLink>
          </CardContent>
        </Card>
      )}
    </div>
  );
}
