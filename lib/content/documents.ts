import "server-only";
/**
 * Writing pages and blog posts (the two "documents" of the CMS): save with a revision per content change,
 * publish / schedule / unpublish, change the slug with a permanent redirect from the old address, restore an
 * earlier revision. Every change and its audit row commit in one transaction; cached public copies are expired
 * after the commit (lib/content/revalidate.ts).
 *
 * Pages and posts share their publishing columns, so one implementation serves both: `KINDS` names the table,
 * its revision table and its public path.
 */
import { and, eq, inArray, lte, ne, sql } from "drizzle-orm";
import { contentDb } from "@/db/content/client";
import {
  auditLog,
  blogAuthors,
  blogCategories,
  blogPostRevisions,
  blogPosts,
  blogPostTags,
  blogTags,
  media,
  pageRevisions,
  pages,
  slugRedirects,
  type PublishStatus,
  type RevisionSeo,
} from "@/db/content/schema";
import { SYSTEM_ACTOR, writeAudit, type AuditActor } from "@/lib/audit";
import { AppError, notFound, validation } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { readingMinutes } from "@/lib/markdown/content";
import { CONTENT_TAGS } from "./cache-tags";
import { revalidateContent, type ContentChange } from "./revalidate";
import { pageInputSchema, postInputSchema, type PublishIntent } from "./schemas";
import { pagePath, postPath, slugify } from "./slugs";

export type DocumentKind = "page" | "post";
type ContentDb = ReturnType<typeof contentDb>;
type Tx = Parameters<Parameters<ContentDb["transaction"]>[0]>[0];

export const PUBLISH_SCHEDULED_JOB = "content.publish-scheduled";
export const PUBLISH_DUE_SWEEP_JOB = "content.publish-due";

/** Both tables carry the same publishing columns; the page table's type is used to reach them. */
const KINDS = {
  page: { table: pages, path: pagePath, label: "Page", tags: (slug: string) => [CONTENT_TAGS.pages, CONTENT_TAGS.page(slug)] },
  post: {
    table: blogPosts as unknown as typeof pages,
    path: postPath,
    label: "Post",
    tags: (slug: string) => [CONTENT_TAGS.posts, CONTENT_TAGS.post(slug), CONTENT_TAGS.taxonomy],
  },
} as const;

/** Listing pages whose output a document appears in (besides its own). */
const LIST_PATHS: Record<DocumentKind, string[]> = {
  page: ["/sitemap.xml"],
  post: ["/", "/blog", "/blog/feed.xml", "/blog/atom.xml", "/sitemap.xml"],
};

interface Snapshot {
  title: string;
  bodyMarkdown: string;
  excerpt: string | null;
  seo: RevisionSeo;
}

export interface SaveOptions {
  intent?: PublishIntent;
  /** Required for `schedule`. */
  publishAt?: Date | null;
  /** The revision the editor started from; a different current revision means someone else saved meanwhile. */
  expectedRevision?: number | null;
  now?: Date;
}

export interface SavedDocument {
  id: string;
  slug: string;
  status: PublishStatus;
  revision: number;
  publishAt: Date | null;
  publishedAt: Date | null;
  /** The old path now redirecting here, when the slug changed. */
  redirectedFrom: string | null;
}

function seoOf(row: { seoTitle: string | null; seoDescription: string | null; canonicalUrl: string | null; ogImageId: string | null; noindex: boolean }): RevisionSeo {
  return { seoTitle: row.seoTitle, seoDescription: row.seoDescription, canonicalUrl: row.canonicalUrl, ogImageId: row.ogImageId, noindex: row.noindex };
}

function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  return a.title === b.title && a.bodyMarkdown === b.bodyMarkdown && (a.excerpt ?? null) === (b.excerpt ?? null) && JSON.stringify(a.seo) === JSON.stringify(b.seo);
}

async function insertRevision(tx: Tx, kind: DocumentKind, docId: string, revision: number, snap: Snapshot, authorId: string | null) {
  if (kind === "page") {
    await tx.insert(pageRevisions).values({ pageId: docId, revision, title: snap.title, bodyMarkdown: snap.bodyMarkdown, seo: snap.seo, authorId });
  } else {
    await tx.insert(blogPostRevisions).values({ postId: docId, revision, title: snap.title, excerpt: snap.excerpt, bodyMarkdown: snap.bodyMarkdown, seo: snap.seo, authorId });
  }
}

/** Old path → new path, keeping every earlier address one hop from the current one, and freeing a reused path. */
export async function redirectSlug(tx: Tx, fromPath: string, toPath: string) {
  await tx.update(slugRedirects).set({ toPath }).where(eq(slugRedirects.toPath, fromPath));
  await tx.delete(slugRedirects).where(eq(slugRedirects.fromPath, toPath));
  await tx.delete(slugRedirects).where(eq(slugRedirects.fromPath, sql`${slugRedirects.toPath}`));
  await tx
    .insert(slugRedirects)
    .values({ fromPath, toPath, statusCode: 308 })
    .onConflictDoUpdate({ target: slugRedirects.fromPath, set: { toPath, statusCode: 308 } });
}

async function setPostTags(tx: Tx, postId: string, names: string[]) {
  const wanted = new Map<string, string>();
  for (const name of names) {
    const slug = slugify(name);
    if (slug && !wanted.has(slug)) wanted.set(slug, name);
  }
  await tx.delete(blogPostTags).where(eq(blogPostTags.postId, postId));
  if (!wanted.size) return;
  await tx
    .insert(blogTags)
    .values([...wanted].map(([slug, name]) => ({ slug, name })))
    .onConflictDoNothing({ target: blogTags.slug });
  const tagRows = await tx.select({ id: blogTags.id }).from(blogTags).where(inArray(blogTags.slug, [...wanted.keys()]));
  await tx.insert(blogPostTags).values(tagRows.map((t) => ({ postId, tagId: t.id })));
}

async function assertExists(tx: Tx, table: typeof media | typeof blogAuthors | typeof blogCategories, id: string | null, field: string, message: string) {
  if (!id) return;
  const [row] = await tx.select({ id: table.id }).from(table).where(eq(table.id, id)).limit(1);
  if (!row) throw validation({ [field]: [message] });
}

function changeFor(kind: DocumentKind, slugs: string[], extraTags: string[] = []): ContentChange {
  const unique = [...new Set(slugs)];
  return {
    tags: [...new Set([...unique.flatMap((s) => KINDS[kind].tags(s)), ...extraTags])],
    paths: [...new Set([...unique.map((s) => KINDS[kind].path(s)), ...LIST_PATHS[kind]])],
  };
}

/**
 * Creates (id null) or updates a page or post and applies the publishing intent, all in one transaction.
 * A change of title, text, excerpt or SEO fields makes a new revision; the slug, category and tags do not.
 */
export async function saveDocument(kind: DocumentKind, actor: AuditActor, id: string | null, rawInput: unknown, options: SaveOptions = {}): Promise<SavedDocument> {
  const now = options.now ?? new Date();
  const intent = options.intent ?? "save";
  const parsed = kind === "page" ? pageInputSchema.safeParse(rawInput) : postInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "form"] ??= []).push(issue.message);
    throw validation(fieldErrors);
  }
  const input = parsed.data;
  const post = kind === "post" ? (input as import("zod").infer<typeof postInputSchema>) : null;
  if (intent === "schedule" && (!options.publishAt || Number.isNaN(options.publishAt.getTime()) || options.publishAt.getTime() <= now.getTime())) {
    throw validation({ publishAt: ["Choose a date and time in the future."] });
  }
  const { table } = KINDS[kind];

  const result = await contentDb().transaction(async (tx) => {
    const before = id ? (await tx.select().from(table).where(eq(table.id, id)).limit(1))[0] : undefined;
    if (id && !before) throw notFound(`${KINDS[kind].label} not found`);
    if (before && options.expectedRevision != null && before.revision !== options.expectedRevision) {
      throw new AppError("CONFLICT", `Someone saved this ${kind} (revision ${before.revision}) after you opened it. Reload to see their changes; your text is still in the editor.`);
    }
    const [taken] = await tx
      .select({ id: table.id })
      .from(table)
      .where(id ? and(eq(table.slug, input.slug), ne(table.id, id)) : eq(table.slug, input.slug))
      .limit(1);
    if (taken) throw validation({ slug: [`Another ${kind} already uses this slug.`] });
    await assertExists(tx, media, input.ogImageId, "ogImageId", "That image no longer exists; choose another.");
    if (post) {
      await assertExists(tx, media, post.coverImageId, "coverImageId", "That image no longer exists; choose another.");
      await assertExists(tx, blogAuthors, post.authorId, "authorId", "That author no longer exists.");
      await assertExists(tx, blogCategories, post.categoryId, "categoryId", "That category no longer exists.");
    }

    const snapshot: Snapshot = { title: input.title, bodyMarkdown: input.bodyMarkdown, excerpt: post?.excerpt ?? null, seo: seoOf(input) };
    const beforeSnapshot: Snapshot | null = before
      ? { title: before.title, bodyMarkdown: before.bodyMarkdown, excerpt: (before as unknown as { excerpt?: string | null }).excerpt ?? null, seo: seoOf(before) }
      : null;
    const contentChanged = !beforeSnapshot || !sameSnapshot(beforeSnapshot, snapshot);
    const revision = before ? (contentChanged ? before.revision + 1 : before.revision) : 1;

    let status: PublishStatus = before?.status ?? "draft";
    let publishAt = before?.publishAt ?? null;
    let publishedAt = before?.publishedAt ?? null;
    if (intent === "publish") {
      status = "published";
      publishAt = null;
      publishedAt = before?.status === "published" && publishedAt ? publishedAt : now;
    } else if (intent === "schedule") {
      status = "scheduled";
      publishAt = options.publishAt!;
      publishedAt = null;
    } else if (intent === "unpublish") {
      status = "draft";
      publishAt = null;
    }

    const values = {
      slug: input.slug,
      title: input.title,
      bodyMarkdown: input.bodyMarkdown,
      seoTitle: input.seoTitle,
      seoDescription: input.seoDescription,
      canonicalUrl: input.canonicalUrl,
      ogImageId: input.ogImageId,
      noindex: input.noindex,
      status,
      publishAt,
      publishedAt,
      revision,
      updatedBy: actor.id,
      ...(post
        ? {
            excerpt: post.excerpt,
            coverImageId: post.coverImageId,
            authorId: post.authorId,
            categoryId: post.categoryId,
            featured: post.featured,
            readingMinutes: readingMinutes(post.bodyMarkdown),
          }
        : {}),
    } as typeof pages.$inferInsert;

    let docId: string;
    if (before) {
      docId = before.id;
      await tx.update(table).set({ ...values, updatedAt: now }).where(eq(table.id, docId));
    } else {
      const [created] = await tx.insert(table).values(values).returning({ id: table.id });
      docId = created!.id;
    }
    if (contentChanged) await insertRevision(tx, kind, docId, revision, snapshot, actor.id);
    if (post) await setPostTags(tx, docId, post.tags);

    let redirectedFrom: string | null = null;
    if (before && before.slug !== input.slug) {
      redirectedFrom = KINDS[kind].path(before.slug);
      await redirectSlug(tx, redirectedFrom, KINDS[kind].path(input.slug));
    }
    if (intent === "schedule") {
      await enqueue(tx, {
        type: PUBLISH_SCHEDULED_JOB,
        payload: { kind, id: docId },
        runAt: publishAt!,
        uniqueKey: `${PUBLISH_SCHEDULED_JOB}:${kind}:${docId}:${publishAt!.getTime()}`,
      });
    }

    const action = intent === "save" ? (before ? "update" : "create") : intent;
    await writeAudit(tx, auditLog, actor, {
      action: `${kind}.${action}`,
      entityType: kind,
      entityId: docId,
      before: before ? { slug: before.slug, title: before.title, status: before.status, revision: before.revision, publishAt: before.publishAt } : null,
      after: { slug: input.slug, title: input.title, status, revision, publishAt, ...(redirectedFrom ? { redirectedFrom } : {}) },
    });
    return { id: docId, slug: input.slug, status, revision, publishAt, publishedAt, redirectedFrom, oldSlug: before?.slug };
  });

  const { oldSlug, ...saved } = result;
  await revalidateContent(changeFor(kind, [saved.slug, ...(oldSlug ? [oldSlug] : [])], saved.redirectedFrom ? [CONTENT_TAGS.redirects] : []));
  return saved;
}

/** Makes an earlier revision the current text again, as a new revision (history is never rewritten). */
export async function restoreRevision(kind: DocumentKind, actor: AuditActor, id: string, revision: number, options: { now?: Date } = {}): Promise<SavedDocument> {
  const now = options.now ?? new Date();
  const { table } = KINDS[kind];
  const saved = await contentDb().transaction(async (tx) => {
    const [doc] = await tx.select().from(table).where(eq(table.id, id)).limit(1);
    if (!doc) throw notFound(`${KINDS[kind].label} not found`);
    const old =
      kind === "page"
        ? (await tx.select().from(pageRevisions).where(and(eq(pageRevisions.pageId, id), eq(pageRevisions.revision, revision))).limit(1)).map((r) => ({ ...r, excerpt: null }))[0]
        : (await tx.select().from(blogPostRevisions).where(and(eq(blogPostRevisions.postId, id), eq(blogPostRevisions.revision, revision))).limit(1))[0];
    if (!old) throw notFound("Revision not found");
    const seo = old.seo ?? {};
    const snapshot: Snapshot = {
      title: old.title,
      bodyMarkdown: old.bodyMarkdown,
      excerpt: old.excerpt ?? null,
      seo: { seoTitle: seo.seoTitle ?? null, seoDescription: seo.seoDescription ?? null, canonicalUrl: seo.canonicalUrl ?? null, ogImageId: seo.ogImageId ?? null, noindex: seo.noindex ?? false },
    };
    // An image deleted since that revision is dropped rather than restored as a dangling id.
    if (snapshot.seo.ogImageId) {
      const [img] = await tx.select({ id: media.id }).from(media).where(eq(media.id, snapshot.seo.ogImageId)).limit(1);
      if (!img) snapshot.seo.ogImageId = null;
    }
    const next = doc.revision + 1;
    await tx
      .update(table)
      .set({
        title: snapshot.title,
        bodyMarkdown: snapshot.bodyMarkdown,
        ...snapshot.seo,
        ...(kind === "post" ? ({ excerpt: snapshot.excerpt, readingMinutes: readingMinutes(snapshot.bodyMarkdown) } as object) : {}),
        revision: next,
        updatedBy: actor.id,
        updatedAt: now,
      })
      .where(eq(table.id, id));
    await insertRevision(tx, kind, id, next, snapshot, actor.id);
    await writeAudit(tx, auditLog, actor, {
      action: `${kind}.restore`,
      entityType: kind,
      entityId: id,
      before: { revision: doc.revision, title: doc.title },
      after: { revision: next, restoredFrom: revision, title: snapshot.title },
    });
    return { id, slug: doc.slug, status: doc.status, revision: next, publishAt: doc.publishAt, publishedAt: doc.publishedAt, redirectedFrom: null };
  });
  await revalidateContent(changeFor(kind, [saved.slug]));
  return saved;
}

export interface PublishedBySchedule {
  kind: DocumentKind;
  id: string;
  slug: string;
}

/**
 * Publishes scheduled documents whose time has come (`publishAt <= now`), or only the one named. A document
 * rescheduled to a later time, or already published or unpublished, is left alone, so a stale job is harmless.
 */
export async function publishDueDocuments(now: Date, only?: { kind: DocumentKind; id: string }): Promise<PublishedBySchedule[]> {
  const published: PublishedBySchedule[] = [];
  const kinds: DocumentKind[] = only ? [only.kind] : ["page", "post"];
  for (const kind of kinds) {
    const { table } = KINDS[kind];
    const rows = await contentDb().transaction(async (tx) => {
      const due = and(eq(table.status, "scheduled"), lte(table.publishAt, now), only ? eq(table.id, only.id) : undefined);
      const updated = await tx
        .update(table)
        .set({ status: "published", publishedAt: sql`${table.publishAt}`, publishAt: null, updatedAt: now })
        .where(due)
        .returning({ id: table.id, slug: table.slug, publishedAt: table.publishedAt });
      for (const row of updated) {
        await writeAudit(tx, auditLog, SYSTEM_ACTOR, {
          action: `${kind}.publish-scheduled`,
          entityType: kind,
          entityId: row.id,
          after: { status: "published", publishedAt: row.publishedAt },
        });
      }
      return updated;
    });
    for (const row of rows) published.push({ kind, id: row.id, slug: row.slug });
    if (rows.length) await revalidateContent(changeFor(kind, rows.map((r) => r.slug)));
  }
  return published;
}

/** Where an old address now lives, if it was a page or post slug before. */
export async function findRedirect(path: string): Promise<{ toPath: string; statusCode: number } | null> {
  const [row] = await contentDb()
    .select({ toPath: slugRedirects.toPath, statusCode: slugRedirects.statusCode })
    .from(slugRedirects)
    .where(eq(slugRedirects.fromPath, path))
    .limit(1);
  return row ?? null;
}
