import "server-only";
/**
 * Reads of published content for the public site, and the admin lists. Public results are plain JSON (dates as
 * ISO strings) so lib/content/cached.ts can keep them in Next's data cache; admin lists return rows + total so
 * a server-side paginated table can show them.
 */
import { and, asc, count, desc, eq, inArray, like, ne, or, sql, type SQL } from "drizzle-orm";
import { contentDb } from "@/db/content/client";
import {
  blogAuthors,
  blogCategories,
  blogPostRevisions,
  blogPosts,
  blogPostTags,
  blogTags,
  media,
  pageRevisions,
  pages,
  PUBLISH_STATUSES,
  type PublishStatus,
} from "@/db/content/schema";
import { renderMarkdown } from "@/lib/markdown/content";
import { toMediaView } from "./media";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export interface ImageRef {
  url: string;
  width: number | null;
  height: number | null;
  alt: string | null;
  srcSet: string;
}

export interface PublicPage {
  id: string;
  slug: string;
  title: string;
  html: string;
  headings: Array<{ depth: number; text: string; id: string }>;
  seoTitle: string | null;
  seoDescription: string | null;
  canonicalUrl: string | null;
  ogImage: ImageRef | null;
  noindex: boolean;
  publishedAt: string | null;
  updatedAt: string;
}

export interface AuthorRef {
  slug: string;
  name: string;
  title: string | null;
  bio: string | null;
  avatarUrl: string | null;
}

export interface PostSummary {
  id: string;
  slug: string;
  title: string;
  excerpt: string | null;
  publishedAt: string;
  updatedAt: string;
  readingMinutes: number;
  featured: boolean;
  cover: ImageRef | null;
  author: AuthorRef | null;
  category: { slug: string; name: string } | null;
  tags: Array<{ slug: string; name: string }>;
}

export interface PublicPost extends PostSummary {
  html: string;
  headings: PublicPage["headings"];
  seoTitle: string | null;
  seoDescription: string | null;
  canonicalUrl: string | null;
  ogImage: ImageRef | null;
  noindex: boolean;
  related: PostSummary[];
}

export interface Paged<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
}

async function imagesById(ids: Array<string | null>): Promise<Map<string, ImageRef>> {
  const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (!wanted.length) return new Map();
  const rows = await contentDb().select().from(media).where(inArray(media.id, wanted));
  return new Map(
    rows.map((r) => {
      const v = toMediaView(r);
      return [r.id, { url: v.displayUrl, width: r.width, height: r.height, alt: r.alt, srcSet: v.srcSet }];
    }),
  );
}

export async function getPublishedPage(slug: string, siteOrigin?: string): Promise<PublicPage | null> {
  const [row] = await contentDb()
    .select()
    .from(pages)
    .where(and(eq(pages.slug, slug), eq(pages.status, "published")))
    .limit(1);
  if (!row) return null;
  const images = await imagesById([row.ogImageId]);
  const rendered = renderMarkdown(row.bodyMarkdown, { siteOrigin });
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    html: rendered.html,
    headings: rendered.headings,
    seoTitle: row.seoTitle,
    seoDescription: row.seoDescription,
    canonicalUrl: row.canonicalUrl,
    ogImage: row.ogImageId ? (images.get(row.ogImageId) ?? null) : null,
    noindex: row.noindex,
    publishedAt: iso(row.publishedAt),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/* ─── Posts ──────────────────────────────────────────────────────────────────────────────────────────────── */

const published = eq(blogPosts.status, "published");

async function summarize(rows: Array<typeof blogPosts.$inferSelect>): Promise<PostSummary[]> {
  if (!rows.length) return [];
  const db = contentDb();
  const authorIds = [...new Set(rows.map((r) => r.authorId).filter((x): x is string => Boolean(x)))];
  const categoryIds = [...new Set(rows.map((r) => r.categoryId).filter((x): x is string => Boolean(x)))];
  const [authors, categories, tagRows, images] = await Promise.all([
    authorIds.length ? db.select().from(blogAuthors).where(inArray(blogAuthors.id, authorIds)) : [],
    categoryIds.length ? db.select().from(blogCategories).where(inArray(blogCategories.id, categoryIds)) : [],
    db
      .select({ postId: blogPostTags.postId, slug: blogTags.slug, name: blogTags.name })
      .from(blogPostTags)
      .innerJoin(blogTags, eq(blogTags.id, blogPostTags.tagId))
      .where(inArray(blogPostTags.postId, rows.map((r) => r.id)))
      .orderBy(asc(blogTags.name)),
    imagesById(rows.map((r) => r.coverImageId)),
  ]);
  const authorById = new Map(authors.map((a) => [a.id, { slug: a.slug, name: a.name, title: a.title, bio: a.bio, avatarUrl: a.avatarUrl }]));
  const categoryById = new Map(categories.map((c) => [c.id, { slug: c.slug, name: c.name }]));
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    excerpt: r.excerpt,
    publishedAt: (r.publishedAt ?? r.createdAt).toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    readingMinutes: r.readingMinutes ?? 1,
    featured: r.featured,
    cover: r.coverImageId ? (images.get(r.coverImageId) ?? null) : null,
    author: r.authorId ? (authorById.get(r.authorId) ?? null) : null,
    category: r.categoryId ? (categoryById.get(r.categoryId) ?? null) : null,
    tags: tagRows.filter((t) => t.postId === r.id).map((t) => ({ slug: t.slug, name: t.name })),
  }));
}

export interface PostFilter {
  page?: number;
  pageSize?: number;
  categorySlug?: string;
  tagSlug?: string;
  authorSlug?: string;
  featured?: boolean;
}

export async function listPublishedPosts(filter: PostFilter = {}): Promise<Paged<PostSummary>> {
  const db = contentDb();
  const pageSize = Math.min(50, Math.max(1, filter.pageSize ?? 10));
  const page = Math.max(1, Math.floor(filter.page ?? 1));
  const conditions: SQL[] = [published];
  if (filter.featured) conditions.push(eq(blogPosts.featured, true));
  if (filter.categorySlug) conditions.push(inArray(blogPosts.categoryId, db.select({ id: blogCategories.id }).from(blogCategories).where(eq(blogCategories.slug, filter.categorySlug))));
  if (filter.authorSlug) conditions.push(inArray(blogPosts.authorId, db.select({ id: blogAuthors.id }).from(blogAuthors).where(eq(blogAuthors.slug, filter.authorSlug))));
  if (filter.tagSlug) {
    conditions.push(
      inArray(
        blogPosts.id,
        db.select({ id: blogPostTags.postId }).from(blogPostTags).innerJoin(blogTags, eq(blogTags.id, blogPostTags.tagId)).where(eq(blogTags.slug, filter.tagSlug)),
      ),
    );
  }
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db.select().from(blogPosts).where(where).orderBy(desc(blogPosts.publishedAt), desc(blogPosts.id)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ n: count() }).from(blogPosts).where(where),
  ]);
  return { rows: await summarize(rows), total: total!.n, page, pageSize };
}

/** Up to `limit` other posts sharing the category or a tag, most shared tags first, then newest. */
async function relatedPosts(post: typeof blogPosts.$inferSelect, limit = 3): Promise<PostSummary[]> {
  const db = contentDb();
  const tagIds = (await db.select({ id: blogPostTags.tagId }).from(blogPostTags).where(eq(blogPostTags.postId, post.id))).map((t) => t.id);
  const shared = tagIds.length
    ? sql<number>`(select count(*) from ${blogPostTags} where ${blogPostTags.postId} = ${blogPosts.id} and ${inArray(blogPostTags.tagId, tagIds)})`
    : sql<number>`0`;
  const sameCategory = post.categoryId ? sql<number>`(${blogPosts.categoryId} = ${post.categoryId})` : sql<number>`0`;
  const rows = await db
    .select()
    .from(blogPosts)
    .where(and(published, ne(blogPosts.id, post.id), sql`(${shared} + ${sameCategory}) > 0`))
    .orderBy(desc(sql`${shared} * 2 + ${sameCategory}`), desc(blogPosts.publishedAt))
    .limit(limit);
  return summarize(rows);
}

export async function getPublishedPost(slug: string, siteOrigin?: string): Promise<PublicPost | null> {
  const [row] = await contentDb()
    .select()
    .from(blogPosts)
    .where(and(eq(blogPosts.slug, slug), published))
    .limit(1);
  if (!row) return null;
  const [[summary], related, images] = await Promise.all([summarize([row]), relatedPosts(row), imagesById([row.ogImageId])]);
  const rendered = renderMarkdown(row.bodyMarkdown, { siteOrigin });
  return {
    ...summary!,
    html: rendered.html,
    headings: rendered.headings,
    seoTitle: row.seoTitle,
    seoDescription: row.seoDescription,
    canonicalUrl: row.canonicalUrl,
    ogImage: row.ogImageId ? (images.get(row.ogImageId) ?? summary!.cover) : summary!.cover,
    noindex: row.noindex,
    related,
  };
}

/** Published posts with their rendered HTML, newest first, for feeds. */
export async function listFeedPosts(limit = 20, siteOrigin?: string): Promise<Array<PostSummary & { html: string }>> {
  const rows = await contentDb().select().from(blogPosts).where(published).orderBy(desc(blogPosts.publishedAt)).limit(limit);
  const summaries = await summarize(rows);
  return summaries.map((s, i) => ({ ...s, html: renderMarkdown(rows[i]!.bodyMarkdown, { siteOrigin }).html }));
}

/* ─── Taxonomy ───────────────────────────────────────────────────────────────────────────────────────────── */

export interface TaxonomyEntry {
  slug: string;
  name: string;
  description: string | null;
  postCount: number;
}

export async function listCategories(): Promise<TaxonomyEntry[]> {
  const db = contentDb();
  const n = sql<number>`(select count(*) from ${blogPosts} where ${blogPosts.categoryId} = ${blogCategories.id} and ${blogPosts.status} = 'published')`;
  return db
    .select({ slug: blogCategories.slug, name: blogCategories.name, description: blogCategories.description, postCount: n })
    .from(blogCategories)
    .orderBy(asc(blogCategories.sortOrder), asc(blogCategories.name));
}

export async function getCategory(slug: string): Promise<TaxonomyEntry | null> {
  return (await listCategories()).find((c) => c.slug === slug) ?? null;
}

export async function getTag(slug: string): Promise<{ slug: string; name: string } | null> {
  const [row] = await contentDb().select({ slug: blogTags.slug, name: blogTags.name }).from(blogTags).where(eq(blogTags.slug, slug)).limit(1);
  return row ?? null;
}

export async function getAuthor(slug: string): Promise<AuthorRef | null> {
  const [row] = await contentDb()
    .select({ slug: blogAuthors.slug, name: blogAuthors.name, title: blogAuthors.title, bio: blogAuthors.bio, avatarUrl: blogAuthors.avatarUrl })
    .from(blogAuthors)
    .where(eq(blogAuthors.slug, slug))
    .limit(1);
  return row ?? null;
}

/* ─── Sitemap ────────────────────────────────────────────────────────────────────────────────────────────── */

export interface SitemapContent {
  pages: Array<{ slug: string; updatedAt: string }>;
  posts: Array<{ slug: string; updatedAt: string; image: string | null }>;
  categories: Array<{ slug: string; updatedAt: string | null }>;
  tags: Array<{ slug: string }>;
  authors: Array<{ slug: string }>;
}

/** Everything public and indexable (noindex pages and posts are left out). */
export async function sitemapContent(): Promise<SitemapContent> {
  const db = contentDb();
  const [pageRows, postRows, categories, tags, authors] = await Promise.all([
    db.select({ slug: pages.slug, updatedAt: pages.updatedAt }).from(pages).where(and(eq(pages.status, "published"), eq(pages.noindex, false))).orderBy(asc(pages.slug)),
    db
      .select({ slug: blogPosts.slug, updatedAt: blogPosts.updatedAt, categoryId: blogPosts.categoryId, coverImageId: blogPosts.coverImageId })
      .from(blogPosts)
      .where(and(published, eq(blogPosts.noindex, false)))
      .orderBy(desc(blogPosts.publishedAt)),
    db.select({ id: blogCategories.id, slug: blogCategories.slug }).from(blogCategories).orderBy(asc(blogCategories.sortOrder)),
    db
      .selectDistinct({ slug: blogTags.slug })
      .from(blogTags)
      .innerJoin(blogPostTags, eq(blogPostTags.tagId, blogTags.id))
      .innerJoin(blogPosts, and(eq(blogPosts.id, blogPostTags.postId), published)),
    db.selectDistinct({ slug: blogAuthors.slug }).from(blogAuthors).innerJoin(blogPosts, and(eq(blogPosts.authorId, blogAuthors.id), published)),
  ]);
  const images = await imagesById(postRows.map((p) => p.coverImageId));
  const latestByCategory = new Map<string, Date>();
  for (const p of postRows) {
    if (!p.categoryId) continue;
    const prev = latestByCategory.get(p.categoryId);
    if (!prev || prev < p.updatedAt) latestByCategory.set(p.categoryId, p.updatedAt);
  }
  return {
    pages: pageRows.map((p) => ({ slug: p.slug, updatedAt: p.updatedAt.toISOString() })),
    posts: postRows.map((p) => ({ slug: p.slug, updatedAt: p.updatedAt.toISOString(), image: p.coverImageId ? (images.get(p.coverImageId)?.url ?? null) : null })),
    categories: categories.filter((c) => latestByCategory.has(c.id)).map((c) => ({ slug: c.slug, updatedAt: iso(latestByCategory.get(c.id)) })),
    tags,
    authors,
  };
}

/* ─── Admin ──────────────────────────────────────────────────────────────────────────────────────────────── */

export interface AdminDocumentRow {
  id: string;
  slug: string;
  title: string;
  status: PublishStatus;
  publishAt: Date | null;
  publishedAt: Date | null;
  updatedAt: Date;
  revision: number;
  /** Posts only. */
  category: string | null;
  author: string | null;
}

export interface AdminListOptions {
  search?: string;
  status?: string;
  page?: number;
  pageSize?: number;
}

export async function listDocumentsAdmin(kind: "page" | "post", options: AdminListOptions = {}): Promise<Paged<AdminDocumentRow>> {
  const db = contentDb();
  const pageSize = Math.min(100, Math.max(1, options.pageSize ?? 25));
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const table = kind === "page" ? pages : (blogPosts as unknown as typeof pages);
  const conditions: SQL[] = [];
  const q = options.search?.trim().replace(/[%_]/g, "");
  if (q) conditions.push(or(like(table.title, `%${q}%`), like(table.slug, `%${q}%`))!);
  if (options.status && (PUBLISH_STATUSES as readonly string[]).includes(options.status)) conditions.push(eq(table.status, options.status as PublishStatus));
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [total]] = await Promise.all([
    db.select().from(table).where(where).orderBy(desc(table.updatedAt), desc(table.id)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ n: count() }).from(table).where(where),
  ]);
  let names = new Map<string, { category: string | null; author: string | null }>();
  if (kind === "post" && rows.length) {
    const joined = await db
      .select({ id: blogPosts.id, category: blogCategories.name, author: blogAuthors.name })
      .from(blogPosts)
      .leftJoin(blogCategories, eq(blogCategories.id, blogPosts.categoryId))
      .leftJoin(blogAuthors, eq(blogAuthors.id, blogPosts.authorId))
      .where(inArray(blogPosts.id, rows.map((r) => r.id)));
    names = new Map(joined.map((j) => [j.id, { category: j.category, author: j.author }]));
  }
  return {
    rows: rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      title: r.title,
      status: r.status,
      publishAt: r.publishAt,
      publishedAt: r.publishedAt,
      updatedAt: r.updatedAt,
      revision: r.revision,
      category: names.get(r.id)?.category ?? null,
      author: names.get(r.id)?.author ?? null,
    })),
    total: total!.n,
    page,
    pageSize,
  };
}

export interface EditableDocument {
  id: string;
  kind: "page" | "post";
  slug: string;
  title: string;
  bodyMarkdown: string;
  status: PublishStatus;
  publishAt: Date | null;
  publishedAt: Date | null;
  seoTitle: string | null;
  seoDescription: string | null;
  canonicalUrl: string | null;
  ogImageId: string | null;
  noindex: boolean;
  revision: number;
  updatedAt: Date;
  excerpt: string | null;
  coverImageId: string | null;
  authorId: string | null;
  categoryId: string | null;
  featured: boolean;
  tags: string[];
}

export async function getDocumentForEdit(kind: "page" | "post", id: string): Promise<EditableDocument | null> {
  const db = contentDb();
  if (kind === "page") {
    const [row] = await db.select().from(pages).where(eq(pages.id, id)).limit(1);
    if (!row) return null;
    return { ...row, kind, excerpt: null, coverImageId: null, authorId: null, categoryId: null, featured: false, tags: [] };
  }
  const [row] = await db.select().from(blogPosts).where(eq(blogPosts.id, id)).limit(1);
  if (!row) return null;
  const tags = await db
    .select({ name: blogTags.name })
    .from(blogPostTags)
    .innerJoin(blogTags, eq(blogTags.id, blogPostTags.tagId))
    .where(eq(blogPostTags.postId, id))
    .orderBy(asc(blogTags.name));
  return { ...row, kind, tags: tags.map((t) => t.name) };
}

export interface RevisionRow {
  revision: number;
  title: string;
  authorId: string | null;
  createdAt: Date;
  characters: number;
}

export async function listRevisions(kind: "page" | "post", id: string): Promise<RevisionRow[]> {
  const db = contentDb();
  if (kind === "page") {
    return db
      .select({ revision: pageRevisions.revision, title: pageRevisions.title, authorId: pageRevisions.authorId, createdAt: pageRevisions.createdAt, characters: sql<number>`length(${pageRevisions.bodyMarkdown})` })
      .from(pageRevisions)
      .where(eq(pageRevisions.pageId, id))
      .orderBy(desc(pageRevisions.revision));
  }
  return db
    .select({ revision: blogPostRevisions.revision, title: blogPostRevisions.title, authorId: blogPostRevisions.authorId, createdAt: blogPostRevisions.createdAt, characters: sql<number>`length(${blogPostRevisions.bodyMarkdown})` })
    .from(blogPostRevisions)
    .where(eq(blogPostRevisions.postId, id))
    .orderBy(desc(blogPostRevisions.revision));
}

export async function listAuthorsAndCategories(): Promise<{ authors: Array<{ id: string; name: string }>; categories: Array<{ id: string; name: string }> }> {
  const db = contentDb();
  const [authors, categories] = await Promise.all([
    db.select({ id: blogAuthors.id, name: blogAuthors.name }).from(blogAuthors).orderBy(asc(blogAuthors.name)),
    db.select({ id: blogCategories.id, name: blogCategories.name }).from(blogCategories).orderBy(asc(blogCategories.sortOrder)),
  ]);
  return { authors, categories };
}
