import { ArrowRight, Check, EyeOff, KeyRound, QrCode, Zap } from "lucide-react";
import type { Metadata } from "next";
import { HeroArt } from "@/components/site/hero-art";
import { belowFold, FaqExcerptSection, LatestPostsSection, LocationsSection, TestimonialsSection } from "@/components/site/home-sections";
import { PlanGrid } from "@/components/site/plan-grid";
import { loadVpnPlans } from "@/components/site/plans-data";
import { siteStrings } from "@/components/site/strings";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { cachedFaqGroups, cachedLatestPosts, cachedLocationTeasers, cachedTestimonials } from "@/lib/site/cached";

const t = siteStrings.home;

export const metadata: Metadata = {
  title: { absolute: t.metaTitle },
  description: t.metaDescription,
};

const whyIcons = [Zap, KeyRound, EyeOff, QrCode];

/**
 * Static and cached: rendered once from the databases, then served from the page cache until an admin change
 * revalidates one of its tags (catalogue, locations, testimonials, FAQs, posts, menus, theme).
 *
 * No client component of its own: every section is server-rendered HTML (Next still hydrates it, from the RSC
 * payload, so what this page renders is what the browser decodes and walks: keep it lean).
 */
export default async function HomePage() {
  const [plans, locations, testimonials, faqGroups, posts] = await Promise.all([
    loadVpnPlans(),
    cachedLocationTeasers(),
    cachedTestimonials(3),
    cachedFaqGroups(),
    cachedLatestPosts(3),
  ]);
  const faqExcerpt = faqGroups.flatMap((g) => g.items).slice(0, 4);
  return (
    <>
      <section aria-labelledby="hero-title" className="relative overflow-hidden border-b border-border">
        <div
          aria-hidden="true"
          className="pointer-events-none absolute inset-0 bg-[radial-gradient(60rem_30rem_at_80%_-10%,var(--color-brand-soft),transparent)]"
        />
        <div className="relative mx-auto grid max-w-6xl items-center gap-10 px-4 py-16 sm:px-6 sm:py-20 lg:grid-cols-[1.15fr_1fr] lg:py-28">
          <div>
            <p className="text-sm font-semibold tracking-wide text-brand uppercase">{t.eyebrow}</p>
            <h1
              id="hero-title"
              className="mt-3 text-4xl font-semibold tracking-tight text-balance text-fg sm:text-5xl lg:text-6xl"
            >
              {t.title}
            </h1>
            <p className="mt-5 max-w-xl text-lg text-pretty text-muted">{t.lead}</p>
            <div className="mt-8 flex flex-col items-start gap-3 sm:flex-row sm:items-center sm:gap-5">
              {/* A plain anchor: a next/link to "#plans" would prefetch this very page (three requests, decoded). */}
              <a href="#plans" className={buttonClasses({ size: "lg" })}>
                {t.cta}
                <ArrowRight aria-hidden="true" className="size-4" />
              </a>
              <p className="text-sm text-muted">{t.ctaNote}</p>
            </div>
            <ul className="mt-10 grid gap-3 text-sm text-fg sm:grid-cols-3 sm:gap-4">
              {t.highlights.map((item) => (
                <li key={item} className="flex items-center gap-2">
                  <Check aria-hidden="true" className="size-4 shrink-0 text-success" />
                  {item}
                </li>
              ))}
            </ul>
          </div>
          <HeroArt className="mx-auto hidden w-full max-w-md sm:block" />
        </div>
      </section>

      <section id="plans" aria-labelledby="plans-title" className="mx-auto max-w-6xl px-4 py-16 sm:px-6 sm:py-24">
        <div className="mx-auto max-w-2xl text-center">
          <h2 id="plans-title" className="text-3xl font-semibold tracking-tight text-fg sm:text-4xl">
            {t.plansTitle}
          </h2>
          <p className="mt-3 text-muted">{t.plansLead}</p>
        </div>
        <div className="mt-12">
          <PlanGrid plans={plans.plans} />
        </div>
      </section>

      <section aria-labelledby="why-title" className="border-y border-border bg-bg-subtle">
        <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6 sm:py-24">
          <div className="max-w-2xl">
            <h2 id="why-title" className="text-3xl font-semibold tracking-tight text-fg sm:text-4xl">
              {t.whyTitle}
            </h2>
            <p className="mt-3 text-muted">{t.whyLead}</p>
          </div>
          <ul className="mt-12 grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
            {t.why.map((item, i) => {
              const Icon = whyIcons[i] ?? Zap;
              return (
                <li key={item.title} className="rounded-xl border border-border bg-surface p-6 shadow-card">
                  <span className="grid size-10 place-items-center rounded-lg bg-brand-soft text-brand-soft-fg">
                    <Icon aria-hidden="true" className="size-5" />
                  </span>
                  <h3 className="mt-4 font-semibold text-fg">{item.title}</h3>
                  <p className="mt-2 text-sm text-muted">{item.text}</p>
                </li>
              );
            })}
          </ul>
        </div>
      </section>

      <LocationsSection locations={locations} />
      <TestimonialsSection testimonials={testimonials} />
      <FaqExcerptSection items={faqExcerpt} />
      <LatestPostsSection posts={posts} />

      <section aria-labelledby="final-cta-title" className={cn("mx-auto max-w-6xl px-4 py-16 sm:px-6 sm:py-24", belowFold)}>
        <div className="relative overflow-hidden rounded-2xl bg-brand px-6 py-12 text-center text-brand-fg sm:px-12 sm:py-16">
          <div
            aria-hidden="true"
            className="pointer-events-none absolute inset-0 bg-[radial-gradient(40rem_20rem_at_50%_120%,var(--color-accent),transparent)] opacity-40"
          />
          <div className="relative">
            <h2 id="final-cta-title" className="text-3xl font-semibold tracking-tight sm:text-4xl">
              {t.finalTitle}
            </h2>
            <p className="mx-auto mt-3 max-w-xl opacity-90">{t.finalLead}</p>
            <a href="#plans" className={buttonClasses({ size: "lg", variant: "inverse" }, "mt-8")}>
              {t.cta}
              <ArrowRight aria-hidden="true" className="size-4" />
            </a>
          </div>
        </div>
      </section>
    </>
  );
}
