import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentDb } from "@/db/content/client";
import { auditLog, blogAuthors, blogCategories, blogPosts, faqs, navigationItems, testimonials, themeTokens } from "@/db/content/schema";
import { AppError } from "@/lib/errors";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { deleteFaq, moveFaq, moveNavItem, saveFaq, saveNavItem, saveTestimonial, saveTheme, themeInputSchema } from "./admin";
import { getTheme, listFaqGroups, listFooterMenu, listHeaderMenu, listLatestPosts, listTestimonials } from "./queries";
import { DEFAULT_THEME, THEME_COLOR_KEYS } from "./theme-tokens";

let temp: TempDatabases;
const actor = { id: "staff-1", email: "editor@skyport.test" };
const DAY = 86_400_000;

beforeAll(async () => {
  temp = await useTempDatabases();
});
afterAll(() => temp?.cleanup());

/** A complete theme form, as the editor posts it. */
function themeForm(overrides: Record<string, string> = {}): Record<string, string> {
  const form: Record<string, string> = { radius: "0.625rem", font: "system", brandName: "Skyport", logoUrl: "" };
  for (const scheme of ["light", "dark"] as const) for (const key of THEME_COLOR_KEYS) form[`${scheme}.${key}`] = DEFAULT_THEME.colors[scheme][key];
  return { ...form, ...overrides };
}

describe("theme", () => {
  it("saves the tokens with an audit row and reads them back as a theme", async () => {
    expect(Object.keys(themeInputSchema.shape)).toContain("light.color-brand");
    await saveTheme(actor, themeForm({ "light.color-brand": "#5b21b6", "light.color-brand-hover": "#4c1d95", radius: "4px", font: "serif", brandName: "Acme VPN" }));
    const theme = await getTheme();
    expect(theme.colors.light["color-brand"]).toBe("#5b21b6");
    expect(theme.radius).toBe("4px");
    expect(theme.brandName).toBe("Acme VPN");
    expect(theme.fontSans).toMatch(/Georgia/);
    const [audit] = await contentDb().select().from(auditLog).where(eq(auditLog.action, "theme.update"));
    expect(audit).toMatchObject({ actorId: "staff-1", entityType: "theme" });
    expect(audit!.after).toMatchObject({ "color-brand": "#5b21b6", radius: "4px" });
  });

  it("refuses a low-contrast theme with a message per field and saves nothing", async () => {
    const before = await contentDb().select().from(themeTokens);
    const attempt = saveTheme(actor, themeForm({ "light.color-brand": "#9ec5f8" }));
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    const error = (await attempt.catch((e: unknown) => e)) as AppError;
    expect(error.message).toMatch(/^Not saved: some text would be hard to read\./);
    expect(error.fieldErrors?.["light.color-brand-fg"]?.[0]).toMatch(/Button text on the brand colour has a contrast of 1\.\d\d:1/);
    expect(await contentDb().select().from(themeTokens)).toEqual(before);
  });

  it("refuses malformed colours, radius and logo addresses", async () => {
    const error = (await saveTheme(actor, themeForm({ "dark.color-accent": "blue", radius: "10em", logoUrl: "javascript:alert(1)" })).catch((e: unknown) => e)) as AppError;
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["dark.color-accent", "logoUrl", "radius"]);
  });
});

describe("FAQs", () => {
  it("groups published questions by category in their order and moves them", async () => {
    const a = await saveFaq(actor, null, { category: "Billing", question: "Can I pay yearly?", answerMarkdown: "Yes.", published: "on" });
    const b = await saveFaq(actor, null, { category: "VPN", question: "Do you keep logs?", answerMarkdown: "**No.**", published: "on" });
    const c = await saveFaq(actor, null, { category: "Billing", question: "Is there a refund?", answerMarkdown: "Within 30 days.", published: "on" });
    await saveFaq(actor, null, { category: "VPN", question: "A hidden draft question?", answerMarkdown: "Not yet.", published: "" });

    let groups = await listFaqGroups();
    expect(groups.map((g) => [g.category, g.items.map((i) => i.question)])).toEqual([
      ["Billing", ["Can I pay yearly?", "Is there a refund?"]],
      ["VPN", ["Do you keep logs?"]],
    ]);

    await moveFaq(actor, c.id, "up");
    await moveFaq(actor, c.id, "up");
    groups = await listFaqGroups();
    expect(groups[0]!.items.map((i) => i.id)).toEqual([c.id, a.id]);
    expect(groups.flatMap((g) => g.items.map((i) => i.id))).toEqual([c.id, a.id, b.id]);

    await deleteFaq(actor, a.id);
    expect((await listFaqGroups()).flatMap((g) => g.items.map((i) => i.id))).toEqual([c.id, b.id]);
    const actions = (await contentDb().select({ action: auditLog.action }).from(auditLog)).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["faq.create", "faq.move", "faq.delete"]));
  });

  it("validates the question", async () => {
    const error = (await saveFaq(actor, null, { category: "", question: "?", answerMarkdown: "" }).catch((e: unknown) => e)) as AppError;
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["answerMarkdown", "category", "question"]);
  });
});

describe("testimonials", () => {
  it("lists published ones in order", async () => {
    await saveTestimonial(actor, null, { authorName: "Ada", quote: "Fast and honest pricing.", rating: "5", published: "on" });
    await saveTestimonial(actor, null, { authorName: "Hidden", quote: "Not approved yet, please.", rating: "3", published: "" });
    await saveTestimonial(actor, null, { authorName: "Bo", authorTitle: "CTO", quote: "Setup took a minute.", rating: "4", published: "on" });
    expect((await listTestimonials()).map((t) => [t.authorName, t.rating, t.authorTitle])).toEqual([
      ["Ada", 5, null],
      ["Bo", 4, "CTO"],
    ]);
    expect((await listTestimonials(1)).map((t) => t.authorName)).toEqual(["Ada"]);
  });
});

describe("menus", () => {
  it("builds the header and footer from visible items in order, and refuses unsafe links", async () => {
    const pricing = await saveNavItem(actor, null, { menu: "header", label: "Pricing", href: "/pricing", visible: "on" });
    await saveNavItem(actor, null, { menu: "header", label: "Blog", href: "/blog", visible: "on" });
    await saveNavItem(actor, null, { menu: "header", label: "Secret", href: "/secret", visible: "" });
    const legal = await saveNavItem(actor, null, { menu: "footer", label: "Legal", visible: "on" });
    await saveNavItem(actor, null, { menu: "footer", parentId: legal.id, label: "Terms", href: "/terms", visible: "on" });
    await saveNavItem(actor, null, { menu: "footer", parentId: legal.id, label: "Status", href: "https://status.example.com", external: "on", visible: "on" });
    await saveNavItem(actor, null, { menu: "footer", label: "Empty column", visible: "on" });

    await moveNavItem(actor, pricing.id, "down");
    expect((await listHeaderMenu()).map((l) => l.label)).toEqual(["Blog", "Pricing"]);
    expect(await listFooterMenu()).toEqual([
      {
        id: legal.id,
        label: "Legal",
        links: [
          expect.objectContaining({ label: "Terms", href: "/terms", external: false }),
          expect.objectContaining({ label: "Status", href: "https://status.example.com", external: true }),
        ],
      },
    ]);

    for (const href of ["javascript:alert(1)", "//evil.example", "data:text/html,hi"]) {
      const error = (await saveNavItem(actor, null, { menu: "header", label: "Bad", href, visible: "on" }).catch((e: unknown) => e)) as AppError;
      expect(error.fieldErrors?.href, href).toBeDefined();
    }
    const noHref = (await saveNavItem(actor, null, { menu: "header", label: "No link", visible: "on" }).catch((e: unknown) => e)) as AppError;
    expect(noHref.fieldErrors?.href).toBeDefined();
    const rows = await contentDb().select().from(navigationItems);
    expect(rows.some((r) => r.label === "Bad" || r.label === "No link")).toBe(false);
  });
});

describe("latest posts", () => {
  it("lists only published posts whose publish date has come, newest first, with author and category", async () => {
    const now = new Date();
    const db = contentDb();
    const [author] = await db.insert(blogAuthors).values({ slug: "maya", name: "Maya" }).returning();
    const [category] = await db.insert(blogCategories).values({ slug: "news", name: "News" }).returning();
    await db.insert(blogPosts).values([
      { slug: "old", title: "Old", status: "published", publishedAt: new Date(now.getTime() - 10 * DAY), authorId: author!.id, categoryId: category!.id },
      { slug: "new", title: "New", status: "published", publishedAt: new Date(now.getTime() - DAY), excerpt: "Fresh", readingMinutes: 4 },
      { slug: "draft", title: "Draft", status: "draft", publishedAt: new Date(now.getTime() - DAY) },
      { slug: "scheduled", title: "Scheduled", status: "scheduled", publishAt: new Date(now.getTime() + DAY) },
      { slug: "future", title: "Future", status: "published", publishedAt: new Date(now.getTime() + DAY) },
      { slug: "middle", title: "Middle", status: "published", publishedAt: new Date(now.getTime() - 5 * DAY) },
    ]);
    const posts = await listLatestPosts(3, now);
    expect(posts.map((p) => p.slug)).toEqual(["new", "middle", "old"]);
    expect(posts[2]).toMatchObject({ authorName: "Maya", categoryName: "News" });
    expect(posts[0]).toMatchObject({ excerpt: "Fresh", readingMinutes: 4, authorName: null });
    expect((await listLatestPosts(10, new Date(now.getTime() + 2 * DAY))).map((p) => p.slug)).toContain("future");
    expect(await listLatestPosts(10, new Date(now.getTime() - 30 * DAY))).toEqual([]);
    expect(await db.select().from(faqs).where(eq(faqs.slug, "none"))).toEqual([]);
    expect(await db.select().from(testimonials).where(eq(testimonials.slug, "none"))).toEqual([]);
  });
});
