import Link from "next/link";
import type { TaxonomyEntry } from "@/lib/content/queries";
import { contentStrings } from "../strings";

const t = contentStrings.blog;

export function CategoryNav({ categories, current }: { categories: TaxonomyEntry[]; current?: string }) {
  const shown = categories.filter((c) => c.postCount > 0);
  return (
    <aside aria-labelledby="blog-categories">
      <h2 id="blog-categories" className="text-sm font-semibold tracking-wide text-muted uppercase">
        {t.categories}
      </h2>
      <ul className="mt-3 grid gap-1">
        <li>
          <Link href="/blog" aria-current={!current ? "page" : undefined} className="flex justify-between rounded-md px-2 py-1.5 text-sm text-fg hover:bg-surface-muted aria-[current=page]:bg-brand-soft aria-[current=page]:text-brand-soft-fg">
            {t.allPosts}
          </Link>
        </li>
        {shown.map((c) => (
          <li key={c.slug}>
            <Link
              href={`/blog/category/${c.slug}`}
              aria-current={current === c.slug ? "page" : undefined}
              className="flex justify-between rounded-md px-2 py-1.5 text-sm text-fg hover:bg-surface-muted aria-[current=page]:bg-brand-soft aria-[current=page]:text-brand-soft-fg"
            >
              {c.name}
              <span className="text-muted">{c.postCount}</span>
            </Link>
          </li>
        ))}
      </ul>
    </aside>
  );
}
