/**
 * CMS pages at their own address (/about, /terms, …). Fixed routes (/vpn, /pricing, /checkout, …) always win
 * over this dynamic segment, and page slugs that would collide with them are refused when saving. An old slug
 * answers with a permanent redirect to the page's current address.
 */
import type { Metadata } from "next";
import { notFound, permanentRedirect } from "next/navigation";
import { Breadcrumbs } from "@/components/content/blog/breadcrumbs";
import { JsonLd } from "@/components/content/blog/json-ld";
import { formatPostDate } from "@/components/content/blog/post-card";
import { Prose } from "@/components/content/prose";
import { contentStrings } from "@/components/content/strings";
import { findCachedRedirect, getCachedPage } from "@/lib/content/cached";
import { breadcrumbJsonLd, pageMetadata } from "@/lib/content/seo";
import { SLUG_PATTERN } from "@/lib/content/slugs";

type Params = Promise<{ slug: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug } = await params;
  const page = SLUG_PATTERN.test(slug) ? await getCachedPage(slug) : null;
  return page ? pageMetadata(page) : {};
}

export default async function CmsPage({ params }: { params: Params }) {
  const { slug } = await params;
  if (!SLUG_PATTERN.test(slug)) notFound();
  const page = await getCachedPage(slug);
  if (!page) {
    const redirect = await findCachedRedirect(`/${slug}`);
    if (redirect) permanentRedirect(redirect.toPath);
    notFound();
  }
  const crumbs = [
    { name: contentStrings.blog.home, path: "/" },
    { name: page.title, path: `/${page.slug}` },
  ];
  return (
    <article className="mx-auto max-w-3xl px-4 py-10 sm:px-6 sm:py-14">
      <JsonLd data={breadcrumbJsonLd(crumbs)} />
      <Breadcrumbs items={crumbs.map((c) => ({ name: c.name, href: c.path }))} />
      <header className="mt-8">
        <h1 className="text-3xl font-semibold tracking-tight text-balance text-fg sm:text-5xl">{page.title}</h1>
        <p className="mt-4 text-sm text-muted">
          {contentStrings.blog.updated} <time dateTime={page.updatedAt}>{formatPostDate(page.updatedAt)}</time>
        </p>
      </header>
      <Prose html={page.html} className="mt-10" />
    </article>
  );
}
