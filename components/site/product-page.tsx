import { Check } from "lucide-react";
import { ButtonLink } from "@/components/ui/button-link";
import { cn } from "@/components/ui/cn";
import { formatMoney } from "@/lib/format/money";
import { cachedProducts } from "@/lib/site/cached";
import { siteStrings } from "./strings";

const t = siteStrings.products;

/** A hosting or cloud storefront page: the visible products of that type with their prices, from the catalogue. */
export async function ProductPage({ type }: { type: "hosting" | "cloud" }) {
  const copy = t[type];
  const products = await cachedProducts(type, "USD");
  return (
    <div className="mx-auto max-w-6xl px-4 py-14 sm:px-6 sm:py-20">
      <header className="max-w-2xl">
        <p className="text-sm font-semibold tracking-wide text-brand uppercase">{copy.eyebrow}</p>
        <h1 className="mt-3 text-4xl font-semibold tracking-tight text-fg sm:text-5xl">{copy.title}</h1>
        <p className="mt-4 text-lg text-muted">{copy.lead}</p>
      </header>
      {products.length === 0 ? (
        <p className="mt-12 rounded-xl border border-border p-6 text-muted">{t.empty}</p>
      ) : (
        <div className="mt-12 grid gap-6 md:grid-cols-2 lg:grid-cols-3">
          {products.map((p) => {
            const cycle = p.monthly !== null ? "monthly" : "yearly";
            return (
              <article
                key={p.slug}
                aria-labelledby={`product-${p.slug}`}
                data-testid="product-card"
                className={cn(
                  "relative flex flex-col rounded-xl border bg-surface p-6 shadow-card sm:p-7",
                  p.featured ? "border-brand ring-1 ring-brand" : "border-border",
                )}
              >
                {p.featured && (
                  <span className="absolute -top-3 left-6 rounded-full bg-brand px-2.5 py-0.5 text-xs font-semibold text-brand-fg">{t.featured}</span>
                )}
                <h2 id={`product-${p.slug}`} className="text-lg font-semibold tracking-tight text-fg">
                  {p.name}
                </h2>
                {p.tagline && <p className="mt-1 text-sm text-muted">{p.tagline}</p>}
                <div className="mt-5 border-t border-border pt-5" data-numeric>
                  {p.monthly !== null ? (
                    <p className="flex items-baseline gap-1">
                      <span className="text-4xl font-semibold tracking-tight text-fg">{formatMoney(p.monthly, p.currency)}</span>
                      <span className="text-sm text-muted">{t.perMonth}</span>
                    </p>
                  ) : (
                    <p className="text-2xl font-semibold text-fg">{t.yearlyOnly(formatMoney(p.yearly!, p.currency))}</p>
                  )}
                  {p.monthly !== null && p.yearly !== null && <p className="mt-1 text-sm text-muted">{t.orYearly(formatMoney(p.yearly, p.currency))}</p>}
                </div>
                {p.description && <p className="mt-5 text-sm text-muted">{p.description}</p>}
                {p.features.length > 0 && (
                  <ul className="mt-5 grid gap-2.5 text-sm">
                    {p.features.map((f) => (
                      <li key={f} className="flex items-start gap-2.5 text-fg">
                        <Check aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-success" />
                        <span>{f}</span>
                      </li>
                    ))}
                  </ul>
                )}
                <div className="mt-auto pt-7">
                  <ButtonLink
                    href={`/checkout?plan=${encodeURIComponent(p.slug)}&cycle=${cycle}`}
                    variant={p.featured ? "primary" : "secondary"}
                    className="w-full"
                    prefetch={false}
                  >
                    {t.choose(p.name)}
                  </ButtonLink>
                </div>
              </article>
            );
          })}
        </div>
      )}
    </div>
  );
}
