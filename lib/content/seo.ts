import "server-only";
/**
 * Metadata and structured data for public content: canonical URL (absolute), Open Graph and Twitter cards,
 * hreflang alternates (one language today; the map is where translations will go), robots for noindex, and
 * JSON-LD Article + BreadcrumbList.
 */
import type { Metadata } from "next";
import { serverEnv } from "@/lib/env";
import type { PublicPage, PublicPost } from "./queries";
import { absoluteUrl } from "./site-url";
import { authorPath, categoryPath, pagePath, postPath } from "./slugs";

export const DEFAULT_LOCALE = "en";

export function siteName(): string {
  return serverEnv().APP_NAME;
}

/** Canonical + hreflang for a path: every language version lists all others and x-default. */
export function alternatesFor(path: string, canonicalOverride?: string | null): Metadata["alternates"] {
  const url = absoluteUrl(path);
  return { canonical: canonicalOverride || url, languages: { [DEFAULT_LOCALE]: url, "x-default": url } };
}

export function listMetadata(input: { title: string; description: string; path: string; page?: number }): Metadata {
  const path = input.page && input.page > 1 ? `${input.path}?page=${input.page}` : input.path;
  const title = input.page && input.page > 1 ? `${input.title} (page ${input.page})` : input.title;
  return {
    title,
    description: input.description,
    alternates: {
      ...alternatesFor(path),
      types: { "application/rss+xml": absoluteUrl("/blog/feed.xml"), "application/atom+xml": absoluteUrl("/blog/atom.xml") },
    },
    openGraph: { type: "website", url: absoluteUrl(path), title, description: input.description, siteName: siteName(), locale: "en_US" },
    twitter: { card: "summary", title, description: input.description },
  };
}

export function pageMetadata(page: PublicPage): Metadata {
  const title = page.seoTitle || page.title;
  const description = page.seoDescription ?? undefined;
  const url = absoluteUrl(pagePath(page.slug));
  const images = page.ogImage ? [{ url: absoluteUrl(page.ogImage.url), width: page.ogImage.width ?? undefined, height: page.ogImage.height ?? undefined, alt: page.ogImage.alt ?? title }] : undefined;
  return {
    title,
    description,
    alternates: alternatesFor(pagePath(page.slug), page.canonicalUrl),
    robots: page.noindex ? { index: false, follow: true } : undefined,
    openGraph: { type: "website", url, title, description, siteName: siteName(), locale: "en_US", images },
    twitter: { card: images ? "summary_large_image" : "summary", title, description, images: images?.map((i) => i.url) },
  };
}

/** The OG image of a post: the editor's choice, else its cover, else the generated card. */
export function postOgImage(post: PublicPost): { url: string; width: number; height: number; alt: string } {
  if (post.ogImage) return { url: absoluteUrl(post.ogImage.url), width: post.ogImage.width ?? 1200, height: post.ogImage.height ?? 630, alt: post.ogImage.alt ?? post.title };
  return { url: absoluteUrl(`/og/blog/${post.slug}`), width: 1200, height: 630, alt: post.title };
}

export function postMetadata(post: PublicPost): Metadata {
  const title = post.seoTitle || post.title;
  const description = post.seoDescription ?? post.excerpt ?? undefined;
  const url = absoluteUrl(postPath(post.slug));
  const image = postOgImage(post);
  return {
    title,
    description,
    authors: post.author ? [{ name: post.author.name, url: absoluteUrl(authorPath(post.author.slug)) }] : undefined,
    category: post.category?.name,
    keywords: post.tags.map((t) => t.name),
    alternates: { ...alternatesFor(postPath(post.slug), post.canonicalUrl), types: { "application/rss+xml": absoluteUrl("/blog/feed.xml") } },
    robots: post.noindex ? { index: false, follow: true } : undefined,
    openGraph: {
      type: "article",
      url,
      title,
      description,
      siteName: siteName(),
      locale: "en_US",
      publishedTime: post.publishedAt,
      modifiedTime: post.updatedAt,
      authors: post.author ? [absoluteUrl(authorPath(post.author.slug))] : undefined,
      section: post.category?.name,
      tags: post.tags.map((t) => t.name),
      images: [image],
    },
    twitter: { card: "summary_large_image", title, description, images: [image.url] },
  };
}

export function breadcrumbJsonLd(items: Array<{ name: string; path: string }>): Record<string, unknown> {
  return {
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    itemListElement: items.map((item, i) => ({ "@type": "ListItem", position: i + 1, name: item.name, item: absoluteUrl(item.path) })),
  };
}

export function postBreadcrumbs(post: PublicPost): Array<{ name: string; path: string }> {
  return [
    { name: "Home", path: "/" },
    { name: "Blog", path: "/blog" },
    ...(post.category ? [{ name: post.category.name, path: categoryPath(post.category.slug) }] : []),
    { name: post.title, path: postPath(post.slug) },
  ];
}

export function articleJsonLd(post: PublicPost): Record<string, unknown> {
  const url = absoluteUrl(postPath(post.slug));
  return {
    "@context": "https://schema.org",
    "@type": "BlogPosting",
    mainEntityOfPage: { "@type": "WebPage", "@id": url },
    url,
    headline: post.title,
    description: post.seoDescription ?? post.excerpt ?? undefined,
    image: [postOgImage(post).url],
    datePublished: post.publishedAt,
    dateModified: post.updatedAt,
    wordCount: undefined,
    timeRequired: `PT${post.readingMinutes}M`,
    inLanguage: DEFAULT_LOCALE,
    articleSection: post.category?.name,
    keywords: post.tags.map((t) => t.name).join(", ") || undefined,
    author: post.author ? { "@type": "Person", name: post.author.name, url: absoluteUrl(authorPath(post.author.slug)), jobTitle: post.author.title ?? undefined } : { "@type": "Organization", name: siteName() },
    publisher: { "@type": "Organization", name: siteName(), logo: { "@type": "ImageObject", url: absoluteUrl("/logo.svg") } },
  };
}
