import { Rss } from "lucide-react";
import type { ReactNode } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { Pagination } from "@/components/ui/pagination";
import type { Paged, PostSummary } from "@/lib/content/queries";
import { contentStrings } from "../strings";
import { Breadcrumbs, type Crumb } from "./breadcrumbs";
import { JsonLd } from "./json-ld";
import { PostCard } from "./post-card";

const t = contentStrings.blog;

/** Header + grid of posts + pagination: the blog index and its category, tag and author pages. */
export function PostListPage({
  title,
  lead,
  eyebrow,
  crumbs,
  result,
  pathname,
  searchParams,
  before,
  aside,
  breadcrumbJsonLd,
}: {
  title: string;
  lead?: ReactNode;
  eyebrow?: string;
  crumbs?: Crumb[];
  result: Paged<PostSummary>;
  pathname: string;
  searchParams: Record<string, string | string[] | undefined>;
  before?: ReactNode;
  aside?: ReactNode;
  breadcrumbJsonLd?: Record<string, unknown>;
}) {
  const pageCount = Math.max(1, Math.ceil(result.total / result.pageSize));
  return (
    <div className="mx-auto max-w-6xl px-4 py-12 sm:px-6 sm:py-16">
      {breadcrumbJsonLd && <JsonLd data={breadcrumbJsonLd} />}
      {crumbs && <Breadcrumbs items={crumbs} />}
      <header className="mt-4 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="max-w-2xl">
          {eyebrow && <p className="text-sm font-semibold tracking-wide text-brand uppercase">{eyebrow}</p>}
          <h1 className="mt-2 text-4xl font-semibold tracking-tight text-fg">{title}</h1>
          {lead && <p className="mt-3 text-lg text-muted">{lead}</p>}
        </div>
        <a href="/blog/feed.xml" className="inline-flex items-center gap-1.5 text-sm font-medium text-brand hover:underline">
          <Rss aria-hidden="true" className="size-4" />
          {t.rss}
        </a>
      </header>
      {before}
      <div className="mt-10 grid gap-10 lg:grid-cols-[minmax(0,1fr)_16rem]">
        <section aria-label={t.latest}>
          {result.rows.length === 0 ? (
            <EmptyState title={t.empty} description={t.emptyHint} headingLevel={2} />
          ) : (
            <ul className="grid gap-6 sm:grid-cols-2">
              {result.rows.map((post) => (
                <li key={post.id}>
                  <PostCard post={post} />
                </li>
              ))}
            </ul>
          )}
          <Pagination className="mt-10" page={result.page} pageCount={pageCount} pathname={pathname} searchParams={searchParams} />
        </section>
        {aside}
      </div>
    </div>
  );
}
