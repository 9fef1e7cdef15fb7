import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { cn } from "./cn";
import { uiStrings } from "./strings";

export type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

/** The URL of `page`, keeping every other search param (filters, sort, query) as it is. */
export function pageHref(pathname: string, searchParams: SearchParamsInput, page: number, param = "page"): string {
  const params = new URLSearchParams();
  if (searchParams instanceof URLSearchParams) {
    searchParams.forEach((v, k) => params.append(k, v));
  } else {
    for (const [key, value] of Object.entries(searchParams)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
    }
  }
  params.delete(param);
  if (page > 1) params.set(param, String(page));
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}

/** Pages to show: first, last, and a window around the current one, with gaps as null. */
export function pageWindow(page: number, pageCount: number, radius = 1): Array<number | null> {
  const pages = new Set<number>([1, pageCount]);
  for (let p = page - radius; p <= page + radius; p++) if (p >= 1 && p <= pageCount) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const out: Array<number | null> = [];
  sorted.forEach((p, i) => {
    if (i > 0 && p - sorted[i - 1]! > 1) out.push(null);
    out.push(p);
  });
  return out;
}

export interface PaginationProps {
  page: number;
  pageCount: number;
  pathname: string;
  /** The page's current search params, so filters survive paging. */
  searchParams: SearchParamsInput;
  param?: string;
  className?: string;
  /** Builds each page's link instead of pageHref (the data table adds keyset cursors to Next / Previous). */
  hrefFor?: (page: number) => string;
}

const itemClass =
  "inline-flex h-9 min-w-9 items-center justify-center gap-1 rounded-md px-2.5 text-sm font-medium transition-colors";

/** Server-rendered pagination made of plain links (works without JavaScript, keeps the URL shareable). */
export function Pagination({ page, pageCount, pathname, searchParams, param = "page", className, hrefFor }: PaginationProps) {
  if (pageCount <= 1) return null;
  const current = Math.min(Math.max(1, page), pageCount);
  const href = (p: number) => (hrefFor ? hrefFor(p) : pageHref(pathname, searchParams, p, param));

  return (
    <nav aria-label={uiStrings.pagination} className={cn("flex items-center justify-between gap-2", className)}>
      <p className="text-sm text-muted sm:hidden">{uiStrings.pageOf(current, pageCount)}</p>
      <ul className="flex items-center gap-1">
        <li>
          {current > 1 ? (
            <Link href={href(current - 1)} rel="prev" className={cn(itemClass, "text-fg hover:bg-surface-muted")}>
              <ChevronLeft aria-hidden="true" className="size-4" />
              <span className="sr-only sm:not-sr-only">{uiStrings.previous}</span>
            </Link>
          ) : (
            <span aria-disabled="true" className={cn(itemClass, "text-muted opacity-60")}>
              <ChevronLeft aria-hidden="true" className="size-4" />
              <span className="sr-only sm:not-sr-only">{uiStrings.previous}</span>
            </span>
          )}
        </li>
        {pageWindow(current, pageCount).map((p, i) =>
          p === null ? (
            <li key={`gap-${i}`} aria-hidden="true" className="hidden px-1 text-muted sm:block">
              …
            </li>
          ) : (
            <li key={p} className="hidden sm:block">
              <Link
                href={href(p)}
                aria-current={p === current ? "page" : undefined}
                aria-label={uiStrings.page(p)}
                className={cn(
                  itemClass,
                  p === current ? "bg-brand-soft text-brand-soft-fg" : "text-fg hover:bg-surface-muted",
                )}
              >
                {p}
              </Link>
            </li>
          ),
        )}
        <li>
          {current < pageCount ? (
            <Link href={href(current + 1)} rel="next" className={cn(itemClass, "text-fg hover:bg-surface-muted")}>
              <span className="sr-only sm:not-sr-only">{uiStrings.next}</span>
              <ChevronRight aria-hidden="true" className="size-4" />
            </Link>
          ) : (
            <span aria-disabled="true" className={cn(itemClass, "text-muted opacity-60")}>
              <span className="sr-only sm:not-sr-only">{uiStrings.next}</span>
              <ChevronRight aria-hidden="true" className="size-4" />
            </span>
          )}
        </li>
      </ul>
    </nav>
  );
}
