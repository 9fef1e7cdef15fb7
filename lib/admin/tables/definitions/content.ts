import "server-only";
/**
 * Admin tables over the content database: CMS pages and blog posts. Both are small tables (hundreds of rows), so the
 * global search may use a LIKE on title and slug; the filters and sorts still map to plain columns.
 *
 * The posts table's author filter lists the blog's authors, which live in the database: its definition is built per
 * list of authors and kept while that list is unchanged (the zod schema of a definition is compiled once).
 */
import { inArray, or, sql } from "drizzle-orm";
import { contentDb } from "@/db/content/client";
import { blogAuthors, blogCategories, blogPosts, pages, PUBLISH_STATUSES } from "@/db/content/schema";
import { defineTable, type TableDefinition } from "../query";

export interface ContentDocumentRow {
  id: string;
  slug: string;
  title: string;
  status: string;
  publishAt: Date | null;
  publishedAt: Date | null;
  updatedAt: Date;
  /** Posts only. */
  category?: string | null;
  author?: string | null;
}

const contains = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const cmsPagesTable = defineTable<ContentDocumentRow>({
  name: "cms-pages",
  db: contentDb,
  table: pages,
  select: {
    id: pages.id,
    slug: pages.slug,
    title: pages.title,
    status: pages.status,
    publishAt: pages.publishAt,
    publishedAt: pages.publishedAt,
    updatedAt: pages.updatedAt,
  },
  key: pages.id,
  columns: {
    title: { column: pages.title, label: "Title", sortable: true },
    status: { column: pages.status, label: "Status", sortable: true, filter: { kind: "enum", options: PUBLISH_STATUSES } },
    publishedAt: { column: pages.publishedAt, label: "Published", sortable: true, filter: { kind: "date" } },
    updatedAt: { column: pages.updatedAt, label: "Updated", sortable: true, filter: { kind: "date" } },
  },
  defaultSort: [{ id: "updatedAt", desc: true }],
  search: (q) => or(sql`${pages.title} like ${contains(q)} escape '\\'`, sql`${pages.slug} like ${contains(q)} escape '\\'`),
});

export interface BlogAuthorOption {
  id: string;
  name: string;
}

const postsDefinitions = new Map<string, TableDefinition<ContentDocumentRow>>();

/** The blog posts table, with the author filter offering `authors` (one definition per distinct list). */
export function blogPostsTable(authors: readonly BlogAuthorOption[]): TableDefinition<ContentDocumentRow> {
  const cacheKey = JSON.stringify(authors.map((a) => [a.id, a.name]));
  const cached = postsDefinitions.get(cacheKey);
  if (cached) return cached;
  // Every edit of an author makes a new list; a bound keeps a long-running server from collecting stale ones.
  if (postsDefinitions.size >= 200) postsDefinitions.clear();
  const definition = defineTable<ContentDocumentRow>({
    name: "blog-posts",
    db: contentDb,
    table: blogPosts,
    select: {
      id: blogPosts.id,
      slug: blogPosts.slug,
      title: blogPosts.title,
      status: blogPosts.status,
      publishAt: blogPosts.publishAt,
      publishedAt: blogPosts.publishedAt,
      updatedAt: blogPosts.updatedAt,
      authorId: blogPosts.authorId,
      categoryId: blogPosts.categoryId,
    },
    key: blogPosts.id,
    columns: {
      title: { column: blogPosts.title, label: "Title", sortable: true },
      status: { column: blogPosts.status, label: "Status", sortable: true, filter: { kind: "enum", options: PUBLISH_STATUSES } },
      // An author with no id option cannot be asked for: the enum is the list of authors.
      ...(authors.length
        ? {
            author: {
              column: blogPosts.authorId,
              label: "Author",
              filter: { kind: "enum" as const, options: authors.map((a) => a.id), labels: Object.fromEntries(authors.map((a) => [a.id, a.name])) },
            },
          }
        : {}),
      publishedAt: { column: blogPosts.publishedAt, label: "Published", sortable: true, filter: { kind: "date" } },
      updatedAt: { column: blogPosts.updatedAt, label: "Updated", sortable: true, filter: { kind: "date" } },
    },
    defaultSort: [{ id: "updatedAt", desc: true }],
    search: (q) => or(sql`${blogPosts.title} like ${contains(q)} escape '\\'`, sql`${blogPosts.slug} like ${contains(q)} escape '\\'`),
    decorate: async (rows) => {
      const authorIds = [...new Set(rows.map((r) => r.authorId as string | null).filter((v): v is string => Boolean(v)))];
      const categoryIds = [...new Set(rows.map((r) => r.categoryId as string | null).filter((v): v is string => Boolean(v)))];
      const db = contentDb();
      const [authorRows, categoryRows] = await Promise.all([
        authorIds.length ? db.select({ id: blogAuthors.id, name: blogAuthors.name }).from(blogAuthors).where(inArray(blogAuthors.id, authorIds)) : [],
        categoryIds.length ? db.select({ id: blogCategories.id, name: blogCategories.name }).from(blogCategories).where(inArray(blogCategories.id, categoryIds)) : [],
      ]);
      const authorsById = new Map(authorRows.map((a) => [a.id, a.name]));
      const categoriesById = new Map(categoryRows.map((c) => [c.id, c.name]));
      return rows.map(({ authorId, categoryId, ...r }) => ({
        ...(r as unknown as ContentDocumentRow),
        author: authorId ? (authorsById.get(authorId as string) ?? null) : null,
        category: categoryId ? (categoriesById.get(categoryId as string) ?? null) : null,
      }));
    },
  });
  postsDefinitions.set(cacheKey, definition);
  return definition;
}

/** Authors for the posts table's filter, by name. */
export async function listBlogAuthorOptions(): Promise<BlogAuthorOption[]> {
  return contentDb().select({ id: blogAuthors.id, name: blogAuthors.name }).from(blogAuthors).orderBy(blogAuthors.name, blogAuthors.id);
}

