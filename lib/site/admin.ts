import "server-only";
/**
 * Admin edits of the site's furniture: theme, menus, FAQs and testimonials. Each change and its audit row commit in
 * one transaction on the content database; callers revalidate the matching tag afterwards (lib/site/revalidate.ts).
 */
import { and, asc, eq, isNull, type SQL } from "drizzle-orm";
import { z } from "zod";
import { contentDb } from "@/db/content/client";
import { auditLog, faqs, NAV_MENUS, navigationItems, testimonials, themeTokens } from "@/db/content/schema";
import { fieldErrorsOf } from "@/lib/actions";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { notFound, validation } from "@/lib/errors";
import {
  checkThemeContrast,
  FONT_CHOICES,
  isHexColor,
  isLogoUrl,
  isRadius,
  normalizeHex,
  THEME_COLOR_KEYS,
  THEME_SCHEMES,
  themeFromTokens,
  tokensFromTheme,
  type Theme,
} from "./theme-tokens";

type Tx = Parameters<Parameters<ReturnType<typeof contentDb>["transaction"]>[0]>[0];

function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validation(fieldErrorsOf(parsed.error));
  return parsed.data;
}

const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean());

function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^\w\s-]/g, "")
      .trim()
      .replace(/[\s_-]+/g, "-")
      .slice(0, 60)
      .replace(/-+$/, "") || "item"
  );
}

/** A short random suffix keeps generated slugs and keys unique without a read-then-write race. */
const suffix = () => Math.random().toString(36).slice(2, 7);

/* ─── Theme ──────────────────────────────────────────────────────────────────────────────────────────────── */

const colorField = z
  .string()
  .trim()
  .refine(isHexColor, "Use a hex colour such as #0b62c4.")
  .transform(normalizeHex);

export const themeInputSchema = z.object({
  ...Object.fromEntries(
    THEME_SCHEMES.flatMap((scheme) => THEME_COLOR_KEYS.map((key) => [`${scheme}.${key}`, colorField])),
  ) as Record<`${"light" | "dark"}.${(typeof THEME_COLOR_KEYS)[number]}`, typeof colorField>,
  radius: z.string().trim().refine(isRadius, "Use a size such as 0.5rem or 8px (at most 2rem / 32px)."),
  font: z.enum(FONT_CHOICES.map((f) => f.id) as [string, ...string[]], { message: "Choose one of the fonts offered." }),
  logoUrl: z
    .string()
    .trim()
    .max(500)
    .refine((v) => v === "" || isLogoUrl(v), "Use a path on this site (/logo.svg) or an https:// address.")
    .optional()
    .default(""),
  brandName: z.string().trim().min(1, "Enter the name shown next to the logo.").max(40),
});

export function themeFromInput(rawInput: unknown): Theme {
  const input = parseWith(themeInputSchema, rawInput) as Record<string, string>;
  const theme: Theme = {
    colors: {
      light: Object.fromEntries(THEME_COLOR_KEYS.map((k) => [k, input[`light.${k}`]!])) as Theme["colors"]["light"],
      dark: Object.fromEntries(THEME_COLOR_KEYS.map((k) => [k, input[`dark.${k}`]!])) as Theme["colors"]["dark"],
    },
    radius: input.radius!,
    fontSans: FONT_CHOICES.find((f) => f.id === input.font)!.value,
    logoUrl: input.logoUrl || null,
    brandName: input.brandName!,
  };
  const problems = checkThemeContrast(theme);
  if (problems.length > 0) {
    const fieldErrors: Record<string, string[]> = {};
    for (const p of problems) (fieldErrors[p.field] ??= []).push(p.message);
    throw validation(fieldErrors, `Not saved: some text would be hard to read. ${problems.map((p) => p.message).join(" ")}`);
  }
  return theme;
}

/** Validates (format and WCAG AA contrast), then stores every token. Nothing is saved when a check fails. */
export async function saveTheme(actor: AuditActor, rawInput: unknown): Promise<Theme> {
  const theme = themeFromInput(rawInput);
  return contentDb().transaction(async (tx) => {
    const beforeRows = await tx.select({ key: themeTokens.key, value: themeTokens.value }).from(themeTokens);
    const before = Object.fromEntries(beforeRows.map((r) => [r.key, r.value]));
    const changed: Record<string, string> = {};
    for (const row of tokensFromTheme(theme)) {
      if (before[row.key] === row.value) continue;
      changed[row.key] = row.value;
      await tx
        .insert(themeTokens)
        .values({ ...row, updatedBy: actor.id })
        .onConflictDoUpdate({ target: themeTokens.key, set: { value: row.value, updatedBy: actor.id, updatedAt: new Date() } });
    }
    if (Object.keys(changed).length > 0) {
      await writeAudit(tx, auditLog, actor, {
        action: "theme.update",
        entityType: "theme",
        entityId: "theme",
        before: Object.fromEntries(Object.keys(changed).map((k) => [k, before[k] ?? null])),
        after: changed,
      });
    }
    return themeFromTokens(tokensFromTheme(theme));
  });
}

/* ─── Ordering ───────────────────────────────────────────────────────────────────────────────────────────── */

type Orderable = typeof faqs | typeof testimonials | typeof navigationItems;

/**
 * Moves a row one place up or down among its siblings (`scope`), renumbering them 10, 20, 30… so equal or sparse
 * sort orders left by seeds and deletes never make a move a no-op.
 */
async function moveRow(tx: Tx, table: Orderable, scope: SQL | undefined, id: string, direction: "up" | "down"): Promise<{ from: number; to: number }> {
  const rows: Array<{ id: string }> = await tx
    .select({ id: table.id })
    .from(table as typeof faqs)
    .where(scope)
    .orderBy(asc(table.sortOrder), asc(table.createdAt));
  const index = rows.findIndex((r) => r.id === id);
  if (index === -1) throw notFound();
  const target = direction === "up" ? index - 1 : index + 1;
  if (target >= 0 && target < rows.length) [rows[index], rows[target]] = [rows[target]!, rows[index]!];
  for (const [i, row] of rows.entries()) {
    await tx
      .update(table as typeof faqs)
      .set({ sortOrder: (i + 1) * 10 })
      .where(eq(table.id, row.id));
  }
  return { from: index, to: Math.min(Math.max(target, 0), rows.length - 1) };
}

async function nextSortOrder(tx: Tx, table: Orderable, scope: SQL | undefined): Promise<number> {
  const rows: Array<{ sortOrder: number }> = await tx
    .select({ sortOrder: table.sortOrder })
    .from(table as typeof faqs)
    .where(scope);
  return rows.reduce((max, r) => Math.max(max, r.sortOrder), 0) + 10;
}

export const moveInputSchema = z.object({ id: z.string().min(1), direction: z.enum(["up", "down"]) });

/* ─── FAQs ───────────────────────────────────────────────────────────────────────────────────────────────── */

export const faqInputSchema = z.object({
  category: z.string().trim().min(1, "Enter a group, e.g. Billing.").max(60),
  question: z.string().trim().min(5, "Enter the question.").max(200),
  answerMarkdown: z.string().trim().min(1, "Enter the answer.").max(4000),
  published: checkbox,
});

export async function saveFaq(actor: AuditActor, id: string | null, rawInput: unknown): Promise<{ id: string }> {
  const input = parseWith(faqInputSchema, rawInput);
  return contentDb().transaction(async (tx) => {
    if (!id) {
      const sortOrder = await nextSortOrder(tx, faqs, undefined);
      const [row] = await tx
        .insert(faqs)
        .values({ ...input, slug: `${slugify(input.question)}-${suffix()}`, sortOrder })
        .returning({ id: faqs.id });
      await writeAudit(tx, auditLog, actor, { action: "faq.create", entityType: "faq", entityId: row!.id, after: input });
      return row!;
    }
    const [before] = await tx.select().from(faqs).where(eq(faqs.id, id)).limit(1);
    if (!before) throw notFound("FAQ not found");
    await tx.update(faqs).set(input).where(eq(faqs.id, id));
    await writeAudit(tx, auditLog, actor, {
      action: "faq.update",
      entityType: "faq",
      entityId: id,
      before: { category: before.category, question: before.question, answerMarkdown: before.answerMarkdown, published: before.published },
      after: input,
    });
    return { id };
  });
}

export async function deleteFaq(actor: AuditActor, id: string): Promise<void> {
  await contentDb().transaction(async (tx) => {
    const [before] = await tx.delete(faqs).where(eq(faqs.id, id)).returning();
    if (!before) throw notFound("FAQ not found");
    await writeAudit(tx, auditLog, actor, { action: "faq.delete", entityType: "faq", entityId: id, before: { question: before.question, category: before.category } });
  });
}

export async function moveFaq(actor: AuditActor, id: string, direction: "up" | "down"): Promise<void> {
  await contentDb().transaction(async (tx) => {
    const moved = await moveRow(tx, faqs, undefined, id, direction);
    await writeAudit(tx, auditLog, actor, { action: "faq.move", entityType: "faq", entityId: id, before: { position: moved.from }, after: { position: moved.to } });
  });
}

/* ─── Testimonials ───────────────────────────────────────────────────────────────────────────────────────── */

export const testimonialInputSchema = z.object({
  authorName: z.string().trim().min(1, "Enter the person's name.").max(80),
  authorTitle: z.string().trim().max(80).optional().transform((v) => v || null),
  company: z.string().trim().max(80).optional().transform((v) => v || null),
  quote: z.string().trim().min(10, "Enter the quote.").max(600),
  rating: z.coerce.number().int().min(1, "1 to 5 stars.").max(5, "1 to 5 stars."),
  published: checkbox,
});

export async function saveTestimonial(actor: AuditActor, id: string | null, rawInput: unknown): Promise<{ id: string }> {
  const input = parseWith(testimonialInputSchema, rawInput);
  return contentDb().transaction(async (tx) => {
    if (!id) {
      const sortOrder = await nextSortOrder(tx, testimonials, undefined);
      const [row] = await tx
        .insert(testimonials)
        .values({ ...input, slug: `${slugify(input.authorName)}-${suffix()}`, sortOrder })
        .returning({ id: testimonials.id });
      await writeAudit(tx, auditLog, actor, { action: "testimonial.create", entityType: "testimonial", entityId: row!.id, after: input });
      return row!;
    }
    const [before] = await tx.select().from(testimonials).where(eq(testimonials.id, id)).limit(1);
    if (!before) throw notFound("Testimonial not found");
    await tx.update(testimonials).set(input).where(eq(testimonials.id, id));
    await writeAudit(tx, auditLog, actor, {
      action: "testimonial.update",
      entityType: "testimonial",
      entityId: id,
      before: { authorName: before.authorName, quote: before.quote, rating: before.rating, published: before.published },
      after: input,
    });
    return { id };
  });
}

export async function deleteTestimonial(actor: AuditActor, id: string): Promise<void> {
  await contentDb().transaction(async (tx) => {
    const [before] = await tx.delete(testimonials).where(eq(testimonials.id, id)).returning();
    if (!before) throw notFound("Testimonial not found");
    await writeAudit(tx, auditLog, actor, { action: "testimonial.delete", entityType: "testimonial", entityId: id, before: { authorName: before.authorName, quote: before.quote } });
  });
}

export async function moveTestimonial(actor: AuditActor, id: string, direction: "up" | "down"): Promise<void> {
  await contentDb().transaction(async (tx) => {
    const moved = await moveRow(tx, testimonials, undefined, id, direction);
    await writeAudit(tx, auditLog, actor, { action: "testimonial.move", entityType: "testimonial", entityId: id, before: { position: moved.from }, after: { position: moved.to } });
  });
}

/* ─── Menus ──────────────────────────────────────────────────────────────────────────────────────────────── */

/** Site paths or http(s) URLs; never `javascript:` or protocol-relative tricks. */
export function isSafeHref(href: string): boolean {
  if (href.startsWith("/")) return !href.startsWith("//") && !/[\s\\]/.test(href);
  try {
    const url = new URL(href);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

export const navItemInputSchema = z.object({
  menu: z.enum(NAV_MENUS),
  parentId: z.string().trim().optional().transform((v) => v || null),
  label: z.string().trim().min(1, "Enter the link text.").max(40),
  href: z
    .string()
    .trim()
    .max(500)
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || isSafeHref(v), "Use a path on this site (/pricing) or an http(s):// address."),
  external: checkbox,
  visible: checkbox,
});

function siblingsOf(menu: (typeof NAV_MENUS)[number], parentId: string | null): SQL {
  return and(eq(navigationItems.menu, menu), parentId ? eq(navigationItems.parentId, parentId) : isNull(navigationItems.parentId))!;
}

export async function saveNavItem(actor: AuditActor, id: string | null, rawInput: unknown): Promise<{ id: string }> {
  const input = parseWith(navItemInputSchema, rawInput);
  // Header links and footer links need an address; a footer column heading (no parent) does not.
  if (!input.href && (input.menu === "header" || input.parentId)) throw validation({ href: ["Enter where the link goes."] });
  return contentDb().transaction(async (tx) => {
    if (input.parentId) {
      const [parent] = await tx.select().from(navigationItems).where(eq(navigationItems.id, input.parentId)).limit(1);
      if (!parent || parent.menu !== input.menu || parent.parentId !== null) throw validation({ parentId: ["Choose a column of the same menu."] });
    }
    if (!id) {
      const sortOrder = await nextSortOrder(tx, navigationItems, siblingsOf(input.menu, input.parentId));
      const [row] = await tx
        .insert(navigationItems)
        .values({ ...input, key: `${input.menu}.${slugify(input.label)}-${suffix()}`, sortOrder })
        .returning({ id: navigationItems.id });
      await writeAudit(tx, auditLog, actor, { action: "navigation.create", entityType: "navigation_item", entityId: row!.id, after: input });
      return row!;
    }
    const [before] = await tx.select().from(navigationItems).where(eq(navigationItems.id, id)).limit(1);
    if (!before) throw notFound("Menu item not found");
    if (input.parentId === id) throw validation({ parentId: ["An item cannot be its own column."] });
    await tx.update(navigationItems).set(input).where(eq(navigationItems.id, id));
    await writeAudit(tx, auditLog, actor, {
      action: "navigation.update",
      entityType: "navigation_item",
      entityId: id,
      before: { menu: before.menu, parentId: before.parentId, label: before.label, href: before.href, external: before.external, visible: before.visible },
      after: input,
    });
    return { id };
  });
}

export async function deleteNavItem(actor: AuditActor, id: string): Promise<void> {
  await contentDb().transaction(async (tx) => {
    const [before] = await tx.delete(navigationItems).where(eq(navigationItems.id, id)).returning();
    if (!before) throw notFound("Menu item not found");
    await writeAudit(tx, auditLog, actor, {
      action: "navigation.delete",
      entityType: "navigation_item",
      entityId: id,
      before: { menu: before.menu, label: before.label, href: before.href },
    });
  });
}

export async function moveNavItem(actor: AuditActor, id: string, direction: "up" | "down"): Promise<void> {
  await contentDb().transaction(async (tx) => {
    const [item] = await tx.select().from(navigationItems).where(eq(navigationItems.id, id)).limit(1);
    if (!item) throw notFound("Menu item not found");
    const moved = await moveRow(tx, navigationItems, siblingsOf(item.menu, item.parentId), id, direction);
    await writeAudit(tx, auditLog, actor, { action: "navigation.move", entityType: "navigation_item", entityId: id, before: { position: moved.from }, after: { position: moved.to } });
  });
}

/* ─── Admin lists ────────────────────────────────────────────────────────────────────────────────────────── */

export async function listFaqsForAdmin() {
  return contentDb().select().from(faqs).orderBy(asc(faqs.sortOrder), asc(faqs.createdAt));
}

export async function listTestimonialsForAdmin() {
  return contentDb().select().from(testimonials).orderBy(asc(testimonials.sortOrder), asc(testimonials.createdAt));
}

export async function listNavItemsForAdmin() {
  return contentDb().select().from(navigationItems).orderBy(asc(navigationItems.sortOrder), asc(navigationItems.createdAt));
}
