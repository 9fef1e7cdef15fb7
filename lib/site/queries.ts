import "server-only";
/**
 * Reads for the public site's furniture: FAQs, testimonials, menus, theme, latest posts and the location list.
 * Plain queries on the content (and vpn) databases; lib/site/cached.ts wraps them in the page cache with tags.
 */
import { and, asc, desc, eq, isNotNull, isNull, lte } from "drizzle-orm";
import { contentDb } from "@/db/content/client";
import { blogAuthors, blogCategories, blogPosts, faqs, navigationItems, testimonials, themeTokens } from "@/db/content/schema";
import { vpnDb } from "@/db/vpn/client";
import { servers } from "@/db/vpn/schema";
import { themeFromTokens, type Theme } from "./theme-tokens";

export interface FaqView {
  id: string;
  slug: string;
  category: string;
  question: string;
  answerMarkdown: string;
}

export interface FaqGroup {
  category: string;
  items: FaqView[];
}

/** Published FAQs grouped by category; groups in the order of their first question, questions by sort order. */
export async function listFaqGroups(): Promise<FaqGroup[]> {
  const rows = await contentDb()
    .select({ id: faqs.id, slug: faqs.slug, category: faqs.category, question: faqs.question, answerMarkdown: faqs.answerMarkdown })
    .from(faqs)
    .where(eq(faqs.published, true))
    .orderBy(asc(faqs.sortOrder), asc(faqs.question));
  const groups = new Map<string, FaqView[]>();
  for (const row of rows) {
    const list = groups.get(row.category) ?? [];
    list.push(row);
    groups.set(row.category, list);
  }
  return [...groups].map(([category, items]) => ({ category, items }));
}

export interface TestimonialView {
  id: string;
  slug: string;
  authorName: string;
  authorTitle: string | null;
  company: string | null;
  quote: string;
  rating: number;
}

export async function listTestimonials(limit = 12): Promise<TestimonialView[]> {
  return contentDb()
    .select({
      id: testimonials.id,
      slug: testimonials.slug,
      authorName: testimonials.authorName,
      authorTitle: testimonials.authorTitle,
      company: testimonials.company,
      quote: testimonials.quote,
      rating: testimonials.rating,
    })
    .from(testimonials)
    .where(eq(testimonials.published, true))
    .orderBy(asc(testimonials.sortOrder), asc(testimonials.authorName))
    .limit(limit);
}

export interface MenuLink {
  id: string;
  label: string;
  href: string;
  external: boolean;
}

export interface MenuColumn {
  id: string;
  label: string;
  links: MenuLink[];
}

/** The header menu: visible top-level items with a link, in order. */
export async function listHeaderMenu(): Promise<MenuLink[]> {
  const rows = await contentDb()
    .select({ id: navigationItems.id, label: navigationItems.label, href: navigationItems.href, external: navigationItems.external })
    .from(navigationItems)
    .where(and(eq(navigationItems.menu, "header"), eq(navigationItems.visible, true), isNull(navigationItems.parentId), isNotNull(navigationItems.href)))
    .orderBy(asc(navigationItems.sortOrder), asc(navigationItems.label));
  return rows.map((r) => ({ ...r, href: r.href! }));
}

/** The footer menu: visible columns (items without a parent) with their visible links, in order. */
export async function listFooterMenu(): Promise<MenuColumn[]> {
  const rows = await contentDb()
    .select({
      id: navigationItems.id,
      parentId: navigationItems.parentId,
      label: navigationItems.label,
      href: navigationItems.href,
      external: navigationItems.external,
    })
    .from(navigationItems)
    .where(and(eq(navigationItems.menu, "footer"), eq(navigationItems.visible, true)))
    .orderBy(asc(navigationItems.sortOrder), asc(navigationItems.label));
  const columns = rows.filter((r) => r.parentId === null).map((r) => ({ id: r.id, label: r.label, links: [] as MenuLink[] }));
  const byId = new Map(columns.map((c) => [c.id, c]));
  for (const row of rows) {
    if (row.parentId && row.href) byId.get(row.parentId)?.links.push({ id: row.id, label: row.label, href: row.href, external: row.external });
  }
  return columns.filter((c) => c.links.length > 0);
}

export async function getTheme(): Promise<Theme> {
  const rows = await contentDb().select({ key: themeTokens.key, value: themeTokens.value }).from(themeTokens);
  return themeFromTokens(rows);
}

export interface PostTeaser {
  slug: string;
  title: string;
  excerpt: string | null;
  publishedAt: Date;
  readingMinutes: number | null;
  authorName: string | null;
  categoryName: string | null;
}

/**
 * The newest published posts: status `published` and a publish date already reached (a post scheduled for later is
 * `scheduled` until the scheduler publishes it, and a published date in the future is not shown before its time).
 */
export async function listLatestPosts(limit = 3, now: Date = new Date()): Promise<PostTeaser[]> {
  const rows = await contentDb()
    .select({
      slug: blogPosts.slug,
      title: blogPosts.title,
      excerpt: blogPosts.excerpt,
      publishedAt: blogPosts.publishedAt,
      readingMinutes: blogPosts.readingMinutes,
      authorName: blogAuthors.name,
      categoryName: blogCategories.name,
    })
    .from(blogPosts)
    .leftJoin(blogAuthors, eq(blogAuthors.id, blogPosts.authorId))
    .leftJoin(blogCategories, eq(blogCategories.id, blogPosts.categoryId))
    .where(and(eq(blogPosts.status, "published"), isNotNull(blogPosts.publishedAt), lte(blogPosts.publishedAt, now)))
    .orderBy(desc(blogPosts.publishedAt))
    .limit(limit);
  return rows.map((r) => ({ ...r, publishedAt: r.publishedAt! }));
}

export interface LocationTeaser {
  slug: string;
  name: string;
  city: string;
  countryCode: string;
  description: string | null;
}

/** Public VPN locations for the home page (the live status lives on /locations). */
export async function listLocationTeasers(): Promise<LocationTeaser[]> {
  return vpnDb()
    .select({ slug: servers.slug, name: servers.name, city: servers.city, countryCode: servers.countryCode, description: servers.description })
    .from(servers)
    .where(and(eq(servers.active, true), eq(servers.accessLevel, "public")))
    .orderBy(asc(servers.sortOrder), asc(servers.name));
}
