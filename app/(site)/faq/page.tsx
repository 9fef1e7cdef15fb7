import type { Metadata } from "next";
import Link from "next/link";
import { FaqAnswer } from "@/components/site/faq-answer";
import { FaqSearch } from "@/components/site/faq-search";
import { siteStrings } from "@/components/site/strings";
import { cachedFaqGroups } from "@/lib/site/cached";

const t = siteStrings.faq;

export const metadata: Metadata = {
  title: t.metaTitle,
  description: t.metaDescription,
  alternates: { canonical: "/faq" },
};

function anchorOf(category: string): string {
  return `faq-${category.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
}

/** Static and cached (tag site:faqs): FAQs edited in admin show here on the next visit. */
export default async function FaqPage() {
  const groups = await cachedFaqGroups();
  return (
    <div className="mx-auto max-w-3xl px-4 py-14 sm:px-6 sm:py-20">
      <header>
        <p className="text-sm font-semibold tracking-wide text-brand uppercase">{t.eyebrow}</p>
        <h1 className="mt-3 text-4xl font-semibold tracking-tight text-fg sm:text-5xl">{t.title}</h1>
        <p className="mt-4 text-lg text-muted">{t.lead}</p>
      </header>

      {groups.length === 0 ? (
        <p className="mt-12 text-muted">{t.empty}</p>
      ) : (
        <>
          <div className="mt-10">
            <FaqSearch label={t.searchLabel} placeholder={t.searchPlaceholder} countText={t.count} />
          </div>
          <nav aria-label={t.groupsLabel} className="mt-6">
            <ul className="flex flex-wrap gap-2">
              {groups.map((g) => (
                <li key={g.category}>
                  <a href={`#${anchorOf(g.category)}`} className="inline-block rounded-full border border-border px-3 py-1.5 text-sm text-fg hover:bg-surface-muted">
                    {g.category}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div className="mt-10 grid gap-12">
            {groups.map((group) => (
              <section key={group.category} aria-labelledby={anchorOf(group.category)} data-faq-group>
                <h2 id={anchorOf(group.category)} className="text-2xl font-semibold tracking-tight text-fg">
                  {group.category}
                </h2>
                <div className="mt-5 divide-y divide-border rounded-xl border border-border bg-surface">
                  {group.items.map((item) => (
                    <details key={item.id} id={item.slug} className="group px-5 py-4" data-faq-item data-testid="faq-item">
                      <summary className="flex items-center justify-between gap-4 font-medium text-fg">
                        {item.question}
                        <span aria-hidden="true" className="text-muted transition-transform group-open:rotate-45">
                          +
                        </span>
                      </summary>
                      <div className="mt-3 text-sm text-muted">
                        <FaqAnswer markdown={item.answerMarkdown} />
                      </div>
                    </details>
                  ))}
                </div>
              </section>
            ))}
          </div>
        </>
      )}

      <p className="mt-14 text-muted">
        {t.stillStuck}{" "}
        <Link href="/sign-in?next=/portal" className="font-medium text-brand hover:underline">
          {t.openTicket}
        </Link>
      </p>
    </div>
  );
}
