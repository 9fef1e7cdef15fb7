import "server-only";
/** Blog categories and authors, edited in admin. A changed slug redirects the old category/author page. */
import { asc, count, eq } from "drizzle-orm";
import { z } from "zod";
import { contentDb } from "@/db/content/client";
import { auditLog, blogAuthors, blogCategories, blogPosts } from "@/db/content/schema";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { notFound, validation } from "@/lib/errors";
import { CONTENT_TAGS } from "./cache-tags";
import { redirectSlug } from "./documents";
import { revalidateContent } from "./revalidate";
import { authorPath, categoryPath, slugSchema } from "./slugs";

const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);
const optional = (max: number) => z.preprocess(blankToNull, z.string().trim().max(max, `Keep it under ${max} characters.`).nullable().optional()).transform((v) => v ?? null);

export const categoryInputSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(60, "Keep the name under 60 characters."),
  slug: slugSchema,
  description: optional(300),
  sortOrder: z.coerce.number().int().min(0).max(10_000).default(0),
});

export const authorInputSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(80, "Keep the name under 80 characters."),
  slug: slugSchema,
  title: optional(80),
  bio: optional(600),
  avatarUrl: z.preprocess(blankToNull, z.url({ protocol: /^https$/, error: "Enter an https:// image URL." }).max(500).nullable().optional()).transform((v) => v ?? null),
});

function parse<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "form"] ??= []).push(issue.message);
  throw validation(fieldErrors);
}

type Kind = "category" | "author";
const CONFIG = {
  category: { table: blogCategories, schema: categoryInputSchema, path: categoryPath, label: "category" },
  author: { table: blogAuthors, schema: authorInputSchema, path: authorPath, label: "author" },
} as const;

/** Creates (id null) or updates a category or author; audited; expires cached blog pages. */
export async function saveTaxonomy(kind: Kind, actor: AuditActor, id: string | null, raw: unknown): Promise<{ id: string; slug: string }> {
  const cfg = CONFIG[kind];
  const input = parse(cfg.schema as z.ZodType, raw) as Record<string, unknown> & { slug: string; name: string };
  const table = cfg.table as typeof blogCategories;
  const result = await contentDb().transaction(async (tx) => {
    const [taken] = await tx.select({ id: table.id }).from(table).where(eq(table.slug, input.slug)).limit(1);
    if (taken && taken.id !== id) throw validation({ slug: [`Another ${cfg.label} already uses this slug.`] });
    if (!id) {
      const [created] = await tx.insert(table).values(input as typeof blogCategories.$inferInsert).returning({ id: table.id });
      await writeAudit(tx, auditLog, actor, { action: `${kind}.create`, entityType: kind, entityId: created!.id, after: input });
      return { id: created!.id, slug: input.slug, oldSlug: null as string | null };
    }
    const [before] = await tx.select().from(table).where(eq(table.id, id)).limit(1);
    if (!before) throw notFound(`${kind === "category" ? "Category" : "Author"} not found`);
    await tx.update(table).set(input as Partial<typeof blogCategories.$inferInsert>).where(eq(table.id, id));
    if (before.slug !== input.slug) await redirectSlug(tx, cfg.path(before.slug), cfg.path(input.slug));
    await writeAudit(tx, auditLog, actor, { action: `${kind}.update`, entityType: kind, entityId: id, before: { ...before, createdAt: undefined, updatedAt: undefined }, after: input });
    return { id, slug: input.slug, oldSlug: before.slug === input.slug ? null : before.slug };
  });
  await revalidateContent({
    tags: [CONTENT_TAGS.taxonomy, CONTENT_TAGS.posts, ...(result.oldSlug ? [CONTENT_TAGS.redirects] : [])],
    paths: ["/blog", cfg.path(result.slug), ...(result.oldSlug ? [cfg.path(result.oldSlug)] : []), "/sitemap.xml"],
  });
  return { id: result.id, slug: result.slug };
}

export interface TaxonomyAdminRow {
  id: string;
  slug: string;
  name: string;
  detail: string | null;
  extra: Record<string, string | number | null>;
  posts: number;
}

export async function listTaxonomyAdmin(): Promise<{ categories: TaxonomyAdminRow[]; authors: TaxonomyAdminRow[] }> {
  const db = contentDb();
  const [categories, authors, byCategory, byAuthor] = await Promise.all([
    db.select().from(blogCategories).orderBy(asc(blogCategories.sortOrder), asc(blogCategories.name)),
    db.select().from(blogAuthors).orderBy(asc(blogAuthors.name)),
    db.select({ id: blogPosts.categoryId, n: count() }).from(blogPosts).groupBy(blogPosts.categoryId),
    db.select({ id: blogPosts.authorId, n: count() }).from(blogPosts).groupBy(blogPosts.authorId),
  ]);
  const cat = new Map(byCategory.map((r) => [r.id, r.n]));
  const aut = new Map(byAuthor.map((r) => [r.id, r.n]));
  return {
    categories: categories.map((c) => ({ id: c.id, slug: c.slug, name: c.name, detail: c.description, extra: { description: c.description, sortOrder: c.sortOrder }, posts: cat.get(c.id) ?? 0 })),
    authors: authors.map((a) => ({ id: a.id, slug: a.slug, name: a.name, detail: a.title, extra: { title: a.title, bio: a.bio, avatarUrl: a.avatarUrl }, posts: aut.get(a.id) ?? 0 })),
  };
}
