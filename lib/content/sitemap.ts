import "server-only";
/**
 * The sitemap's entries: fixed public routes, published and indexable CMS pages and posts, blog categories,
 * tags and authors that have posts, and the VPN locations page (with the newest location change as its date).
 */
import type { MetadataRoute } from "next";
import type { SitemapContent } from "./queries";
import { absoluteUrl } from "./site-url";
import { authorPath, categoryPath, pagePath, postPath, tagPath } from "./slugs";

/** Public routes that exist as files in app/(site); add new fixed pages here. */
export const STATIC_SITEMAP_PATHS: Array<{ path: string; priority: number; changeFrequency: "daily" | "weekly" | "monthly" }> = [
  { path: "/", priority: 1, changeFrequency: "weekly" },
  { path: "/pricing", priority: 0.9, changeFrequency: "weekly" },
  { path: "/hosting", priority: 0.8, changeFrequency: "weekly" },
  { path: "/cloud", priority: 0.8, changeFrequency: "weekly" },
  { path: "/faq", priority: 0.6, changeFrequency: "monthly" },
  { path: "/status", priority: 0.5, changeFrequency: "daily" },
  { path: "/contact", priority: 0.4, changeFrequency: "monthly" },
  { path: "/blog", priority: 0.7, changeFrequency: "daily" },
];

export interface LocationsSummary {
  count: number;
  lastModified: Date | null;
}

export function buildSitemap(content: SitemapContent, locations: LocationsSummary): MetadataRoute.Sitemap {
  const entry = (path: string, extra: Omit<MetadataRoute.Sitemap[number], "url"> = {}) => ({
    url: absoluteUrl(path),
    alternates: { languages: { en: absoluteUrl(path) } },
    ...extra,
  });
  return [
    ...STATIC_SITEMAP_PATHS.map((s) => entry(s.path, { priority: s.priority, changeFrequency: s.changeFrequency })),
    ...(locations.count > 0 ? [entry("/locations", { priority: 0.8, changeFrequency: "daily", lastModified: locations.lastModified ?? undefined })] : []),
    ...content.pages.map((p) => entry(pagePath(p.slug), { lastModified: new Date(p.updatedAt), changeFrequency: "monthly", priority: 0.5 })),
    ...content.posts.map((p) =>
      entry(postPath(p.slug), { lastModified: new Date(p.updatedAt), changeFrequency: "monthly", priority: 0.6, images: p.image ? [absoluteUrl(p.image)] : undefined }),
    ),
    ...content.categories.map((c) => entry(categoryPath(c.slug), { lastModified: c.updatedAt ? new Date(c.updatedAt) : undefined, changeFrequency: "weekly", priority: 0.4 })),
    ...content.tags.map((t) => entry(tagPath(t.slug), { changeFrequency: "weekly", priority: 0.3 })),
    ...content.authors.map((a) => entry(authorPath(a.slug), { changeFrequency: "monthly", priority: 0.3 })),
  ];
}
