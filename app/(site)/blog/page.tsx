import type { Metadata } from "next";
import { CategoryNav } from "@/components/content/blog/category-nav";
import { PostCard } from "@/components/content/blog/post-card";
import { PostListPage } from "@/components/content/blog/post-list";
import { contentStrings } from "@/components/content/strings";
import { listCachedCategories, listCachedPosts } from "@/lib/content/cached";
import { breadcrumbJsonLd, listMetadata } from "@/lib/content/seo";

const t = contentStrings.blog;
type Search = Promise<Record<string, string | string[] | undefined>>;
const pageOf = (v: string | string[] | undefined) => Math.max(1, Math.floor(Number(typeof v === "string" ? v : "1")) || 1);

export async function generateMetadata({ searchParams }: { searchParams: Search }): Promise<Metadata> {
  return listMetadata({ title: t.metaTitle, description: t.description, path: "/blog", page: pageOf((await searchParams).page) });
}

export default async function BlogPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const page = pageOf(params.page);
  const [result, featured, categories] = await Promise.all([
    listCachedPosts({ page, pageSize: 10 }),
    page === 1 ? listCachedPosts({ featured: true, pageSize: 2 }) : null,
    listCachedCategories(),
  ]);
  return (
    <PostListPage
      title={t.title}
      lead={t.description}
      result={result}
      pathname="/blog"
      searchParams={params}
      breadcrumbJsonLd={breadcrumbJsonLd([{ name: "Home", path: "/" }, { name: "Blog", path: "/blog" }])}
      before={
        featured && featured.rows.length > 0 ? (
          <section aria-labelledby="featured-title" className="mt-10">
            <h2 id="featured-title" className="text-sm font-semibold tracking-wide text-muted uppercase">
              {t.featured}
            </h2>
            <ul className="mt-3 grid gap-6 md:grid-cols-2">
              {featured.rows.map((post) => (
                <li key={post.id}>
                  <PostCard post={post} large headingLevel={3} />
                </li>
              ))}
            </ul>
          </section>
        ) : null
      }
      aside={<CategoryNav categories={categories} />}
    />
  );
}
