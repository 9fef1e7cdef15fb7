import "server-only";
/**
 * Content reads for public pages, kept in Next's data cache under content tags (lib/content/cache-tags.ts)
 * until an edit or publication expires them (lib/content/revalidate.ts). The hour-long ceiling only matters if
 * an expiry was lost (the revalidation hook unreachable from a separate worker process).
 *
 * The process start id in every key keeps a restarted server (or a restored database) from reading entries a
 * previous process left in the on-disk cache, whose tag expiries it never saw.
 */
import { randomUUID } from "node:crypto";
import { unstable_cache } from "next/cache";
import { CONTENT_TAGS } from "./cache-tags";
import {
  getAuthor,
  getCategory,
  getPublishedPage,
  getPublishedPost,
  getTag,
  listCategories,
  listFeedPosts,
  listPublishedPosts,
  sitemapContent,
  type PostFilter,
} from "./queries";
import { findRedirect } from "./documents";
import { siteOrigin } from "./site-url";

const PROCESS_KEY = randomUUID();
const CEILING_SECONDS = 3600;

function cached<A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>, tags: (...args: A) => string[]) {
  return (...args: A): Promise<R> => unstable_cache(() => fn(...args), [PROCESS_KEY, name, JSON.stringify(args)], { tags: tags(...args), revalidate: CEILING_SECONDS })();
}

export const getCachedPage = cached("page", (slug: string) => getPublishedPage(slug, siteOrigin()), (slug) => [CONTENT_TAGS.pages, CONTENT_TAGS.page(slug), CONTENT_TAGS.media]);

export const getCachedPost = cached("post", (slug: string) => getPublishedPost(slug, siteOrigin()), (slug) => [CONTENT_TAGS.posts, CONTENT_TAGS.post(slug), CONTENT_TAGS.taxonomy, CONTENT_TAGS.media]);

export const listCachedPosts = cached("posts", (filter: PostFilter) => listPublishedPosts(filter), () => [CONTENT_TAGS.posts, CONTENT_TAGS.taxonomy, CONTENT_TAGS.media]);

export const listCachedFeedPosts = cached("feed", (limit: number) => listFeedPosts(limit, siteOrigin()), () => [CONTENT_TAGS.posts, CONTENT_TAGS.taxonomy]);

export const listCachedCategories = cached("categories", () => listCategories(), () => [CONTENT_TAGS.posts, CONTENT_TAGS.taxonomy]);
export const getCachedCategory = cached("category", (slug: string) => getCategory(slug), () => [CONTENT_TAGS.posts, CONTENT_TAGS.taxonomy]);
export const getCachedTag = cached("tag", (slug: string) => getTag(slug), () => [CONTENT_TAGS.taxonomy]);
export const getCachedAuthor = cached("author", (slug: string) => getAuthor(slug), () => [CONTENT_TAGS.taxonomy]);

export const getCachedSitemapContent = cached("sitemap", () => sitemapContent(), () => [CONTENT_TAGS.pages, CONTENT_TAGS.posts, CONTENT_TAGS.taxonomy]);

export const findCachedRedirect = cached("redirect", (path: string) => findRedirect(path), () => [CONTENT_TAGS.redirects]);
