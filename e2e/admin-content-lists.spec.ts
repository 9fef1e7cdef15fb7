/**
 * CMS pages and blog posts in the admin are the shared data table: filtered by status and author through the
 * Filters panel, sorted by a column header, searched, with the whole view in the URL (a reload keeps it, the back
 * button undoes it) and Next/Previous reading the following page.
 */
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, newPersonPage, test } from "./support/test";
import { queryDb, signInAsAdmin } from "./support/identity";

test.describe.configure({ mode: "serial" });

const tag = randomBytes(3).toString("hex");
const DAY = 86_400_000;
const BASE = Date.UTC(2026, 9, 1);
const uuid = () => {
  const h = randomBytes(16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const authors = { ada: { id: uuid(), name: `Ada ${tag}` }, bob: { id: uuid(), name: `Bob ${tag}` } };
const STATUSES = ["draft", "published", "scheduled"] as const;
interface SeedPost {
  title: string;
  slug: string;
  status: (typeof STATUSES)[number];
  author: keyof typeof authors;
}
const posts: SeedPost[] = Array.from({ length: 18 }, (_, i) => ({
  title: `Post ${tag} ${String.fromCharCode(82 - i)}`, // R … A
  slug: `e2e-${tag}-${i}`,
  status: STATUSES[i % 3]!,
  author: i % 2 ? "bob" : "ada",
}));

let admin: Page;

test.beforeAll(async ({ browser }) => {
  for (const a of Object.values(authors)) await queryDb("content", "insert into blog_authors (id, slug, name) values (?, ?, ?)", [a.id, `${a.id}-slug`, a.name]);
  for (const [i, p] of posts.entries()) {
    await queryDb("content", "insert into blog_posts (id, slug, title, status, author_id, published_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)", [
      uuid(),
      p.slug,
      p.title,
      p.status,
      authors[p.author].id,
      p.status === "published" ? BASE + i * DAY : null,
      BASE + i * DAY,
    ]);
  }
  await queryDb("content", "insert into pages (id, slug, title, status, updated_at) values (?, ?, ?, 'published', ?), (?, ?, ?, 'draft', ?)", [
    uuid(),
    `e2e-${tag}/about`,
    `About ${tag}`,
    BASE,
    uuid(),
    `e2e-${tag}/terms`,
    `Terms ${tag}`,
    BASE + DAY,
  ]);
  admin = await newPersonPage(browser);
  await signInAsAdmin(admin);
});

test.afterAll(async () => {
  await admin?.close();
});

const titles = (page: Page, kind: "blog-posts" | "cms-pages") => page.getByTestId(`${kind}-row`).locator('td[data-column="title"] a').allInnerTexts();

test("blog posts: search, filter by status and author, sort by title, page by Next; reload keeps it, back undoes it", async () => {
  const page = admin;
  await page.goto("/admin/content/posts");
  await expect(page.getByRole("heading", { level: 1, name: "Blog posts" })).toBeVisible();
  await page.getByRole("searchbox", { name: "Search blog posts" }).fill(`Post ${tag}`);
  await page.getByRole("searchbox", { name: "Search blog posts" }).press("Enter");
  await expect(page.getByTestId("table-summary")).toHaveText("Showing 1–18 of 18 posts");

  await page.getByText("Filters", { exact: true }).click();
  await page.getByRole("group", { name: "Status" }).getByLabel("Draft").check();
  await page.getByRole("group", { name: "Status" }).getByLabel("Scheduled").check();
  await page.getByRole("group", { name: "Author" }).getByLabel(authors.ada.name).check();
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=draft%2Cscheduled/);
  await expect(page).toHaveURL(new RegExp(`author=${authors.ada.id}`));
  const expected = posts.filter((p) => p.author === "ada" && p.status !== "published").map((p) => p.title);
  expect(expected).toHaveLength(6);
  await expect.poll(() => titles(page, "blog-posts")).toEqual([...expected].reverse()); // newest update first
  await expect(page.getByTestId("blog-posts-row").first()).toContainText(authors.ada.name);

  const table = page.getByRole("table", { name: "Blog posts" });
  await table.getByRole("button", { name: "Title" }).click();
  await expect(page).toHaveURL(/sort=title(&|$)/);
  const byTitle = [...expected].sort();
  await expect.poll(() => titles(page, "blog-posts")).toEqual(byTitle);

  // Pages of 4 (smaller than the UI offers, but any size up to 100 is a valid link).
  await page.goto(`${page.url()}&size=4`);
  await expect.poll(() => titles(page, "blog-posts")).toEqual(byTitle.slice(0, 4));
  await page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page).toHaveURL(/after=/);
  await expect.poll(() => titles(page, "blog-posts")).toEqual(byTitle.slice(4));
  const url = page.url();
  await page.reload();
  expect(page.url()).toBe(url);
  await expect.poll(() => titles(page, "blog-posts")).toEqual(byTitle.slice(4));
  await page.goBack();
  await expect(page).not.toHaveURL(/page=2/);
  await expect.poll(() => titles(page, "blog-posts")).toEqual(byTitle.slice(0, 4));
});

test("CMS pages: filter by status and search the address", async () => {
  const page = admin;
  await page.goto(`/admin/content/pages?q=e2e-${tag}`);
  await expect(page.getByRole("heading", { level: 1, name: "Pages" })).toBeVisible();
  await expect.poll(() => titles(page, "cms-pages")).toEqual([`Terms ${tag}`, `About ${tag}`]);
  await page.getByText("Filters", { exact: true }).click();
  await page.getByRole("group", { name: "Status" }).getByLabel("Published").check();
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=published/);
  await expect.poll(() => titles(page, "cms-pages")).toEqual([`About ${tag}`]);
  await expect(page.getByTestId("cms-pages-row")).toContainText(`/e2e-${tag}/about`);
  await page.getByRole("link", { name: `About ${tag}` }).click();
  await expect(page).toHaveURL(/\/admin\/content\/pages\/[0-9a-f-]+$/);
});
