/** Cache tags of the public site: a change revalidates exactly the pages that show it. */
export const SITE_TAGS = {
  /** Products and prices (billing admin). */
  catalogue: "site:catalogue",
  /** Theme tokens: every page (the root layout renders them). */
  theme: "site:theme",
  menus: "site:menus",
  faqs: "site:faqs",
  testimonials: "site:testimonials",
  /** Blog posts (the home page's latest posts): the CMS's own tag (lib/content/cache-tags.ts), which it expires on publish. */
  posts: "content:posts",
  /** The list of VPN locations (admin edits of servers; live status is read per request by the status island). */
  locations: "site:locations",
} as const;

export type SiteTag = (typeof SITE_TAGS)[keyof typeof SITE_TAGS];
