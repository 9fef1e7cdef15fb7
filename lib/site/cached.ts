import "server-only";
/**
 * The public site's data, cached with tags (lib/site/tags.ts). A page that reads these is cached whole by Next
 * (page-cache-handler.mjs) and carries their tags, so revalidating a tag re-renders exactly the pages showing it.
 *
 * `next build` runs without databases: during the build these return empty placeholders (the build's prerenders
 * are never served — see page-cache-handler.mjs). At run time a database failure throws, so the visitor gets the
 * error page with a retry and nothing broken is cached.
 */
import { unstable_cache } from "next/cache";
import { listCatalogueProducts, listVpnPlans, type CatalogueProduct, type VpnPlan } from "@/lib/catalogue/queries";
import { isBuildPhase } from "@/lib/env";
import {
  getTheme,
  listFaqGroups,
  listFooterMenu,
  listHeaderMenu,
  listLatestPosts,
  listLocationTeasers,
  listTestimonials,
  type FaqGroup,
  type LocationTeaser,
  type MenuColumn,
  type MenuLink,
  type PostTeaser,
  type TestimonialView,
} from "./queries";
import { SITE_TAGS } from "./tags";
import { DEFAULT_THEME, type Theme } from "./theme-tokens";

function cached<A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>, tags: string[], placeholder: R) {
  const inCache = unstable_cache(fn, [`site:${name}`], { tags, revalidate: false });
  return async (...args: A): Promise<R> => {
    if (isBuildPhase()) return placeholder;
    return inCache(...args);
  };
}

export const cachedVpnPlans = cached("vpn-plans", (currency: string) => listVpnPlans(currency), [SITE_TAGS.catalogue], [] as VpnPlan[]);

export const cachedProducts = cached(
  "products",
  (type: "hosting" | "cloud", currency: string) => listCatalogueProducts(type, currency),
  [SITE_TAGS.catalogue],
  [] as CatalogueProduct[],
);

export const cachedTheme = cached("theme", () => getTheme(), [SITE_TAGS.theme], DEFAULT_THEME as Theme);

export const cachedHeaderMenu = cached("menu-header", () => listHeaderMenu(), [SITE_TAGS.menus], [] as MenuLink[]);

export const cachedFooterMenu = cached("menu-footer", () => listFooterMenu(), [SITE_TAGS.menus], [] as MenuColumn[]);

export const cachedFaqGroups = cached("faqs", () => listFaqGroups(), [SITE_TAGS.faqs], [] as FaqGroup[]);

export const cachedTestimonials = cached("testimonials", (limit: number) => listTestimonials(limit), [SITE_TAGS.testimonials], [] as TestimonialView[]);

// `now` is taken inside: a cached entry made before a post's publish time is revalidated when the CMS publishes it.
export type CachedPostTeaser = Omit<PostTeaser, "publishedAt"> & { publishedAt: string };

// Cached entries are JSON, so the date travels as an ISO string.
export const cachedLatestPosts = cached(
  "latest-posts",
  async (limit: number): Promise<CachedPostTeaser[]> =>
    (await listLatestPosts(limit)).map((p) => ({ ...p, publishedAt: p.publishedAt.toISOString() })),
  [SITE_TAGS.posts],
  [] as CachedPostTeaser[],
);

export const cachedLocationTeasers = cached("locations", () => listLocationTeasers(), [SITE_TAGS.locations], [] as LocationTeaser[]);
