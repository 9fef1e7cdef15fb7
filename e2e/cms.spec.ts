/**
 * The CMS as an editor uses it: write a post in Markdown with an uploaded image and a <script> attempt, watch the
 * live preview, schedule it a few seconds ahead (the job publishes it at that time, not before), then find it on
 * the blog, in the RSS feed and in the sitemap with the script inert; renaming its slug redirects the old address.
 */
import sharp from "sharp";
import { queryDb, signInAsAdmin } from "./support/identity";
import { expect, test } from "./support/test";

declare global {
  interface Window {
    __cmsPwned?: boolean;
  }
}

const ATTACK = [
  "<script>window.__cmsPwned = true</script>",
  '<img src="x" onerror="window.__cmsPwned = true">',
  '<a href="javascript:window.__cmsPwned = true">a trap</a>',
].join("\n\n");

test("an editor writes, previews, schedules and publishes a post; the script never runs; a renamed slug redirects", async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString(36);
  const title = `Launch notes ${stamp}`;
  const slug = `launch-notes-${stamp}`;

  await signInAsAdmin(page);
  await page.goto("/admin/content/posts/new");
  await page.getByLabel("Title", { exact: true }).fill(title);
  await expect(page.getByLabel("Slug")).toHaveValue(slug);

  // Upload an image: it is inserted as Markdown at the cursor.
  const png = await sharp({ create: { width: 1600, height: 900, channels: 3, background: "#13a38a" } }).png().toBuffer();
  await page.getByLabel("Text (Markdown)").fill("Our new **Frankfurt** location is live.\n");
  await page.locator("#editor-image-upload").setInputFiles({ name: "frankfurt-rack.png", mimeType: "image/png", buffer: png });
  await expect(page.getByLabel("Text (Markdown)")).toHaveValue(/!\[frankfurt rack\]\(\/media\/[0-9a-f-]{36}\/1280\.webp\)/);
  // A file that only claims to be an image is refused by its bytes.
  await page.locator("#editor-image-upload").setInputFiles({ name: "evil.png", mimeType: "image/png", buffer: Buffer.from("<script>alert(1)</script>") });
  await expect(page.getByRole("alert").filter({ hasText: "not an image we can read" })).toBeVisible();

  const body = page.getByLabel("Text (Markdown)");
  await body.fill(`${await body.inputValue()}\n${ATTACK}\n\n## What changed\n\nRead the [WireGuard docs](https://www.wireguard.com/).`);

  // Live preview: rendered, image shown, the attack stripped, nothing executed.
  const preview = page.getByTestId("markdown-preview");
  await expect(preview.getByRole("heading", { name: "What changed" })).toBeVisible();
  await expect(preview.locator("strong", { hasText: "Frankfurt" })).toBeVisible();
  await expect(preview.locator('img[src*="/media/"]')).toBeVisible();
  await expect(preview.getByRole("link", { name: "WireGuard docs" })).toHaveAttribute("rel", "noopener noreferrer nofollow");
  expect(await preview.innerHTML()).not.toMatch(/<script|onerror|javascript:/i);
  expect(await page.evaluate(() => window.__cmsPwned)).toBeUndefined();

  await page.getByLabel("Excerpt").fill("Frankfurt is live, with room to grow.");
  await page.getByLabel("Category").selectOption({ label: "News" });
  await page.getByLabel("Tags").fill("Locations, WireGuard");
  await page.getByLabel("Meta description").fill("Our Frankfurt VPN location is live.");

  // Schedule it for an hour from now (browser-local time, as the editor types it)…
  const localInput = (ms: number) =>
    page.evaluate((t) => {
      const d = new Date(t);
      return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
    }, ms);
  await page.getByLabel("Publish at").fill(await localInput(Date.now() + 3_600_000));
  await page.getByRole("button", { name: "Schedule", exact: true }).click();
  await expect(page.getByTestId("document-status")).toHaveText("Scheduled");
  await expect(page).toHaveURL(/\/admin\/content\/posts\/[0-9a-f-]{36}$/);
  const postId = page.url().split("/").pop()!;

  // …so it is nowhere public before its time…
  expect((await page.request.get(`/blog/${slug}`)).status()).toBe(404);
  expect(await (await page.request.get("/blog/feed.xml")).text()).not.toContain(slug);
  expect(await (await page.request.get("/sitemap.xml")).text()).not.toContain(slug);

  // …then move it to a few seconds from now: the job publishes it at that time (the one for the old time does nothing).
  const publishAt = Date.now() + 5_000;
  await page.getByLabel("Publish at").fill(await localInput(publishAt));
  await page.getByRole("button", { name: "Schedule", exact: true }).click();
  await expect(page.getByText(/^Scheduled for /).last()).toBeVisible();
  await expect.poll(async () => (await page.request.get(`/blog/${slug}`)).status(), { timeout: 30_000, intervals: [500] }).toBe(200);
  const [row] = await queryDb<{ status: string; published_at: number }>("content", "select status, published_at from blog_posts where id = ?", [postId]);
  expect(row!.status).toBe("published");
  expect(row!.published_at).toBeGreaterThanOrEqual(publishAt - 1000);
  expect(row!.published_at).toBeLessThan(publishAt + 1000);

  // On the blog, with the image, and the script did not run.
  await page.goto("/blog");
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await page.getByRole("link", { name: title }).click();
  await expect(page).toHaveURL(new RegExp(`/blog/${slug}$`));
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.locator("#post-body img")).toHaveJSProperty("complete", true);
  expect(await page.locator("#post-body img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(page.getByRole("link", { name: "News" }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "#WireGuard" })).toBeVisible();
  expect(await page.evaluate(() => window.__cmsPwned)).toBeUndefined();
  const html = await (await page.request.get(`/blog/${slug}`)).text();
  expect(html).not.toContain("__cmsPwned");
  expect(html).toContain('"@type":"BlogPosting"');
  expect(html).toContain('"@type":"BreadcrumbList"');
  expect(html).toMatch(new RegExp(`<link rel="canonical" href="http://127\\.0\\.0\\.1:\\d+/blog/${slug}"`));
  expect(html).toMatch(new RegExp(`<meta property="og:image" content="[^"]*/og/blog/${slug}"`));
  const og = await page.request.get(`/og/blog/${slug}`);
  expect(og.headers()["content-type"]).toBe("image/png");

  // RSS and sitemap.
  const rss = await (await page.request.get("/blog/feed.xml")).text();
  expect(rss).toContain(`<title><![CDATA[${title}]]></title>`);
  expect(rss).toMatch(new RegExp(`<link>http://127\\.0\\.0\\.1:\\d+/blog/${slug}</link>`));
  expect(rss).not.toContain("__cmsPwned");
  const sitemap = await (await page.request.get("/sitemap.xml")).text();
  expect(sitemap).toMatch(new RegExp(`<loc>http://127\\.0\\.0\\.1:\\d+/blog/${slug}</loc>`));

  // Rename the slug: the old address answers with a permanent redirect to the new one.
  await page.goto(`/admin/content/posts/${postId}`);
  await page.getByLabel("Slug").fill(`${slug}-frankfurt`);
  await page.getByRole("button", { name: "Publish changes" }).click();
  await expect(page.getByText(`/blog/${slug} now redirects to the new address.`)).toBeVisible();
  const old = await page.request.get(`/blog/${slug}`, { maxRedirects: 0 });
  expect([301, 308]).toContain(old.status());
  expect(old.headers().location).toMatch(new RegExp(`/blog/${slug}-frankfurt$`));
  await page.goto(`/blog/${slug}`);
  await expect(page).toHaveURL(new RegExp(`/blog/${slug}-frankfurt$`));
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  expect(await (await page.request.get("/sitemap.xml")).text()).toContain(`/blog/${slug}-frankfurt</loc>`);
});

test("CMS pages live at their own address and fixed routes still win", async ({ page }) => {
  await page.goto("/about");
  await expect(page.getByRole("heading", { level: 1, name: "About Skyport" })).toBeVisible();
  const about = await (await page.request.get("/about")).text();
  expect(about).toMatch(/<link rel="canonical" href="[^"]+\/about"/);
  await page.goto("/terms");
  await expect(page.getByRole("heading", { level: 1, name: "Terms of Service" })).toBeVisible();
  expect((await page.request.get("/no-such-page")).status()).toBe(404);
  await page.goto("/vpn");
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("Not found");
  const robots = await (await page.request.get("/robots.txt")).text();
  expect(robots).toContain("Disallow: /admin");
  expect(robots).toMatch(/Sitemap: http:\/\/127\.0\.0\.1:\d+\/sitemap\.xml/);
});
