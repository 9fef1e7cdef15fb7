/**
 * Cache tags of content reads. Cached readers (lib/content/cached.ts) tag their data with these; every
 * content mutation names the tags it makes stale, and lib/content/revalidate.ts expires them.
 */
export const CONTENT_TAGS = {
  pages: "content:pages",
  page: (slug: string) => `content:page:${slug}`,
  posts: "content:posts",
  post: (slug: string) => `content:post:${slug}`,
  taxonomy: "content:taxonomy",
  redirects: "content:redirects",
  media: "content:media",
} as const;
