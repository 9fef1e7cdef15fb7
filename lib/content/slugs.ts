import "server-only";
/**
 * Slugs and the public paths they make. Page slugs live at the site root, so they must not shadow a fixed
 * route (the router would pick the fixed route anyway, leaving the page unreachable).
 */
import { z } from "zod";

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** First path segments taken by fixed routes (app/ and public/) or kept for later ones. */
export const RESERVED_PAGE_SLUGS = new Set([
  "admin", "portal", "api", "blog", "media", "og", "feed", "rss", "atom", "sitemap", "sitemap.xml", "robots.txt",
  "sign-in", "sign-up", "sign-out", "verify", "reset", "forgot-password", "reset-password", "verify-email", "auth",
  "vpn", "pricing", "locations", "servers", "checkout", "status", "contact", "faq", "hosting", "cloud", "support",
  "_next", "favicon.ico", "favicon.svg", "logo.svg", "screenshots", "search", "cart", "order", "invoice", "login", "logout",
]);

/** Lower-case, ASCII, hyphen-separated: `Why WireGuard?` → `why-wireguard`. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 120)
    .replace(/-+$/, "");
}

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter a slug, e.g. about-us.")
  .max(120, "Keep the slug under 120 characters.")
  .regex(SLUG_PATTERN, "Use lower-case letters, digits and single hyphens, e.g. about-us.");

export const pageSlugSchema = slugSchema.refine((s) => !RESERVED_PAGE_SLUGS.has(s), "This address belongs to another part of the site; choose another slug.");

export const pagePath = (slug: string) => `/${slug}`;
export const postPath = (slug: string) => `/blog/${slug}`;
export const categoryPath = (slug: string) => `/blog/category/${slug}`;
export const tagPath = (slug: string) => `/blog/tag/${slug}`;
export const authorPath = (slug: string) => `/blog/author/${slug}`;
