import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CategoryNav } from "@/components/content/blog/category-nav";
import { PostListPage } from "@/components/content/blog/post-list";
import { contentStrings } from "@/components/content/strings";
import { getCachedCategory, listCachedPosts, listCachedCategories } from "@/lib/content/cached";
import { breadcrumbJsonLd, listMetadata } from "@/lib/content/seo";
import { SLUG_PATTERN } from "@/lib/content/slugs";

const t = contentStrings.blog;
type Params = Promise<{ slug: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;
const pageOf = (v: string | string[] | undefined) => Math.max(1, Math.floor(Number(typeof v === "string" ? v : "1")) || 1);
const load = (slug: string) => (SLUG_PATTERN.test(slug) ? getCachedCategory(slug) : Promise.resolve(null));

export async function generateMetadata({ params, searchParams }: { params: Params; searchParams: Search }): Promise<Metadata> {
  const { slug } = await params;
  const entity = await load(slug);
  if (!entity) return {};
  return listMetadata({ title: t.categoryTitle(entity.name), description: (entity.description ?? undefined) ?? t.description, path: `/blog/category/${slug}`, page: pageOf((await searchParams).page) });
}

export default async function BlogCategoryPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { slug } = await params;
  const search = await searchParams;
  const entity = await load(slug);
  if (!entity) notFound();
  const result = await listCachedPosts({ categorySlug: slug, page: pageOf(search.page), pageSize: 10 });
  const path = `/blog/category/${slug}`;
  return (
    <PostListPage
      eyebrow={"Category"}
      title={t.categoryTitle(entity.name)}
      lead={entity.description ?? undefined}
      crumbs={[{ name: "Home", href: "/" }, { name: "Blog", href: "/blog" }, { name: entity.name, href: path }]}
      breadcrumbJsonLd={breadcrumbJsonLd([{ name: "Home", path: "/" }, { name: "Blog", path: "/blog" }, { name: entity.name, path }])}
      result={result}
      pathname={path}
      searchParams={search}
      aside={<CategoryNav categories={await listCachedCategories()} current={slug} />}
    />
  );
}
