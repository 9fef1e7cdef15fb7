import { expect, test } from "./support/test";
import { signInAsAdmin, signUp, uniqueEmail } from "./support/identity";

/** Keeps the README's screenshots current: every `npm test` retakes them from the real pages. */
test.describe("README screenshots", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("storefront", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("plan-card").first()).toBeVisible();
    await page.screenshot({ path: "public/screenshots/storefront.png" });
  });

  test("portal", async ({ page }) => {
    await signUp(page, uniqueEmail("screenshot"), "correct horse battery staple", "Alex Example");
    await page.goto("/portal");
    await expect(page.locator("main")).toBeVisible();
    await page.screenshot({ path: "public/screenshots/portal.png" });
  });

  test("admin", async ({ page }) => {
    await signInAsAdmin(page);
    await page.screenshot({ path: "public/screenshots/admin.png" });
  });
});
