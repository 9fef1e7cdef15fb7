import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentDb } from "@/db/content/client";
import { blogAuthors, blogCategories } from "@/db/content/schema";
import { resetEnvCache } from "@/lib/env";
import { saveDocument } from "./documents";
import { buildBlogFeed } from "./feeds";
import { getPublishedPage, getPublishedPost, listDocumentsAdmin, listFeedPosts, listPublishedPosts, sitemapContent } from "./queries";
import { signRevalidation, verifyRevalidation } from "./revalidate";
import { buildSitemap } from "./sitemap";
import { setupContentTest } from "./testing";

let temp: Awaited<ReturnType<typeof setupContentTest>>;
const editor = { id: "staff-1", email: "editor@skyport.test" };
const ids: Record<string, string> = {};

beforeAll(async () => {
  temp = await setupContentTest();
  process.env.APP_URL = "https://skyport.example";
  resetEnvCache();
  const db = contentDb();
  const [author] = await db.insert(blogAuthors).values({ slug: "maya", name: "Maya" }).returning();
  const [guides, news] = await db.insert(blogCategories).values([{ slug: "guides", name: "Guides" }, { slug: "news", name: "News" }]).returning();
  const base = { bodyMarkdown: "Text with [a link](https://wireguard.com) and ![img](/media/x/640.webp).", authorId: author!.id };
  const day = 86_400_000;
  const t0 = Date.UTC(2030, 0, 1);
  const make = async (slug: string, extra: Record<string, unknown>, intent: "publish" | "save" | "schedule", at: number) => {
    const saved = await saveDocument("post", editor, null, { ...base, title: slug, slug, ...extra }, { intent, now: new Date(at), publishAt: intent === "schedule" ? new Date(at + 10 * day) : null });
    ids[slug] = saved.id;
  };
  await make("one", { categoryId: guides!.id, tags: "WireGuard, Privacy" }, "publish", t0);
  await make("two", { categoryId: guides!.id, tags: "WireGuard" }, "publish", t0 + day);
  await make("three", { categoryId: news!.id, tags: "Privacy", featured: "on" }, "publish", t0 + 2 * day);
  await make("hidden", { categoryId: news!.id, noindex: "on" }, "publish", t0 + 3 * day);
  await make("draft", { categoryId: guides!.id, tags: "WireGuard" }, "save", t0 + 4 * day);
  await make("later", { categoryId: guides!.id }, "schedule", t0 + 5 * day);
  await saveDocument("page", editor, null, { title: "About", slug: "about", bodyMarkdown: "## Hi\n\n<script>x()</script>ok" }, { intent: "publish" });
  await saveDocument("page", editor, null, { title: "Secret", slug: "secret", bodyMarkdown: "draft" });
});
afterAll(() => {
  delete process.env.APP_URL;
  temp?.cleanup();
});

describe("public content reads", () => {
  it("lists only published posts, newest first, with filters and pagination", async () => {
    const all = await listPublishedPosts({ pageSize: 2 });
    expect(all.total).toBe(4);
    expect(all.rows.map((p) => p.slug)).toEqual(["hidden", "three"]);
    expect((await listPublishedPosts({ pageSize: 2, page: 2 })).rows.map((p) => p.slug)).toEqual(["two", "one"]);
    expect((await listPublishedPosts({ categorySlug: "guides" })).rows.map((p) => p.slug)).toEqual(["two", "one"]);
    expect((await listPublishedPosts({ tagSlug: "privacy" })).rows.map((p) => p.slug)).toEqual(["three", "one"]);
    expect((await listPublishedPosts({ authorSlug: "maya" })).total).toBe(4);
    expect((await listPublishedPosts({ featured: true })).rows.map((p) => p.slug)).toEqual(["three"]);
    const [first] = (await listPublishedPosts({ tagSlug: "wireguard", pageSize: 1 })).rows;
    expect(first).toMatchObject({ slug: "two", author: { name: "Maya" }, category: { slug: "guides" }, tags: [{ slug: "wireguard", name: "WireGuard" }], readingMinutes: 1 });
  });

  it("renders a post with related posts and never shows drafts or scheduled ones", async () => {
    const post = await getPublishedPost("one", "https://skyport.example");
    expect(post?.html).toContain('rel="noopener noreferrer nofollow"');
    // "two" shares the category and a tag; "three" shares a tag only.
    expect(post?.related.map((r) => r.slug)).toEqual(["two", "three"]);
    expect(await getPublishedPost("draft")).toBeNull();
    expect(await getPublishedPost("later")).toBeNull();
    const page = await getPublishedPage("about");
    expect(page?.html).not.toContain("script");
    expect(page?.headings).toEqual([{ depth: 2, text: "Hi", id: "hi" }]);
    expect(await getPublishedPage("secret")).toBeNull();
  });

  it("builds the sitemap from indexable published content only", async () => {
    const content = await sitemapContent();
    expect(content.posts.map((p) => p.slug).sort()).toEqual(["one", "three", "two"]);
    expect(content.pages.map((p) => p.slug)).toEqual(["about"]);
    expect(content.categories.map((c) => c.slug).sort()).toEqual(["guides", "news"]);
    expect(content.tags.map((t) => t.slug).sort()).toEqual(["privacy", "wireguard"]);
    const urls = buildSitemap(content, { count: 2, lastModified: null }).map((e) => e.url);
    expect(urls).toEqual(expect.arrayContaining(["https://skyport.example/", "https://skyport.example/blog/one", "https://skyport.example/about", "https://skyport.example/locations", "https://skyport.example/blog/category/guides", "https://skyport.example/blog/tag/privacy", "https://skyport.example/blog/author/maya"]));
    expect(urls.some((u) => u.includes("draft") || u.includes("hidden") || u.includes("later") || u.includes("secret"))).toBe(false);
  });

  it("builds RSS and Atom feeds with absolute links", async () => {
    const feed = buildBlogFeed(await listFeedPosts(20, "https://skyport.example"), { name: "Skyport", description: "Notes" });
    const rss = feed.rss2();
    expect(rss).toContain("<link>https://skyport.example/blog/one</link>");
    expect(rss).toContain("https://skyport.example/media/x/640.webp");
    expect(rss).not.toContain("/blog/draft");
    expect(feed.atom1()).toContain('<link href="https://skyport.example/blog/three"/>');
  });

  it("lists documents for the admin with totals and filters", async () => {
    expect((await listDocumentsAdmin("post", { pageSize: 2 })).total).toBe(6);
    expect((await listDocumentsAdmin("post", { status: "scheduled" })).rows.map((r) => r.slug)).toEqual(["later"]);
    expect((await listDocumentsAdmin("post", { search: "thr" })).rows[0]).toMatchObject({ slug: "three", category: "News", author: "Maya" });
  });
});

describe("revalidation hook signature", () => {
  it("accepts a fresh signed body and refuses tampered, unsigned or stale ones", () => {
    const body = JSON.stringify({ tags: ["content:posts"], paths: ["/blog", "javascript:x"], at: Date.now() });
    expect(verifyRevalidation(body, signRevalidation(body))).toEqual({ tags: ["content:posts"], paths: ["/blog"] });
    expect(verifyRevalidation(body.replace("posts", "pages"), signRevalidation(body))).toBeNull();
    expect(verifyRevalidation(body, null)).toBeNull();
    const stale = JSON.stringify({ tags: [], paths: [], at: Date.now() - 10 * 60_000 });
    expect(verifyRevalidation(stale, signRevalidation(stale))).toBeNull();
  });
});
