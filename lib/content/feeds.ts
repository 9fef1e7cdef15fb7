import "server-only";
/** RSS 2.0 and Atom 1.0 feeds of the blog, built with the `feed` package. */
import { Feed } from "feed";
import type { PostSummary } from "./queries";
import { absoluteUrl, absolutizeHtml } from "./site-url";
import { authorPath, postPath } from "./slugs";

export interface FeedSite {
  name: string;
  description: string;
}

export function buildBlogFeed(posts: Array<PostSummary & { html: string }>, site: FeedSite): Feed {
  const updated = posts[0] ? new Date(posts[0].updatedAt) : new Date(0);
  const feed = new Feed({
    id: absoluteUrl("/blog"),
    title: `${site.name} blog`,
    description: site.description,
    link: absoluteUrl("/blog"),
    language: "en",
    updated,
    generator: false,
    favicon: absoluteUrl("/favicon.svg"),
    copyright: `© ${updated.getUTCFullYear() || new Date().getUTCFullYear()} ${site.name}`,
    feedLinks: { rss: absoluteUrl("/blog/feed.xml"), atom: absoluteUrl("/blog/atom.xml") },
  });
  for (const post of posts) {
    const link = absoluteUrl(postPath(post.slug));
    feed.addItem({
      id: link,
      guid: link,
      title: post.title,
      link,
      date: new Date(post.updatedAt),
      published: new Date(post.publishedAt),
      description: post.excerpt ?? undefined,
      content: absolutizeHtml(post.html),
      author: post.author ? [{ name: post.author.name, link: absoluteUrl(authorPath(post.author.slug)) }] : undefined,
      category: [...(post.category ? [{ name: post.category.name }] : []), ...post.tags.map((t) => ({ name: t.name }))],
      image: post.cover ? absoluteUrl(post.cover.url) : undefined,
    });
  }
  return feed;
}
