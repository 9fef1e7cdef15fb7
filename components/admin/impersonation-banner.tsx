"use client";
/** Shown on every portal page while staff are signed in as a customer; ending it returns to the staff session. */
import { UserRoundCheck } from "lucide-react";
import { useTransition } from "react";
import { endImpersonationAction } from "@/app/portal/impersonation-actions";
import { Button } from "@/components/ui/button";

export function ImpersonationBanner({ customerEmail, staffEmail }: { customerEmail: string; staffEmail: string | null }) {
  const [pending, start] = useTransition();
  return (
    <section
      aria-label="Impersonation"
      data-testid="impersonation-banner"
      className="mb-4 flex flex-wrap items-center justify-between gap-3 rounded-lg border border-warning bg-warning-soft px-4 py-3 text-sm text-warning-soft-fg"
    >
      <p className="flex items-center gap-2">
        <UserRoundCheck aria-hidden="true" className="size-4 shrink-0" />
        <span>
          You are signed in as <strong>{customerEmail}</strong>
          {staffEmail ? <> (staff: {staffEmail})</> : null}. Everything you do is recorded.
        </span>
      </p>
      <Button size="sm" variant="secondary" loading={pending} onClick={() => start(async () => void (await endImpersonationAction()))}>
        End impersonation
      </Button>
    </section>
  );
}
