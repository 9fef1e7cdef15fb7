import "server-only";
/** Editor input for pages and posts; the same rules the admin forms show as you type. */
import { z } from "zod";
import { pageSlugSchema, slugSchema } from "./slugs";

const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);
const optionalText = (max: number, message?: string) =>
  z.preprocess(blankToNull, z.string().trim().max(max, message ?? `Keep it under ${max} characters.`).nullable().optional()).transform((v) => v ?? null);
const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean());
const optionalId = z.preprocess(blankToNull, z.string().trim().max(64).nullable().optional()).transform((v) => v ?? null);

const canonicalUrl = z
  .preprocess(blankToNull, z.url({ protocol: /^https?$/, error: "Enter a full URL starting with https://" }).max(500).nullable().optional())
  .transform((v) => v ?? null);

const common = {
  title: z.string().trim().min(1, "Enter a title.").max(200, "Keep the title under 200 characters."),
  bodyMarkdown: z.string().max(200_000, "The text is too long (200,000 characters at most).").default(""),
  seoTitle: optionalText(70, "Search engines cut titles after about 60 characters; keep it under 70."),
  seoDescription: optionalText(200, "Keep the description under 200 characters (about 155 are shown)."),
  canonicalUrl,
  ogImageId: optionalId,
  noindex: checkbox.default(false),
};

export const pageInputSchema = z.object({ ...common, slug: pageSlugSchema });
export type PageInput = z.input<typeof pageInputSchema>;

export const postInputSchema = z.object({
  ...common,
  slug: slugSchema,
  excerpt: optionalText(500),
  coverImageId: optionalId,
  authorId: optionalId,
  categoryId: optionalId,
  featured: checkbox.default(false),
  /** Comma-separated tag names; unknown ones are created. */
  tags: z
    .union([z.string(), z.array(z.string())])
    .default("")
    .transform((v) => (Array.isArray(v) ? v : v.split(","))
      .map((t) => t.trim())
      .filter(Boolean))
    .pipe(z.array(z.string().max(40, "Keep each tag under 40 characters.")).max(12, "Use at most 12 tags.")),
});
export type PostInput = z.input<typeof postInputSchema>;

export const PUBLISH_INTENTS = ["save", "publish", "schedule", "unpublish"] as const;
export type PublishIntent = (typeof PUBLISH_INTENTS)[number];
