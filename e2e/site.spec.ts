/**
 * The public site as a visitor sees it and as staff edit it: cached pages that change right after an admin saves
 * (prices, theme, menus, FAQs, testimonials), the contrast check on the theme, and accessibility (axe) on the main
 * public and signed-in pages.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { test, expect } from "./support/test";
import { siteStrings } from "../components/site/strings";
import { signInAsAdmin, signUp, uniqueEmail } from "./support/identity";
import { distDir } from "./support/server-actions";
import { COMPILE_HINT } from "../scripts/compile-hints";

async function setPersonalMonthly(page: Page, amount: string) {
  await page.goto("/admin/products");
  await page.getByRole("link", { name: "Personal", exact: true }).click();
  await page.getByLabel("Price Monthly USD").fill(amount);
  await page.getByRole("button", { name: "Save Monthly USD" }).click();
  await expect(page.getByText("Monthly USD price saved")).toBeVisible();
}

test.describe("cached public pages", () => {
  // Several admin round trips per test on a shared, busy CI machine.
  test.describe.configure({ timeout: 120_000 });

  test("the home page is served from the page cache and shows a price change right after the admin saves it", async ({ page, request }) => {
    // Served from the cache: the second request is a hit, and no per-request nonce is involved.
    await request.get("/");
    const cached = await request.get("/");
    expect(cached.headers()["x-nextjs-cache"]).toBe("HIT");
    await expect(page.goto("/").then((r) => r?.status())).resolves.toBe(200);
    await expect(page.getByTestId("plan-card").filter({ hasText: "Personal" })).toContainText("$4.99");

    await signInAsAdmin(page);
    await setPersonalMonthly(page, "5.49");
    await page.goto("/");
    await expect(page.getByTestId("plan-card").filter({ hasText: "Personal" })).toContainText("$5.49");
    await page.goto("/pricing");
    await expect(page.getByTestId("plan-card").filter({ hasText: "Personal" })).toContainText("$5.49");
    // And it is cached again after the re-render.
    await request.get("/pricing");
    expect((await request.get("/pricing")).headers()["x-nextjs-cache"]).toBe("HIT");

    await setPersonalMonthly(page, "4.99");
    await page.goto("/");
    await expect(page.getByTestId("plan-card").filter({ hasText: "Personal" })).toContainText("$4.99");
  });

  test("the home page does not prefetch itself (hash links and the logo are not next/link prefetches) and defers rendering far below the fold", async ({ page }) => {
    // Each prefetch of "/" is three requests whose RSC payload the browser decodes on the main thread while the
    // page loads: pure cost, since the visitor is already on it.
    const prefetches: string[] = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (url.searchParams.has("_rsc")) prefetches.push(url.pathname);
    });
    await page.goto("/");
    await expect(page.getByTestId("plan-card").first()).toBeVisible();
    // Sections far below the fold are not styled, laid out or painted until they come near the viewport.
    for (const id of ["home-locations", "testimonials", "home-faq", "latest-posts"]) {
      await expect(page.locator("section").filter({ has: page.getByTestId(id) }), id).toHaveCSS("content-visibility", "auto");
    }
    // Scroll through the page so every link has entered the viewport (prefetches start then).
    await page.getByTestId("footer-menu").scrollIntoViewIfNeeded();
    await page.waitForLoadState("networkidle");
    expect(prefetches.filter((p) => p === "/")).toEqual([]);
    await page.locator("main").getByRole("link", { name: "See plans" }).first().click();
    await expect(page).toHaveURL(/#plans$/);
    expect(prefetches.filter((p) => p === "/")).toEqual([]);
  });

  test("the scripts a public page loads do not carry the site's copy (client components import only the words they show)", async ({ page, request }) => {
    // The error boundaries load on every page; when they imported the whole site copy, three chunks carried it
    // (about 8 KB gzip of script to fetch and parse for nothing).
    const scripts = new Set<string>();
    page.on("request", (r) => {
      if (r.resourceType() === "script") scripts.add(r.url());
    });
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(scripts.size).toBeGreaterThan(3);
    const copy = [siteStrings.home.lead, siteStrings.footer.privacyNote, siteStrings.notFound.text];
    for (const url of scripts) {
      const body = await (await request.get(url)).text();
      for (const words of copy) expect(body.includes(words), `${url} carries "${words.slice(0, 40)}…"`).toBe(false);
    }
  });

  test("the framework scripts every page runs at load ask Chrome to compile them off the main thread; route chunks do not", async ({ page }) => {
    // scripts/compile-hints.ts (part of `npm run build`) marks the root main files. Unmarked, V8 compiled React DOM
    // and the router lazily on the main thread while the page booted: the home page's longest task.
    const { rootMainFiles } = JSON.parse(readFileSync(path.join(distDir(), "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
    const bodies: Array<Promise<[string, string]>> = [];
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") bodies.push(response.text().then((body) => [new URL(response.url()).pathname, body]));
    });
    await page.goto("/pricing");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.waitForLoadState("networkidle");
    const served = new Map(await Promise.all(bodies));
    for (const file of rootMainFiles) {
      const body = served.get(`/_next/${file}`);
      expect(body, `${file} was loaded`).toBeDefined();
      expect(body!.startsWith(COMPILE_HINT), `${file} starts with the hint`).toBe(true);
    }
    const routeChunks = [...served].filter(([pathname]) => !rootMainFiles.some((file) => pathname === `/_next/${file}`));
    expect(routeChunks.length).toBeGreaterThan(0);
    for (const [pathname, body] of routeChunks) expect(body.includes("allFunctionsCalledOnLoad"), pathname).toBe(false);
  });

  test("a theme saved in admin restyles the site, and a low-contrast choice is refused with a clear message", async ({ page }) => {
    await signInAsAdmin(page);
    await page.goto("/admin/appearance");
    await page.getByLabel("Brand (light)", { exact: true }).fill("#5b21b6");
    await page.getByLabel("Brand, hover (light)", { exact: true }).fill("#4c1d95");
    await page.getByLabel("Corner radius").fill("2px");
    await expect(page.getByTestId("theme-preview-light").getByText("Button")).toHaveCSS("background-color", "rgb(91, 33, 182)");
    await page.getByRole("button", { name: "Save theme" }).click();
    await expect(page.getByText("Theme saved")).toBeVisible();

    await page.goto("/");
    const cta = page.locator("main").getByRole("link", { name: "See plans" }).first();
    await expect(cta).toHaveCSS("background-color", "rgb(91, 33, 182)");
    await expect(cta).toHaveCSS("border-top-left-radius", /^[0-9.]+px$/);
    // The portal and admin share the variables.
    await page.goto("/admin");
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--color-brand").trim())).toBe("#5b21b6");

    // White text on a pale brand colour is unreadable: refused, nothing saved.
    await page.goto("/admin/appearance");
    await page.getByLabel("Brand (light)", { exact: true }).fill("#c4b5fd");
    await expect(page.getByRole("status").filter({ hasText: "Contrast too low" })).toBeVisible();
    await page.getByRole("button", { name: "Save theme" }).click();
    await expect(page.locator("main").getByRole("alert").first()).toContainText("Not saved: some text would be hard to read");
    await expect(page.getByText(/Light: Button text on the brand colour has a contrast of 1\.\d\d:1; WCAG AA needs at least 4\.5:1\./).first()).toBeVisible();
    await page.goto("/");
    await expect(page.locator("main").getByRole("link", { name: "See plans" }).first()).toHaveCSS("background-color", "rgb(91, 33, 182)");

    // Back to the shipped theme for the other tests.
    await page.goto("/admin/appearance");
    await page.getByLabel("Brand (light)", { exact: true }).fill("#0b62c4");
    await page.getByLabel("Brand, hover (light)", { exact: true }).fill("#0a55aa");
    await page.getByLabel("Corner radius").fill("0.625rem");
    await page.getByRole("button", { name: "Save theme" }).click();
    await expect(page.getByText("Theme saved")).toBeVisible();
    await page.goto("/");
    await expect(page.locator("main").getByRole("link", { name: "See plans" }).first()).toHaveCSS("background-color", "rgb(11, 98, 196)");
  });

  test("menus, FAQs and testimonials edited in admin show on the site in their order", async ({ page }) => {
    await signInAsAdmin(page);

    // A header link.
    await page.goto("/admin/appearance/menus");
    const addHeader = page.locator("form").filter({ has: page.locator('input[name="menu"][value="header"]') }).last();
    await addHeader.getByLabel("Text").fill("Status");
    await addHeader.getByLabel("Address").fill("/locations");
    await addHeader.getByRole("button", { name: "Add link" }).click();
    await expect(page.getByText("Link added")).toBeVisible();
    await page.goto("/");
    await expect(page.getByRole("navigation", { name: "Main" }).first().getByRole("link", { name: "Status" })).toHaveAttribute("href", "/locations");

    // A question, found by the FAQ page's search.
    await page.goto("/admin/appearance/faqs");
    await page.getByLabel("Group", { exact: true }).first().fill("Billing");
    await page.getByLabel("Question", { exact: true }).first().fill("Do you accept cryptocurrency?");
    await page.getByLabel("Answer", { exact: true }).first().fill("Not yet. Card, PayPal, **bank transfer** or account credit.");
    await page.getByRole("button", { name: "Add question" }).click();
    await expect(page.getByText("Question added")).toBeVisible();
    await page.goto("/faq");
    const group = page.getByRole("region", { name: "Billing" });
    await expect(group.getByText("Do you accept cryptocurrency?")).toBeVisible();
    await page.getByLabel("Search the questions").fill("cryptocurrency");
    await expect(page.getByTestId("faq-count")).toHaveText("1 question matches.");
    await expect(page.getByTestId("faq-item").filter({ visible: true })).toHaveCount(1);
    await page.getByText("Do you accept cryptocurrency?").click();
    await expect(page.getByTestId("faq-item").filter({ visible: true }).locator("strong")).toHaveText("bank transfer");

    // A testimonial, moved to the top: it leads the home page's testimonials.
    await page.goto("/admin/appearance/testimonials");
    await page.getByLabel("Name", { exact: true }).first().fill("Zoe Q.");
    await page.getByLabel("Quote", { exact: true }).first().fill("Moving our team over took an afternoon, and the invoices are finally clear.");
    await page.getByRole("button", { name: "Add testimonial" }).click();
    await expect(page.getByText("Testimonial added")).toBeVisible();
    const rows = page.getByTestId("testimonial-row");
    // Count once the list shows the new testimonial (it arrives last), not while it re-renders.
    await expect(rows.last()).toContainText("Zoe Q.");
    const count = await rows.count();
    for (let i = count - 1; i > 0; i--) {
      await page.getByRole("button", { name: "Move Zoe Q. up" }).click();
      await expect(rows.nth(i - 1)).toContainText("Zoe Q.");
    }
    await page.goto("/");
    await expect(page.getByTestId("testimonials").getByRole("listitem").first()).toContainText("Zoe Q.");
  });
});

test.describe("accessibility", () => {
  async function expectNoSeriousViolations(page: Page, label: string) {
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(
      serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`),
      label,
    ).toEqual([]);
  }

  test("axe finds nothing serious on home, pricing, the blog and a post, the FAQ, sign-in and the portal dashboard", async ({ page }) => {
    // Seven full axe scans (each walks the whole DOM) on a shared CI machine.
    test.setTimeout(240_000);
    // A seeded post (db/seed): author, date, reading time, category, tags, related posts, breadcrumbs.
    for (const path of ["/", "/pricing", "/blog", "/blog/your-private-key-never-leaves-your-device", "/faq", "/sign-in"]) {
      await page.goto(path);
      await expectNoSeriousViolations(page, path);
    }
    await signUp(page, uniqueEmail("axe"), "Correct-Horse-Battery-9");
    await page.goto("/portal");
    await expectNoSeriousViolations(page, "/portal");
  });
});
