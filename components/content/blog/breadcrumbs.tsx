import { ChevronRight } from "lucide-react";
import Link from "next/link";
import { contentStrings } from "../strings";

export interface Crumb {
  name: string;
  href: string;
}

/** Visible breadcrumb trail; the last item is the current page. Pairs with a BreadcrumbList in JSON-LD. */
export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav aria-label={contentStrings.blog.breadcrumb} className="text-sm text-muted">
      <ol className="flex flex-wrap items-center gap-1">
        {items.map((item, i) => (
          <li key={item.href} className="flex items-center gap-1">
            {i > 0 && <ChevronRight aria-hidden="true" className="size-3.5" />}
            {i === items.length - 1 ? (
              <span aria-current="page" className="line-clamp-1 text-fg">
                {item.name}
              </span>
            ) : (
              <Link href={item.href} className="hover:text-fg hover:underline">
                {item.name}
              </Link>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
