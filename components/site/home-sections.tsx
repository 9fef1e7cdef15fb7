import { ArrowRight, MapPin, Quote } from "lucide-react";
import Link from "next/link";
import { cn } from "@/components/ui/cn";
import type { CachedPostTeaser } from "@/lib/site/cached";
import type { FaqView, LocationTeaser, TestimonialView } from "@/lib/site/queries";
import { formatDate } from "@/lib/format/dates";
import { FaqAnswer } from "./faq-answer";
import { siteStrings } from "./strings";

const t = siteStrings.home;

/**
 * For sections well below the fold: the browser skips their style, layout and paint until they come near the
 * viewport (they stay in the accessibility tree, find-in-page and anchors). The intrinsic size is a placeholder
 * height so the scrollbar does not jump; `auto` remembers the real one once rendered.
 */
export const belowFold = "[content-visibility:auto] [contain-intrinsic-size:auto_36rem]";

function SectionHeading({ id, title, lead, action }: { id: string; title: string; lead?: string; action?: { href: string; label: string } }) {
  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
      <div className="max-w-2xl">
        <h2 id={id} className="text-3xl font-semibold tracking-tight text-fg sm:text-4xl">
          {title}
        </h2>
        {lead && <p className="mt-3 text-muted">{lead}</p>}
      </div>
      {action && (
        <Link href={action.href} className="inline-flex shrink-0 items-center gap-1 text-sm font-medium text-brand hover:underline">
          {action.label}
          <ArrowRight aria-hidden="true" className="size-4" />
        </Link>
      )}
    </div>
  );
}

export function LocationsSection({ locations }: { locations: LocationTeaser[] }) {
  if (locations.length === 0) return null;
  return (
    <section aria-labelledby="locations-title" className={cn("mx-auto max-w-6xl px-4 py-16 sm:px-6 sm:py-20", belowFold)}>
      <SectionHeading id="locations-title" title={t.locationsTitle} lead={t.locationsLead} action={{ href: "/locations", label: t.locationsLink }} />
      <ul className="mt-10 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="home-locations">
        {locations.map((l) => (
          <li key={l.slug} className="flex items-center gap-3 rounded-lg border border-border bg-surface px-4 py-3">
            <MapPin aria-hidden="true" className="size-4 shrink-0 text-brand" />
            <span className="font-medium text-fg">{l.city}</span>
            <span className="ml-auto text-sm text-muted">{l.countryCode}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

// A five-point star in a 24×24 box; the five of a rating are drawn side by side in one SVG (a separate icon per
// star made the home page's HTML and RSC payload ~25 KB heavier, all of it hydrated).
const STAR_PATH = "M12 2.5l2.94 5.96 6.56.95-4.75 4.63 1.12 6.54L12 17.5l-5.87 3.08 1.12-6.54L2.5 9.41l6.56-.95z";

function RatingStars({ rating }: { rating: number }) {
  return (
    <svg viewBox="0 0 120 24" role="img" aria-label={t.rating(rating)} className="h-4 w-20 text-warning">
      {Array.from({ length: 5 }, (_, i) => (
        <path
          key={i}
          d={STAR_PATH}
          transform={`translate(${i * 24} 0)`}
          fill={i < rating ? "currentColor" : "none"}
          stroke="currentColor"
          strokeWidth="2"
          strokeLinejoin="round"
        />
      ))}
    </svg>
  );
}

export function TestimonialsSection({ testimonials }: { testimonials: TestimonialView[] }) {
  if (testimonials.length === 0) return null;
  return (
    <section aria-labelledby="testimonials-title" className={cn("border-y border-border bg-bg-subtle", belowFold)}>
      <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6 sm:py-20">
        <SectionHeading id="testimonials-title" title={t.testimonialsTitle} />
        <ul className="mt-10 grid gap-6 md:grid-cols-2 lg:grid-cols-3" data-testid="testimonials">
          {testimonials.map((item) => (
            <li key={item.id}>
              <figure className="flex h-full flex-col rounded-xl border border-border bg-surface p-6 shadow-card">
                <RatingStars rating={item.rating} />
                <blockquote className="mt-4 flex-1 text-fg">
                  <Quote aria-hidden="true" className="mb-2 size-5 text-brand" />
                  <p>{item.quote}</p>
                </blockquote>
                <figcaption className="mt-5 text-sm">
                  <span className="font-semibold text-fg">{item.authorName}</span>
                  {(item.authorTitle || item.company) && (
                    <span className="block text-muted">{[item.authorTitle, item.company].filter(Boolean).join(", ")}</span>
                  )}
                </figcaption>
              </figure>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

export function FaqExcerptSection({ items }: { items: FaqView[] }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="faq-title" className={cn("mx-auto max-w-3xl px-4 py-16 sm:px-6 sm:py-20", belowFold)}>
      <SectionHeading id="faq-title" title={t.faqTitle} action={{ href: "/faq", label: t.faqLink }} />
      <div className="mt-8 divide-y divide-border rounded-xl border border-border bg-surface" data-testid="home-faq">
        {items.map((item) => (
          <details key={item.id} className="group px-5 py-4">
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
  );
}

export function LatestPostsSection({ posts }: { posts: CachedPostTeaser[] }) {
  if (posts.length === 0) return null;
  return (
    <section aria-labelledby="posts-title" className={cn("mx-auto max-w-6xl px-4 py-16 sm:px-6 sm:py-20", belowFold)}>
      <SectionHeading id="posts-title" title={t.postsTitle} action={{ href: "/blog", label: t.postsLink }} />
      <ul className="mt-10 grid gap-6 md:grid-cols-3" data-testid="latest-posts">
        {posts.map((post) => (
          <li key={post.slug}>
            <article className="flex h-full flex-col rounded-xl border border-border bg-surface p-6 shadow-card">
              {post.categoryName && <p className="text-xs font-semibold tracking-wide text-brand uppercase">{post.categoryName}</p>}
              <h3 className="mt-2 text-lg font-semibold tracking-tight text-fg">
                <Link href={`/blog/${post.slug}`} className="hover:underline">
                  {post.title}
                </Link>
              </h3>
              {post.excerpt && <p className="mt-2 flex-1 text-sm text-muted">{post.excerpt}</p>}
              <p className="mt-4 text-xs text-muted">
                <time dateTime={post.publishedAt}>{formatDate(new Date(post.publishedAt))}</time>
                {post.authorName && ` · ${post.authorName}`}
                {post.readingMinutes ? ` · ${t.readingTime(post.readingMinutes)}` : ""}
              </p>
            </article>
          </li>
        ))}
      </ul>
    </section>
  );
}
