import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain JS module loaded by Next at run time (next.config.ts `cacheHandler`).
import PageCacheHandler from "./page-cache-handler.mjs";

const page = (html: string, tags: string) => ({ kind: "APP_PAGE", html, headers: { "x-next-cache-tags": tags } });

describe("page cache handler", () => {
  it("serves a stored page until one of its tags is revalidated, across handler instances", async () => {
    const a = new PageCacheHandler();
    await a.set("/route-cache/APP_PAGE/x/$/", page("<p>v1</p>", "_N_T_/layout,site:catalogue"), {});
    const b = new PageCacheHandler();
    expect((await b.get("/route-cache/APP_PAGE/x/$/", { kind: "APP_PAGE" }))?.value.html).toBe("<p>v1</p>");

    await b.revalidateTag(["site:faqs"]);
    expect(await a.get("/route-cache/APP_PAGE/x/$/", { kind: "APP_PAGE" })).not.toBeNull();

    await b.revalidateTag("site:catalogue");
    expect(await a.get("/route-cache/APP_PAGE/x/$/", { kind: "APP_PAGE" })).toBeNull();

    // Re-rendered after the revalidation: fresh again.
    await a.set("/route-cache/APP_PAGE/x/$/", page("<p>v2</p>", "site:catalogue"), {});
    expect((await a.get("/route-cache/APP_PAGE/x/$/", { kind: "APP_PAGE" }))?.value.html).toBe("<p>v2</p>");
  });

  it("expires data entries by their own tags and by the soft (path) tags of the reading page", async () => {
    const h = new PageCacheHandler();
    await h.set("fetch-1", { kind: "FETCH", data: { body: "1" } }, { fetchCache: true, tags: ["site:theme"] });
    expect(await h.get("fetch-1", { kind: "FETCH", tags: ["site:theme"], softTags: ["_N_T_/"] })).not.toBeNull();
    await h.revalidateTag(["_N_T_/"]);
    expect(await h.get("fetch-1", { kind: "FETCH", tags: ["site:theme"], softTags: ["_N_T_/"] })).toBeNull();
  });

  it("misses on anything it has not stored (build-time prerenders are never served)", async () => {
    expect(await new PageCacheHandler().get("/route-cache/APP_PAGE/never/$/", { kind: "APP_PAGE" })).toBeNull();
  });
});
