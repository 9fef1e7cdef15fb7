import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { authStrings as t } from "@/components/auth/strings";
import { Logo } from "@/components/ui/logo";
import { ThemeToggle } from "@/components/ui/theme-toggle";

export const metadata: Metadata = {
  // Sign-in and reset pages have nothing to offer a search engine.
  robots: { index: false, follow: true },
};

/** Sign in, sign up, verify, reset: one centred card, nothing else competing for attention. */
export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  // These pages take passwords: they get the strict per-request nonce CSP, which only works on dynamic pages.
  await connection();
  return (
    <div className="flex min-h-dvh flex-col bg-bg-subtle">
      <div
        aria-hidden="true"
        className="pointer-events-none fixed inset-x-0 top-0 h-72 bg-[radial-gradient(40rem_18rem_at_50%_-20%,var(--color-brand-soft),transparent)]"
      />
      <header className="relative flex justify-center px-4 pt-10 pb-6 sm:pt-16">
        <Link href="/" aria-label={t.homeLink} className="rounded-md">
          <Logo />
        </Link>
      </header>
      <div className="relative flex flex-1 flex-col items-center px-4 pb-10">
        <main
          id="main"
          tabIndex={-1}
          className="w-full max-w-sm rounded-xl border border-border bg-surface p-6 shadow-card focus:outline-none sm:p-8"
        >
          {children}
        </main>
        <footer className="mt-6 flex w-full max-w-sm flex-wrap items-center justify-between gap-3">
          <Link href="/" className="inline-flex items-center gap-1.5 text-sm text-muted hover:text-fg">
            <ArrowLeft aria-hidden="true" className="size-4" />
            {t.backToSite}
          </Link>
          <ThemeToggle />
        </footer>
      </div>
    </div>
  );
}
