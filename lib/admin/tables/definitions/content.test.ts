import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentDb } from "@/db/content/client";
import { blogAuthors, blogCategories, blogPosts, pages } from "@/db/content/schema";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { AppError } from "@/lib/errors";
import { parseTableParams, runTableQuery } from "../query";
import { blogPostsTable, cmsPagesTable, listBlogAuthorOptions } from "./content";

let temp: TempDatabases;
const DAY = 86_400_000;
const BASE = Date.UTC(2026, 9, 1);
const ids = { ada: "", bob: "", news: "" };

beforeAll(async () => {
  process.env.AUTH_SECRET ??= "x".repeat(40);
  process.env.ENCRYPTION_KEY ??= "a".repeat(64);
  temp = await useTempDatabases();
  const db = contentDb();
  const [ada, bob] = await db
    .insert(blogAuthors)
    .values([
      { slug: "ada", name: "Ada Writer" },
      { slug: "bob", name: "Bob Editor" },
    ])
    .returning({ id: blogAuthors.id });
  const [news] = await db.insert(blogCategories).values({ slug: "news", name: "News" }).returning({ id: blogCategories.id });
  Object.assign(ids, { ada: ada!.id, bob: bob!.id, news: news!.id });
  const statuses = ["draft", "published", "scheduled"] as const;
  await db.insert(blogPosts).values(
    Array.from({ length: 12 }, (_, i) => ({
      slug: `post-${i}`,
      title: `Post ${String.fromCharCode(76 - i)}`, // L, K, … A: title order is the reverse of i
      status: statuses[i % 3]!,
      authorId: i % 2 ? ids.bob : ids.ada,
      categoryId: i % 4 === 0 ? ids.news : null,
      publishedAt: i % 3 === 1 ? new Date(BASE + i * DAY) : null,
      updatedAt: new Date(BASE + i * DAY),
    })),
  );
  await db.insert(pages).values([
    { slug: "about", title: "About us", status: "published", updatedAt: new Date(BASE) },
    { slug: "legal/terms", title: "Terms", status: "draft", updatedAt: new Date(BASE + DAY) },
  ]);
});

afterAll(() => temp?.cleanup());

describe("CMS tables (pages, blog posts)", () => {
  it("filter posts by status and author, sort by title, and name each post's author and category", async () => {
    const table = blogPostsTable(await listBlogAuthorOptions());
    const run = (q: Record<string, string>) => runTableQuery(table, parseTableParams(table, new URLSearchParams(q)));
    const all = await run({});
    expect(all.total).toBe(12);
    expect(all.rows.map((r) => r.title)).toEqual(Array.from({ length: 12 }, (_, i) => `Post ${String.fromCharCode(76 - (11 - i))}`)); // newest update first
    const drafts = await run({ status: "draft", author: ids.ada, sort: "title" });
    // Drafts are i = 0, 3, 6, 9; Ada wrote the even ones: i = 0, 6 → titles L, F.
    expect(drafts.rows.map((r) => r.title)).toEqual(["Post F", "Post L"]);
    expect(drafts.rows[1]).toMatchObject({ author: "Ada Writer", category: "News", slug: "post-0" });
    expect(drafts.rows[0]).toMatchObject({ author: "Ada Writer", category: null });
    expect((await run({ author: `${ids.ada},${ids.bob}`, status: "published" })).total).toBe(4);
    expect((await run({ q: "post-1" })).rows.map((r) => r.slug).sort()).toEqual(["post-1", "post-10", "post-11"]);
    // An author id that is not on the list is refused, not run.
    expect(() => parseTableParams(table, new URLSearchParams({ author: "someone-else" }))).toThrow(AppError);
  });

  it("keeps one definition per list of authors, and a new author appears in the filter", async () => {
    const before = await listBlogAuthorOptions();
    expect(blogPostsTable(before)).toBe(blogPostsTable(await listBlogAuthorOptions()));
    await contentDb().insert(blogAuthors).values({ slug: "cy", name: "Cy Guest" });
    const after = blogPostsTable(await listBlogAuthorOptions());
    expect(after).not.toBe(blogPostsTable(before));
    const author = after.columns.author!.filter;
    expect(author?.kind === "enum" && Object.values(author.labels ?? {})).toEqual(["Ada Writer", "Bob Editor", "Cy Guest"]);
  });

  it("keeps a bounded number of definitions: old author lists are dropped (issue #9)", async () => {
    const list = await listBlogAuthorOptions();
    const first = blogPostsTable(list);
    for (let i = 0; i < 250; i++) blogPostsTable([...list, { id: `stale-${i}`, name: `Renamed ${i}` }]);
    expect(blogPostsTable(list)).not.toBe(first);
    expect(blogPostsTable(list)).toBe(blogPostsTable(list));
  });

  it("lists CMS pages by status, search on title or address", async () => {
    const run = (q: Record<string, string>) => runTableQuery(cmsPagesTable, parseTableParams(cmsPagesTable, new URLSearchParams(q)));
    expect((await run({})).rows.map((r) => r.title)).toEqual(["Terms", "About us"]);
    expect((await run({ status: "published" })).rows.map((r) => r.slug)).toEqual(["about"]);
    expect((await run({ q: "legal" })).rows.map((r) => r.title)).toEqual(["Terms"]);
    expect((await run({ q: "100%" })).total).toBe(0);
  });
});
