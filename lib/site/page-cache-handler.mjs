/**
 * Next.js `cacheHandler` (next.config.ts): the in-process store for cached public pages and `unstable_cache` data.
 *
 * Why not the built-in file-system cache: `next build` runs without databases (CI builds a clean clone; e2e and the
 * benchmarks point the server at temporary databases made after the build), so pages prerendered at build time can
 * only hold placeholders. The built-in handler would serve those build seeds after start-up; a custom handler is
 * never asked for them (Next's documented contract), so the first request after start renders the page from the
 * real databases and every later request is served from here until an admin change revalidates its tag.
 *
 * Revalidation is immediate (a tag expires every entry stored before it): when an admin saves a price, the very next
 * visitor sees it. Entries live in memory, bounded by count; with several app instances each keeps its own copy and
 * a revalidation reaches only the instance that handled it — a shared store (Redis…) would replace this file then.
 */

const MAX_ENTRIES = 1000;
const TAGS_HEADER = "x-next-cache-tags";

/** key → { value, lastModified, tags, cacheControl } */
const entries = new Map();
/** tag → time (ms) it was last revalidated; entries older than that are gone. */
const expiredAt = new Map();

function tagsOf(value, ctx) {
  const tags = new Set(ctx?.tags ?? []);
  for (const tag of ctx?.softTags ?? []) tags.add(tag);
  const header = value?.headers?.[TAGS_HEADER];
  if (typeof header === "string") for (const tag of header.split(",")) if (tag) tags.add(tag);
  return tags;
}

function isExpired(entry, extraTags) {
  for (const tag of [...entry.tags, ...extraTags]) {
    const at = expiredAt.get(tag);
    if (at !== undefined && at >= entry.lastModified) return true;
  }
  return false;
}

export default class PageCacheHandler {
  constructor() {}

  async get(key, ctx) {
    const entry = entries.get(key);
    if (!entry) return null;
    if (isExpired(entry, [...(ctx?.tags ?? []), ...(ctx?.softTags ?? [])])) {
      entries.delete(key);
      return null;
    }
    return { value: entry.value, lastModified: entry.lastModified, cacheControl: entry.cacheControl };
  }

  async set(key, data, ctx) {
    entries.delete(key);
    if (data === null || data === undefined) return;
    // A revalidation and a write in the same millisecond: the write is the newer one.
    let lastModified = Date.now();
    const tags = tagsOf(data, ctx);
    for (const tag of tags) {
      const at = expiredAt.get(tag);
      if (at !== undefined && at >= lastModified) lastModified = at + 1;
    }
    entries.set(key, { value: data, lastModified, tags, cacheControl: ctx?.cacheControl });
    while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value);
  }

  async revalidateTag(tags) {
    const list = typeof tags === "string" ? [tags] : tags;
    const now = Date.now();
    for (const tag of list) expiredAt.set(tag, now);
  }

  resetRequestCache() {}
}
