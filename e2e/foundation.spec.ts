import { expect, test } from "@playwright/test";

test.describe("public site foundation", () => {
  test("the home page shows the seeded VPN plans with their device limits and prices", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const cards = page.getByTestId("plan-card");
    await expect(cards).toHaveCount(3);
    for (const [name, devices] of [
      ["Personal", "3"],
      ["Family", "10"],
      ["Business", "50"],
    ] as const) {
      const card = cards.filter({ hasText: name });
      await expect(card).toContainText(`${devices} devices`);
      await expect(card).toContainText("$");
    }
  });

  test("an unknown URL gets the designed 404 page with a 404 status", async ({ page }) => {
    const response = await page.goto("/this-page-does-not-exist");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: /page not found/i })).toBeVisible();
    await expect(page.getByRole("link", { name: /home/i }).first()).toBeVisible();
  });
});

test.describe("health", () => {
  test("GET /api/health reports every database reachable and migrated", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.status).toBe("ok");
    expect(body.databases.map((d: { name: string }) => d.name).sort()).toEqual(
      ["billing", "cloud", "content", "hosting", "identity", "ops", "support", "vpn"],
    );
    for (const db of body.databases) {
      expect(db.reachable).toBe(true);
      expect(db.migrations.upToDate).toBe(true);
      expect(db.migrations.applied).toBeGreaterThan(0);
    }
  });
});
