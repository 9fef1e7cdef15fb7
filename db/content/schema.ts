/**
 * content: what the public site says. CMS pages and blog posts are Markdown with revisions and scheduled
 * publishing; FAQs, testimonials, navigation and theme tokens are data so a provider can rebrand without code.
 */
import { type AnySQLiteColumn, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { boolean, createdAt, id, json, ref, timestamp, timestamps } from "../columns";
import { auditLogTable, jobEffectsTable, jobsTable } from "../shared-tables";

export const jobs = jobsTable();
export const jobEffects = jobEffectsTable();
export const auditLog = auditLogTable();

export const PUBLISH_STATUSES = ["draft", "scheduled", "published"] as const;
export type PublishStatus = (typeof PUBLISH_STATUSES)[number];

/* ─── Media ──────────────────────────────────────────────────────────────────────────────────────────────── */

export const media = sqliteTable(
  "media",
  {
    id: id(),
    /** Relative to the media storage root. */
    storagePath: text("storage_path").notNull(),
    filename: text("filename").notNull(),
    mimeType: text("mime_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    width: integer("width"),
    height: integer("height"),
    alt: text("alt"),
    sha256: text("sha256").notNull(),
    /** Resized copies (webp) next to the original: width → storage path relative to the media root. */
    variants: json<Array<{ width: number; height: number; path: string; sizeBytes: number }>>("variants").notNull().default([]),
    uploadedBy: ref("uploaded_by"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("media_storage_path_uq").on(t.storagePath),
    index("media_sha256_idx").on(t.sha256),
    index("media_created_idx").on(t.createdAt),
  ],
);

export interface RevisionSeo {
  seoTitle?: string | null;
  seoDescription?: string | null;
  canonicalUrl?: string | null;
  ogImageId?: string | null;
  noindex?: boolean;
}

/* ─── Pages ──────────────────────────────────────────────────────────────────────────────────────────────── */

const seo = () => ({
  seoTitle: text("seo_title"),
  seoDescription: text("seo_description"),
  /** Absolute URL when the page's canonical home is elsewhere; null = its own URL. */
  canonicalUrl: text("canonical_url"),
  ogImageId: text("og_image_id").references(() => media.id, { onDelete: "set null" }),
  noindex: boolean("noindex").notNull().default(false),
});

export const pages = sqliteTable(
  "pages",
  {
    id: id(),
    /** Path below the site root without leading slash, e.g. `about`, `legal/terms`. */
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    bodyMarkdown: text("body_markdown").notNull().default(""),
    status: text("status", { enum: PUBLISH_STATUSES }).notNull().default("draft"),
    /** For `scheduled`: when it goes live. */
    publishAt: timestamp("publish_at"),
    publishedAt: timestamp("published_at"),
    ...seo(),
    /** Current revision number; page_revisions keeps every earlier one. */
    revision: integer("revision").notNull().default(1),
    updatedBy: ref("updated_by"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("pages_slug_uq").on(t.slug), index("pages_status_idx").on(t.status, t.publishAt)],
);

export const pageRevisions = sqliteTable(
  "page_revisions",
  {
    id: id(),
    pageId: text("page_id")
      .notNull()
      .references(() => pages.id, { onDelete: "cascade" }),
    revision: integer("revision").notNull(),
    title: text("title").notNull(),
    bodyMarkdown: text("body_markdown").notNull(),
    seo: json<RevisionSeo>("seo"),
    authorId: ref("author_id"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("page_revisions_uq").on(t.pageId, t.revision)],
);

/** Old URLs keep working after a slug change. */
export const slugRedirects = sqliteTable(
  "slug_redirects",
  {
    id: id(),
    /** Absolute path, e.g. `/blog/old-title`. */
    fromPath: text("from_path").notNull(),
    toPath: text("to_path").notNull(),
    statusCode: integer("status_code").notNull().default(308),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("slug_redirects_from_uq").on(t.fromPath)],
);

/* ─── Blog ───────────────────────────────────────────────────────────────────────────────────────────────── */

export const blogAuthors = sqliteTable(
  "blog_authors",
  {
    id: id(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    title: text("title"),
    bio: text("bio"),
    avatarUrl: text("avatar_url"),
    /** Staff account, when the author is one. */
    userId: ref("user_id"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("blog_authors_slug_uq").on(t.slug)],
);

export const blogCategories = sqliteTable(
  "blog_categories",
  {
    id: id(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    sortOrder: integer("sort_order").notNull().default(0),
    ...timestamps(),
  },
  (t) => [uniqueIndex("blog_categories_slug_uq").on(t.slug)],
);

export const blogTags = sqliteTable(
  "blog_tags",
  {
    id: id(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("blog_tags_slug_uq").on(t.slug)],
);

export const blogPosts = sqliteTable(
  "blog_posts",
  {
    id: id(),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    excerpt: text("excerpt"),
    bodyMarkdown: text("body_markdown").notNull().default(""),
    coverImageId: text("cover_image_id").references(() => media.id, { onDelete: "set null" }),
    authorId: text("author_id").references(() => blogAuthors.id, { onDelete: "set null" }),
    categoryId: text("category_id").references(() => blogCategories.id, { onDelete: "set null" }),
    status: text("status", { enum: PUBLISH_STATUSES }).notNull().default("draft"),
    publishAt: timestamp("publish_at"),
    publishedAt: timestamp("published_at"),
    featured: boolean("featured").notNull().default(false),
    readingMinutes: integer("reading_minutes"),
    ...seo(),
    revision: integer("revision").notNull().default(1),
    updatedBy: ref("updated_by"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("blog_posts_slug_uq").on(t.slug),
    index("blog_posts_status_idx").on(t.status, t.publishedAt),
    index("blog_posts_category_idx").on(t.categoryId, t.status, t.publishedAt),
    index("blog_posts_author_idx").on(t.authorId, t.publishedAt),
    index("blog_posts_schedule_idx").on(t.status, t.publishAt),
  ],
);

export const blogPostRevisions = sqliteTable(
  "blog_post_revisions",
  {
    id: id(),
    postId: text("post_id")
      .notNull()
      .references(() => blogPosts.id, { onDelete: "cascade" }),
    revision: integer("revision").notNull(),
    title: text("title").notNull(),
    excerpt: text("excerpt"),
    bodyMarkdown: text("body_markdown").notNull(),
    /** SEO fields as they were at this revision. */
    seo: json<RevisionSeo>("seo"),
    authorId: ref("author_id"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("blog_post_revisions_uq").on(t.postId, t.revision)],
);

export const blogPostTags = sqliteTable(
  "blog_post_tags",
  {
    postId: text("post_id")
      .notNull()
      .references(() => blogPosts.id, { onDelete: "cascade" }),
    tagId: text("tag_id")
      .notNull()
      .references(() => blogTags.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.postId, t.tagId] }), index("blog_post_tags_tag_idx").on(t.tagId)],
);

/* ─── Site furniture ─────────────────────────────────────────────────────────────────────────────────────── */

export const faqs = sqliteTable(
  "faqs",
  {
    id: id(),
    /** Stable key (anchor link and seed upsert). */
    slug: text("slug").notNull(),
    /** Group heading on the FAQ page, e.g. `VPN`, `Billing`. */
    category: text("category").notNull(),
    question: text("question").notNull(),
    answerMarkdown: text("answer_markdown").notNull(),
    sortOrder: integer("sort_order").notNull().default(0),
    published: boolean("published").notNull().default(true),
    ...timestamps(),
  },
  (t) => [uniqueIndex("faqs_slug_uq").on(t.slug), index("faqs_category_idx").on(t.published, t.category, t.sortOrder)],
);

export const testimonials = sqliteTable(
  "testimonials",
  {
    id: id(),
    slug: text("slug").notNull(),
    authorName: text("author_name").notNull(),
    authorTitle: text("author_title"),
    company: text("company"),
    quote: text("quote").notNull(),
    /** 1–5 stars. */
    rating: integer("rating").notNull().default(5),
    avatarUrl: text("avatar_url"),
    sortOrder: integer("sort_order").notNull().default(0),
    published: boolean("published").notNull().default(true),
    ...timestamps(),
  },
  (t) => [uniqueIndex("testimonials_slug_uq").on(t.slug), index("testimonials_published_idx").on(t.published, t.sortOrder)],
);

export const NAV_MENUS = ["header", "footer"] as const;

/** Menus as data. Footer columns are parent items (no href) with children. */
export const navigationItems = sqliteTable(
  "navigation_items",
  {
    id: id(),
    /** Stable key, e.g. `header.pricing`, `footer.legal.terms`. */
    key: text("key").notNull(),
    menu: text("menu", { enum: NAV_MENUS }).notNull(),
    parentId: text("parent_id").references((): AnySQLiteColumn => navigationItems.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    href: text("href"),
    external: boolean("external").notNull().default(false),
    sortOrder: integer("sort_order").notNull().default(0),
    visible: boolean("visible").notNull().default(true),
    ...timestamps(),
  },
  (t) => [uniqueIndex("navigation_items_key_uq").on(t.key), index("navigation_items_menu_idx").on(t.menu, t.parentId, t.sortOrder)],
);

/**
 * Design tokens that override the CSS variables of app/globals.css. `key` is the variable name without the
 * leading dashes (`color-brand` → `--color-brand`, `radius`, `font-sans`); a `dark.` prefix gives the dark-scheme
 * value (`dark.color-brand`).
 */
export const themeTokens = sqliteTable("theme_tokens", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  /** colors, typography, radius, spacing. */
  category: text("category").notNull(),
  description: text("description"),
  updatedBy: ref("updated_by"),
  ...timestamps(),
});

/* ─── Forms ──────────────────────────────────────────────────────────────────────────────────────────────── */

export interface FormField {
  name: string;
  label: string;
  type: "text" | "email" | "textarea" | "select" | "checkbox";
  required?: boolean;
  options?: string[];
}

export const forms = sqliteTable(
  "forms",
  {
    id: id(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    fields: json<FormField[]>("fields").notNull().default([]),
    /** Where new submissions are announced. */
    notifyEmail: text("notify_email"),
    active: boolean("active").notNull().default(true),
    ...timestamps(),
  },
  (t) => [uniqueIndex("forms_slug_uq").on(t.slug)],
);

export const formSubmissions = sqliteTable(
  "form_submissions",
  {
    id: id(),
    formId: text("form_id")
      .notNull()
      .references(() => forms.id, { onDelete: "cascade" }),
    data: json<Record<string, unknown>>("data").notNull(),
    email: text("email"),
    userId: ref("user_id"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    status: text("status", { enum: ["new", "read", "archived", "spam"] }).notNull().default("new"),
    createdAt: createdAt(),
  },
  (t) => [index("form_submissions_form_idx").on(t.formId, t.createdAt), index("form_submissions_status_idx").on(t.status, t.createdAt)],
);
