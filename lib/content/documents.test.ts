import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentDb } from "@/db/content/client";
import { auditLog, blogPosts, blogPostTags, jobs, pageRevisions, pages } from "@/db/content/schema";
import { captureLogger, testClock } from "@/lib/jobs/__fixtures__/setup";
import { createWorker } from "@/lib/jobs/worker";
import { findRedirect, publishDueDocuments, restoreRevision, saveDocument } from "./documents";
import "./jobs";
import { setupContentTest } from "./testing";

let temp: Awaited<ReturnType<typeof setupContentTest>>;
const editor = { id: "staff-1", email: "editor@skyport.test" };
beforeAll(async () => {
  temp = await setupContentTest();
});
afterAll(() => temp?.cleanup());

const post = (over: Record<string, unknown> = {}) => ({ title: "Hello WireGuard", slug: "hello-wireguard", bodyMarkdown: "First text.", tags: "WireGuard, Privacy", ...over });

describe("pages and posts", () => {
  it("validates input: unique slugs, reserved page slugs, SEO lengths, canonical URL", async () => {
    await saveDocument("page", editor, null, { title: "About", slug: "about-us", bodyMarkdown: "Hi" });
    await expect(saveDocument("page", editor, null, { title: "Again", slug: "about-us" })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { slug: ["Another page already uses this slug."] } });
    await expect(saveDocument("page", editor, null, { title: "Pricing", slug: "pricing" })).rejects.toMatchObject({ fieldErrors: { slug: [expect.stringContaining("another part of the site")] } });
    await expect(saveDocument("page", editor, null, { title: "", slug: "Bad Slug!", seoTitle: "x".repeat(71), canonicalUrl: "javascript:alert(1)" })).rejects.toMatchObject({
      fieldErrors: { title: expect.any(Array), slug: expect.any(Array), seoTitle: expect.any(Array), canonicalUrl: expect.any(Array) },
    });
  });

  it("changing a slug redirects the old address (and keeps older ones one hop away)", async () => {
    const created = await saveDocument("post", editor, null, post({ slug: "first-slug" }), { intent: "publish" });
    expect(created).toMatchObject({ status: "published", revision: 1 });
    const tags = await contentDb().select().from(blogPostTags).where(eq(blogPostTags.postId, created.id));
    expect(tags).toHaveLength(2);

    temp.revalidations.length = 0;
    const moved = await saveDocument("post", editor, created.id, post({ slug: "second-slug" }), { expectedRevision: 1 });
    expect(moved).toMatchObject({ slug: "second-slug", revision: 1, redirectedFrom: "/blog/first-slug" });
    expect(await findRedirect("/blog/first-slug")).toEqual({ toPath: "/blog/second-slug", statusCode: 308 });
    expect(temp.revalidations[0]!.tags).toEqual(expect.arrayContaining(["content:posts", "content:post:first-slug", "content:post:second-slug", "content:redirects"]));
    expect(temp.revalidations[0]!.paths).toEqual(expect.arrayContaining(["/blog/first-slug", "/blog/second-slug", "/blog", "/sitemap.xml"]));

    await saveDocument("post", editor, created.id, post({ slug: "third-slug" }));
    expect(await findRedirect("/blog/first-slug")).toEqual({ toPath: "/blog/third-slug", statusCode: 308 });
    expect(await findRedirect("/blog/second-slug")).toEqual({ toPath: "/blog/third-slug", statusCode: 308 });
    // Going back to an old slug frees it: no redirect loop.
    await saveDocument("post", editor, created.id, post({ slug: "first-slug" }));
    expect(await findRedirect("/blog/first-slug")).toBeNull();
    expect(await findRedirect("/blog/third-slug")).toEqual({ toPath: "/blog/first-slug", statusCode: 308 });

    await expect(saveDocument("post", editor, created.id, post({ slug: "first-slug", title: "Stale" }), { expectedRevision: 0 })).rejects.toMatchObject({ code: "CONFLICT" });
    const audits = await contentDb().select().from(auditLog).where(eq(auditLog.entityId, created.id));
    expect(audits.map((a) => a.action)).toEqual(["post.publish", "post.update", "post.update", "post.update"]);
    expect(audits[1]!.after).toMatchObject({ redirectedFrom: "/blog/first-slug" });
  });

  it("keeps a revision per content change and restores an earlier one as a new revision", async () => {
    const page = await saveDocument("page", editor, null, { title: "Terms v1", slug: "legal-terms", bodyMarkdown: "One", seoTitle: "T1" });
    await saveDocument("page", editor, page.id, { title: "Terms v2", slug: "legal-terms", bodyMarkdown: "Two", seoTitle: "T2" });
    const unchanged = await saveDocument("page", editor, page.id, { title: "Terms v2", slug: "legal-terms", bodyMarkdown: "Two", seoTitle: "T2" });
    expect(unchanged.revision).toBe(2);
    const restored = await restoreRevision("page", editor, page.id, 1);
    expect(restored.revision).toBe(3);
    const [row] = await contentDb().select().from(pages).where(eq(pages.id, page.id));
    expect(row).toMatchObject({ title: "Terms v1", bodyMarkdown: "One", seoTitle: "T1", revision: 3 });
    const revisions = await contentDb().select().from(pageRevisions).where(eq(pageRevisions.pageId, page.id));
    expect(revisions.map((r) => [r.revision, r.title])).toEqual([[1, "Terms v1"], [2, "Terms v2"], [3, "Terms v1"]]);
    await expect(restoreRevision("page", editor, page.id, 9)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("publishes a scheduled post by the job at its time, not before", async () => {
    const clock = testClock(Date.UTC(2030, 0, 1, 9, 0, 0));
    const at = new Date(Date.UTC(2030, 0, 1, 10, 0, 0));
    await expect(saveDocument("post", editor, null, post({ slug: "past" }), { intent: "schedule", publishAt: new Date(clock.ms() - 1), now: clock() })).rejects.toMatchObject({
      fieldErrors: { publishAt: expect.any(Array) },
    });
    const scheduled = await saveDocument("post", editor, null, post({ slug: "launch-day" }), { intent: "schedule", publishAt: at, now: clock() });
    expect(scheduled).toMatchObject({ status: "scheduled", publishAt: at, publishedAt: null });
    const [job] = await contentDb().select().from(jobs).where(eq(jobs.type, "content.publish-scheduled"));
    expect(job).toMatchObject({ runAt: at, payload: { kind: "post", id: scheduled.id } });

    const worker = createWorker({ databases: ["content"], schedules: false, clock, logger: captureLogger() });
    clock.set(at.getTime() - 1000);
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    expect(await publishDueDocuments(clock())).toEqual([]);
    const status = async () => (await contentDb().select().from(blogPosts).where(eq(blogPosts.id, scheduled.id)))[0]!;
    expect((await status()).status).toBe("scheduled");

    temp.revalidations.length = 0;
    clock.set(at.getTime());
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(await status()).toMatchObject({ status: "published", publishedAt: at, publishAt: null });
    expect(temp.revalidations[0]!.tags).toEqual(expect.arrayContaining(["content:posts", "content:post:launch-day"]));
    const [audit] = await contentDb().select().from(auditLog).where(eq(auditLog.action, "post.publish-scheduled"));
    expect(audit).toMatchObject({ entityId: scheduled.id, actorEmail: "system" });
  });

  it("the sweep publishes every due page and post, e.g. ones whose own job was lost", async () => {
    const now = new Date(Date.UTC(2032, 0, 1));
    const page = await saveDocument("page", editor, null, { title: "Launch", slug: "launch-page" }, { intent: "schedule", publishAt: new Date(now.getTime() + 1000), now });
    const p = await saveDocument("post", editor, null, post({ slug: "swept" }), { intent: "schedule", publishAt: new Date(now.getTime() + 2000), now });
    await contentDb().delete(jobs).where(eq(jobs.type, "content.publish-scheduled"));
    expect(await publishDueDocuments(new Date(now.getTime() + 1500))).toEqual([{ kind: "page", id: page.id, slug: "launch-page" }]);
    const { getJobDefinition } = await import("@/lib/jobs/define");
    const sweep = getJobDefinition("content.publish-due")!;
    const ctx = { now: () => new Date(now.getTime() + 5000), logger: captureLogger() } as unknown as Parameters<typeof sweep.handler>[1];
    expect(await sweep.handler({}, ctx)).toEqual({ published: 1 });
    const [row] = await contentDb().select().from(blogPosts).where(eq(blogPosts.id, p.id));
    expect(row!.status).toBe("published");
  });

  it("a job for a time the post was moved away from does nothing", async () => {
    const now = new Date(Date.UTC(2031, 0, 1));
    const first = new Date(now.getTime() + 3_600_000);
    const later = new Date(now.getTime() + 7_200_000);
    const p = await saveDocument("post", editor, null, post({ slug: "moved" }), { intent: "schedule", publishAt: first, now });
    await saveDocument("post", editor, p.id, post({ slug: "moved" }), { intent: "schedule", publishAt: later, now });
    expect(await publishDueDocuments(first, { kind: "post", id: p.id })).toEqual([]);
    expect(await publishDueDocuments(later, { kind: "post", id: p.id })).toEqual([{ kind: "post", id: p.id, slug: "moved" }]);
    await saveDocument("post", editor, p.id, post({ slug: "moved" }), { intent: "unpublish" });
    const [row] = await contentDb().select().from(blogPosts).where(eq(blogPosts.id, p.id));
    expect(row!.status).toBe("draft");
  });
});
