import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentDb } from "@/db/content/client";
import { auditLog } from "@/db/content/schema";
import { findRedirect } from "./documents";
import { listTaxonomyAdmin, saveTaxonomy } from "./taxonomy";
import { setupContentTest } from "./testing";

let temp: Awaited<ReturnType<typeof setupContentTest>>;
const editor = { id: "staff-1", email: "editor@skyport.test" };
beforeAll(async () => {
  temp = await setupContentTest();
});
afterAll(() => temp?.cleanup());

describe("categories and authors", () => {
  it("creates, validates, renames with a redirect, audits and expires the blog caches", async () => {
    const cat = await saveTaxonomy("category", editor, null, { name: "Guides", slug: "guides", sortOrder: "10" });
    await expect(saveTaxonomy("category", editor, null, { name: "Again", slug: "guides" })).rejects.toMatchObject({ fieldErrors: { slug: ["Another category already uses this slug."] } });
    await expect(saveTaxonomy("author", editor, null, { name: "", slug: "Bad Slug", avatarUrl: "http://x" })).rejects.toMatchObject({
      fieldErrors: { name: expect.any(Array), slug: expect.any(Array), avatarUrl: expect.any(Array) },
    });
    temp.revalidations.length = 0;
    await saveTaxonomy("category", editor, cat.id, { name: "How-to", slug: "how-to", description: "Step by step" });
    expect(await findRedirect("/blog/category/guides")).toEqual({ toPath: "/blog/category/how-to", statusCode: 308 });
    expect(temp.revalidations[0]!.tags).toEqual(expect.arrayContaining(["content:taxonomy", "content:posts", "content:redirects"]));
    const author = await saveTaxonomy("author", editor, null, { name: "Maya", slug: "maya", title: "Engineer", bio: "Builds things." });
    const listed = await listTaxonomyAdmin();
    expect(listed.categories).toEqual([expect.objectContaining({ slug: "how-to", name: "How-to", posts: 0 })]);
    expect(listed.authors).toEqual([expect.objectContaining({ id: author.id, detail: "Engineer" })]);
    const audits = await contentDb().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, cat.id));
    expect(audits.map((a) => a.action)).toEqual(["category.create", "category.update"]);
  });
});
