/**
 * Generated Open Graph card of a blog post (1200×630 PNG): title, category, author and site name. Used when the
 * editor chose no sharing image and the post has no cover.
 */
import { ImageResponse } from "next/og";
import { getCachedPost } from "@/lib/content/cached";
import { siteName } from "@/lib/content/seo";
import { SLUG_PATTERN } from "@/lib/content/slugs";

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const post = SLUG_PATTERN.test(slug) ? await getCachedPost(slug) : null;
  if (!post) return new Response("Not found", { status: 404 });
  const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" }).format(new Date(post.publishedAt));
  return new ImageResponse(
    (
      <div style={{ width: "100%", height: "100%", display: "flex", flexDirection: "column", justifyContent: "space-between", padding: 72, background: "linear-gradient(135deg, #0b62c4 0%, #0a3f80 60%, #062a57 100%)", color: "#ffffff" }}>
        <div style={{ display: "flex", alignItems: "center", gap: 16, fontSize: 30, fontWeight: 600 }}>
          <div style={{ width: 44, height: 44, borderRadius: 12, background: "#13a38a", display: "flex" }} />
          {siteName()}
          {post.category ? <span style={{ marginLeft: 16, fontSize: 24, opacity: 0.8, textTransform: "uppercase", letterSpacing: 2 }}>{post.category.name}</span> : null}
        </div>
        <div style={{ display: "flex", fontSize: post.title.length > 60 ? 60 : 72, fontWeight: 700, lineHeight: 1.1, letterSpacing: -1 }}>{post.title}</div>
        <div style={{ display: "flex", fontSize: 28, opacity: 0.85 }}>
          {[post.author?.name, date, `${post.readingMinutes} min read`].filter(Boolean).join("  ·  ")}
        </div>
      </div>
    ),
    { width: 1200, height: 630, headers: { "cache-control": "public, max-age=3600, stale-while-revalidate=86400" } },
  );
}
