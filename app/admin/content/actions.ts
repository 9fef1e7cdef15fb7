"use server";
/**
 * CMS actions. Writing drafts needs content.write; anything that changes what the public sees (publish,
 * schedule, unpublish, editing or restoring a published or scheduled page/post) needs content.publish too.
 * The services audit in the same transaction and expire cached public copies after the commit.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseForm, runAction } from "@/lib/actions";
import { auditActorFor, authorizeStaff } from "@/lib/auth/guards";
import { restoreRevision, saveDocument, type DocumentKind } from "@/lib/content/documents";
import { deleteMedia, updateMediaAlt } from "@/lib/content/media";
import { getDocumentForEdit } from "@/lib/content/queries";
import { PUBLISH_INTENTS } from "@/lib/content/schemas";
import { saveTaxonomy } from "@/lib/content/taxonomy";
import { siteOrigin } from "@/lib/content/site-url";
import { notFound, validation } from "@/lib/errors";
import { renderMarkdown } from "@/lib/markdown/content";

const kindSchema = z.enum(["page", "post"]);
const adminPath = (kind: DocumentKind) => (kind === "page" ? "/admin/content/pages" : "/admin/content/posts");

/** After content.write: publishing, or touching what is already public, also needs content.publish. */
async function authorizePublishingIfNeeded(kind: DocumentKind, id: string | null, publishing: boolean) {
  let live = false;
  if (id) {
    const doc = await getDocumentForEdit(kind, id);
    if (!doc) throw notFound(kind === "page" ? "Page not found" : "Post not found");
    live = doc.status !== "draft";
  }
  if (publishing || live) await authorizeStaff("content.publish");
}

export async function saveDocumentAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("content.write");
    const meta = parseForm(
      z.object({
        kind: kindSchema,
        id: z.string().trim().max(64).optional().transform((v) => v || null),
        intent: z.enum(PUBLISH_INTENTS).default("save"),
        publishAt: z.string().trim().optional(),
        expectedRevision: z.coerce.number().int().nonnegative().optional(),
      }),
      {
        kind: formData.get("kind"),
        id: formData.get("id") ?? undefined,
        intent: formData.get("intent") ?? undefined,
        publishAt: formData.get("publishAt") ?? undefined,
        expectedRevision: formData.get("expectedRevision") || undefined,
      },
    );
    await authorizePublishingIfNeeded(meta.kind, meta.id, meta.intent !== "save");
    let publishAt: Date | null = null;
    if (meta.intent === "schedule") {
      publishAt = meta.publishAt ? new Date(meta.publishAt) : null;
      if (!publishAt || Number.isNaN(publishAt.getTime())) throw validation({ publishAt: ["Choose a date and time in the future."] });
    }
    const input = { ...Object.fromEntries(formData), tags: String(formData.get("tags") ?? "") };
    const saved = await saveDocument(meta.kind, await auditActorFor(actor), meta.id, input, {
      intent: meta.intent,
      publishAt,
      expectedRevision: meta.expectedRevision ?? null,
    });
    revalidatePath(adminPath(meta.kind));
    return saved;
  });
}

export async function restoreRevisionAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("content.write");
    const input = parseForm(z.object({ kind: kindSchema, id: z.string().trim().min(1).max(64), revision: z.coerce.number().int().positive() }), formData);
    await authorizePublishingIfNeeded(input.kind, input.id, false);
    const saved = await restoreRevision(input.kind, await auditActorFor(actor), input.id, input.revision);
    revalidatePath(`${adminPath(input.kind)}/${input.id}`);
    return saved;
  });
}

/** The live preview: the same renderer and sanitizer as the public page. */
export async function previewMarkdownAction(formData: FormData) {
  return runAction(async () => {
    await authorizeStaff("content.write");
    const { markdown } = parseForm(z.object({ markdown: z.string().max(200_000) }), formData);
    return renderMarkdown(markdown, { siteOrigin: siteOrigin() });
  });
}

export async function updateMediaAltAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("content.write");
    const input = parseForm(z.object({ id: z.string().trim().min(1).max(64), alt: z.string().max(300) }), formData);
    await updateMediaAlt(await auditActorFor(actor), input.id, input.alt);
    revalidatePath("/admin/content/media");
  });
}

export async function deleteMediaAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("content.publish");
    const input = parseForm(z.object({ id: z.string().trim().min(1).max(64) }), formData);
    await deleteMedia(await auditActorFor(actor), input.id);
    revalidatePath("/admin/content/media");
  });
}

/** Categories and authors are public as soon as they are saved: content.publish. */
export async function saveTaxonomyAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("content.publish");
    const meta = parseForm(z.object({ kind: z.enum(["category", "author"]), id: z.string().trim().max(64).optional().transform((v) => v || null) }), {
      kind: formData.get("kind"),
      id: formData.get("id") ?? undefined,
    });
    const saved = await saveTaxonomy(meta.kind, await auditActorFor(actor), meta.id, Object.fromEntries(formData));
    revalidatePath("/admin/content/blog-settings");
    return saved;
  });
}
