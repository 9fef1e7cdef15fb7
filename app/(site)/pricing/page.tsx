import { Check } from "lucide-react";
import type { Metadata } from "next";
import { PlanComparison } from "@/components/site/plan-comparison";
import { PlanGrid } from "@/components/site/plan-grid";
import { loadVpnPlans } from "@/components/site/plans-data";
import { siteStrings } from "@/components/site/strings";

const t = siteStrings.vpn;

export const metadata: Metadata = {
  title: t.metaTitle,
  description: t.metaDescription,
  // /vpn shows the same page; search engines should index one address.
  alternates: { canonical: "/pricing" },
};

/** Static and cached (tag site:catalogue): a price saved in admin re-renders it for the next visitor. */
async function VpnPricing() {
  const result = await loadVpnPlans();
  return (
    <>
      {/* The cards follow the page's h1 directly: they are the page's h2s. */}
      <PlanGrid plans={result.plans} headingLevel={2} />
      {result.plans.length > 0 && (
        <section aria-labelledby="compare-title" className="mt-20">
          <h2 id="compare-title" className="text-2xl font-semibold tracking-tight text-fg">
            {t.compareTitle}
          </h2>
          <p className="mt-2 text-muted">{t.compareLead}</p>
          <div className="mt-6">
            <PlanComparison plans={result.plans} />
          </div>
        </section>
      )}
    </>
  );
}

export default function PricingPage() {
  return (
    <div className="mx-auto max-w-6xl px-4 py-14 sm:px-6 sm:py-20">
      <header className="max-w-2xl">
        <p className="text-sm font-semibold tracking-wide text-brand uppercase">{t.eyebrow}</p>
        <h1 className="mt-3 text-4xl font-semibold tracking-tight text-fg sm:text-5xl">{t.title}</h1>
        <p className="mt-4 text-lg text-muted">{t.lead}</p>
      </header>

      <div className="mt-12">
        <VpnPricing />
      </div>

      <section aria-labelledby="included-title" className="mt-20 rounded-xl border border-border bg-bg-subtle p-6 sm:p-8">
        <h2 id="included-title" className="text-xl font-semibold tracking-tight text-fg">
          {t.includedTitle}
        </h2>
        <ul className="mt-5 grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-3">
          {t.included.map((item) => (
            <li key={item} className="flex items-center gap-2.5 text-fg">
              <Check aria-hidden="true" className="size-4 shrink-0 text-success" />
              {item}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
