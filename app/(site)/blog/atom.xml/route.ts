/** The blog's Atom 1.0 feed (latest 20 posts, full text). Cached data, expired when a post changes. */
import { contentStrings } from "@/components/content/strings";
import { listCachedFeedPosts } from "@/lib/content/cached";
import { buildBlogFeed } from "@/lib/content/feeds";
import { siteName } from "@/lib/content/seo";

export async function GET() {
  const posts = await listCachedFeedPosts(20);
  const xml = buildBlogFeed(posts, { name: siteName(), description: contentStrings.blog.description }).atom1();
  return new Response(xml, {
    headers: { "content-type": "application/atom+xml; charset=utf-8", "cache-control": "public, max-age=0, s-maxage=300, stale-while-revalidate=3600" },
  });
}
