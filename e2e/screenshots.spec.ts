import { expect, test } from "@playwright/test";

/** Keeps the README's screenshots current: every `npm test` retakes them from the real pages. */
for (const [name, url] of [
  ["storefront", "/"],
  ["portal", "/portal"],
  ["admin", "/admin"],
] as const) {
  test(`README screenshot: ${name}`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const response = await page.goto(url);
    expect(response?.ok()).toBe(true);
    await expect(page.locator("main")).toBeVisible();
    await page.screenshot({ path: `public/screenshots/${name}.png` });
  });
}
