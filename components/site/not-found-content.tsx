import { ArrowRight, Compass } from "lucide-react";
import Link from "next/link";
import { ButtonLink } from "@/components/ui/button-link";
import { helpReady } from "./navigation";
import { NotFoundAreaLink } from "./not-found-area-link";
import { siteStrings } from "./strings";

const t = siteStrings.notFound;

/** The body of the designed 404, shared by the root not-found page and the site group's one. */
export function NotFoundContent() {
  return (
    <div className="mx-auto flex max-w-xl flex-col items-center px-4 py-20 text-center sm:py-28">
      <span className="grid size-14 place-items-center rounded-full bg-brand-soft text-brand-soft-fg">
        <Compass aria-hidden="true" className="size-7" />
      </span>
      <p className="mt-6 font-mono text-sm font-semibold text-brand">{t.code}</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight text-fg sm:text-4xl">{t.title}</h1>
      <p className="mt-4 text-muted">{t.text}</p>
      <div className="mt-8 flex flex-col items-center gap-3 sm:flex-row">
        <ButtonLink href="/">{t.home}</ButtonLink>
        <ButtonLink href="/vpn" variant="secondary">
          {t.plans}
        </ButtonLink>
      </div>
      <NotFoundAreaLink />
      {helpReady && (
        <Link href="/help" className="mt-6 inline-flex items-center gap-1 text-sm font-medium text-brand hover:underline">
          {t.help}
          <ArrowRight aria-hidden="true" className="size-4" />
        </Link>
      )}
    </div>
  );
}
