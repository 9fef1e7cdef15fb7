"use client";
/**
 * The CMS editor for a page or a blog post: Markdown on the left, the live preview (rendered and sanitized on
 * the server by the same code as the public page) on the right, publishing, details and SEO in the sidebar.
 * Images are uploaded to the media library and inserted as Markdown at the cursor.
 */
import { ImagePlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { previewMarkdownAction, saveDocumentAction } from "@/app/admin/content/actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Alert } from "@/components/ui/alert";
import { StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";
import { Prose } from "../prose";
import { contentStrings as t } from "../strings";

export interface EditorDocument {
  id: string;
  slug: string;
  title: string;
  bodyMarkdown: string;
  status: "draft" | "scheduled" | "published";
  publishAt: Date | null;
  publishedAt: Date | null;
  seoTitle: string | null;
  seoDescription: string | null;
  canonicalUrl: string | null;
  ogImageId: string | null;
  noindex: boolean;
  revision: number;
  excerpt: string | null;
  coverImageId: string | null;
  authorId: string | null;
  categoryId: string | null;
  featured: boolean;
  tags: string[];
}

export interface MediaOption {
  id: string;
  filename: string;
}

export interface DocumentEditorProps {
  kind: "page" | "post";
  doc: EditorDocument | null;
  authors: Array<{ id: string; name: string }>;
  categories: Array<{ id: string; name: string }>;
  media: MediaOption[];
  canPublish: boolean;
  /** Public address before the slug: "/" for pages, "/blog/" for posts. */
  publicPrefix: string;
  /** The saved text rendered on the server, so the preview is there before the first keystroke. */
  initialPreviewHtml: string;
}

function clientSlugify(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 120);
}

/** yyyy-MM-ddTHH:mm:ss in the browser's time zone, for datetime-local. */
function toLocalInput(date: Date | null): string {
  if (!date) return "";
  const d = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 19);
}

const formatWhen = (d: Date | null) => (d ? new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(d) : "");

export function DocumentEditor({ kind, doc, authors, categories, media, canPublish, publicPrefix, initialPreviewHtml }: DocumentEditorProps) {
  const publicPath = (s: string) => `${publicPrefix}${s}`;
  const router = useRouter();
  const { toast } = useToast();
  const [title, setTitle] = useState(doc?.title ?? "");
  const [slug, setSlug] = useState(doc?.slug ?? "");
  const [slugTouched, setSlugTouched] = useState(Boolean(doc));
  const [body, setBody] = useState(doc?.bodyMarkdown ?? "");
  const [preview, setPreview] = useState<string>(initialPreviewHtml);
  const renderedBody = useRef(doc?.bodyMarkdown ?? "");
  const [previewState, setPreviewState] = useState<"idle" | "loading" | "error">("idle");
  const [status, setStatus] = useState(doc?.status ?? "draft");
  const [revision, setRevision] = useState(doc?.revision ?? 0);
  const [publishAt, setPublishAt] = useState<Date | null>(doc?.publishAt ?? null);
  const [scheduleAt, setScheduleAt] = useState(toLocalInput(doc?.publishAt ?? null));
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [mediaOptions, setMediaOptions] = useState(media);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const form = useServerAction(saveDocumentAction, {
    onSuccess: (saved) => {
      setStatus(saved.status);
      setRevision(saved.revision);
      setPublishAt(saved.publishAt);
      const message =
        saved.status === "published" ? t.editor.publishedToast : saved.status === "scheduled" ? t.editor.scheduledToast(formatWhen(saved.publishAt)) : t.editor.savedToast;
      toast({ title: message, description: saved.redirectedFrom ? t.editor.redirectToast(saved.redirectedFrom) : undefined });
      if (!doc) router.replace(`/admin/content/${kind}s/${saved.id}`);
      else router.refresh();
    },
  });

  // Live preview, debounced; the newest request wins.
  useEffect(() => {
    if (body === renderedBody.current) return;
    let current = true;
    const handle = setTimeout(async () => {
      setPreviewState("loading");
      const data = new FormData();
      data.set("markdown", body);
      const result = await previewMarkdownAction(data);
      if (!current) return;
      if (result.ok) {
        renderedBody.current = body;
        setPreview(result.data.html);
        setPreviewState("idle");
      } else setPreviewState("error");
    }, 350);
    return () => {
      current = false;
      clearTimeout(handle);
    };
  }, [body]);

  const insertAtCursor = (text: string) => {
    const el = bodyRef.current;
    const start = el?.selectionStart ?? body.length;
    const end = el?.selectionEnd ?? body.length;
    const before = body.slice(0, start);
    const pad = before && !before.endsWith("\n") ? "\n\n" : "";
    const next = `${before}${pad}${text}\n${body.slice(end)}`;
    setBody(next);
    requestAnimationFrame(() => {
      el?.focus();
      const pos = before.length + pad.length + text.length + 1;
      el?.setSelectionRange(pos, pos);
    });
  };

  const upload = async (file: File) => {
    setUploadError(null);
    setUploading(true);
    try {
      const data = new FormData();
      data.set("file", file);
      const alt = file.name.replace(/\.[^.]+$/, "").replace(/[-_]+/g, " ").trim();
      data.set("alt", alt);
      const response = await fetch("/api/admin/media", { method: "POST", body: data });
      const json = (await response.json().catch(() => null)) as
        | { ok: true; data: { id: string; filename: string; displayUrl: string } }
        | { error?: { message?: string; fieldErrors?: Record<string, string[]> } }
        | null;
      if (!response.ok || !json || !("ok" in json)) {
        const err = json && "error" in json ? json.error : undefined;
        setUploadError(err?.fieldErrors?.file?.[0] ?? err?.message ?? t.editor.uploadFailed);
        return;
      }
      insertAtCursor(`![${alt.replace(/[[\]]/g, "")}](${json.data.displayUrl})`);
      setMediaOptions((m) => [{ id: json.data.id, filename: json.data.filename }, ...m]);
      toast({ title: t.editor.uploadedToast(json.data.filename) });
    } catch {
      setUploadError(t.editor.uploadFailed);
    } finally {
      setUploading(false);
      if (fileRef.current) fileRef.current.value = "";
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const data = new FormData(event.currentTarget);
    const intent = submitter?.value ?? "save";
    data.set("intent", intent);
    if (intent === "schedule") data.set("publishAt", scheduleAt ? new Date(scheduleAt).toISOString() : "");
    form.run(data);
  };

  const mediaSelect = mediaOptions.map((m) => ({ value: m.id, label: m.filename }));
  const live = status !== "draft";

  return (
    <form onSubmit={onSubmit} noValidate className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
      <input type="hidden" name="kind" value={kind} />
      {doc && <input type="hidden" name="id" value={doc.id} />}
      {doc && <input type="hidden" name="expectedRevision" value={revision} />}

      <div className="grid min-w-0 content-start gap-4">
        <FormError result={form.result} />
        <FormField label={t.editor.title} name="title" error={form.fieldError("title")} required>
          <Input
            name="title"
            value={title}
            maxLength={200}
            onChange={(e) => {
              setTitle(e.target.value);
              if (!slugTouched) setSlug(clientSlugify(e.target.value));
            }}
          />
        </FormField>
        <FormField label={t.editor.slug} name="slug" hint={t.editor.slugHint(publicPath(slug || "…"))} error={form.fieldError("slug")} required>
          <Input
            name="slug"
            value={slug}
            maxLength={120}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => {
              setSlugTouched(true);
              setSlug(e.target.value);
            }}
          />
        </FormField>

        <div className="grid min-w-0 gap-4 lg:grid-cols-2">
          <div className="grid min-w-0 content-start gap-2">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <label htmlFor="field-bodyMarkdown" className="text-sm font-medium text-fg">
                {t.editor.body}
              </label>
              <input
                ref={fileRef}
                id="editor-image-upload"
                type="file"
                accept="image/jpeg,image/png,image/webp,image/gif"
                className="sr-only"
                aria-label={t.editor.uploadImage}
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) void upload(file);
                }}
              />
              <Button type="button" variant="secondary" size="sm" icon={<ImagePlus aria-hidden="true" className="size-4" />} loading={uploading} onClick={() => fileRef.current?.click()}>
                {t.editor.uploadImage}
              </Button>
            </div>
            {uploadError && (
              <Alert tone="danger" live>
                {uploadError}
              </Alert>
            )}
            <Textarea
              ref={bodyRef}
              id="field-bodyMarkdown"
              name="bodyMarkdown"
              value={body}
              onChange={(e) => setBody(e.target.value)}
              rows={24}
              spellCheck
              aria-describedby="body-hint"
              aria-invalid={form.fieldError("bodyMarkdown") ? true : undefined}
              className="font-mono text-sm"
            />
            <p id="body-hint" className="text-sm text-muted">
              {t.editor.bodyHint}
            </p>
            {form.fieldError("bodyMarkdown") && <p className="text-sm font-medium text-danger">{form.fieldError("bodyMarkdown")}</p>}
          </div>
          <section aria-labelledby="preview-title" className="grid min-w-0 content-start gap-2">
            <div className="flex items-center justify-between gap-2">
              <h2 id="preview-title" className="text-sm font-medium text-fg">
                {t.editor.preview}
              </h2>
              <span className="text-xs text-muted" aria-live="polite">
                {previewState === "loading" ? t.editor.previewUpdating : previewState === "error" ? t.editor.previewFailed : ""}
              </span>
            </div>
            <div data-testid="markdown-preview" className="min-h-96 rounded-lg border border-border bg-surface p-4 sm:p-6">
              {body.trim() ? <Prose html={preview} /> : <p className="text-sm text-muted">{t.editor.previewEmpty}</p>}
            </div>
          </section>
        </div>
      </div>

      <aside className="grid content-start gap-4" aria-label={t.editor.sidebar}>
        <Card>
          <CardHeader>
            <CardTitle className="flex items-center justify-between gap-2 text-base">
              {t.editor.publishing}
              <StatusBadge status={status} data-testid="document-status" />
            </CardTitle>
          </CardHeader>
          <CardContent className="grid gap-3">
            <p className="text-sm text-muted">
              {status === "published" && doc?.publishedAt ? t.editor.publishedOn(formatWhen(doc.publishedAt)) : null}
              {status === "scheduled" && publishAt ? t.editor.scheduledFor(formatWhen(publishAt)) : null}
              {status === "draft" ? t.editor.draftNote : null}
              {doc ? ` ${t.editor.revision(revision)}` : null}
            </p>
            {live && doc && (
              <a href={publicPath(doc.slug)} target="_blank" rel="noreferrer" className="text-sm font-medium text-brand hover:underline">
                {t.editor.view}
              </a>
            )}
            <Button type="submit" name="intent" value="save" variant="secondary" loading={form.pending} fullWidth>
              {live ? t.editor.saveLive : t.editor.saveDraft}
            </Button>
            {canPublish ? (
              <>
                <Button type="submit" name="intent" value="publish" fullWidth disabled={form.pending}>
                  {status === "published" ? t.editor.update : t.editor.publishNow}
                </Button>
                <div className="grid gap-2 border-t border-border pt-3">
                  <FormField label={t.editor.scheduleAt} id="field-scheduleAt" hint={t.editor.scheduleHint} error={form.fieldError("publishAt")}>
                    <Input type="datetime-local" step={1} value={scheduleAt} onChange={(e) => setScheduleAt(e.target.value)} />
                  </FormField>
                  <Button type="submit" name="intent" value="schedule" variant="secondary" fullWidth disabled={form.pending}>
                    {t.editor.schedule}
                  </Button>
                </div>
                {live && (
                  <Button type="submit" name="intent" value="unpublish" variant="ghost" fullWidth disabled={form.pending}>
                    {t.editor.unpublish}
                  </Button>
                )}
              </>
            ) : (
              <p className="text-sm text-muted">{t.editor.noPublishPermission}</p>
            )}
          </CardContent>
        </Card>

        {kind === "post" && (
          <Card>
            <CardHeader>
              <CardTitle className="text-base">{t.editor.details}</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-3">
              <FormField label={t.editor.excerpt} name="excerpt" hint={t.editor.excerptHint} error={form.fieldError("excerpt")} optional>
                <Textarea name="excerpt" defaultValue={doc?.excerpt ?? ""} rows={3} maxLength={500} />
              </FormField>
              <FormField label={t.editor.author} name="authorId" error={form.fieldError("authorId")}>
                <Select name="authorId" defaultValue={doc?.authorId ?? authors[0]?.id ?? ""} options={[{ value: "", label: t.editor.none }, ...authors.map((a) => ({ value: a.id, label: a.name }))]} />
              </FormField>
              <FormField label={t.editor.category} name="categoryId" error={form.fieldError("categoryId")}>
                <Select name="categoryId" defaultValue={doc?.categoryId ?? ""} options={[{ value: "", label: t.editor.none }, ...categories.map((c) => ({ value: c.id, label: c.name }))]} />
              </FormField>
              <FormField label={t.editor.tags} name="tags" hint={t.editor.tagsHint} error={form.fieldError("tags")} optional>
                <Input name="tags" defaultValue={doc?.tags.join(", ") ?? ""} autoComplete="off" />
              </FormField>
              <FormField label={t.editor.cover} name="coverImageId" error={form.fieldError("coverImageId")} optional>
                <Select name="coverImageId" defaultValue={doc?.coverImageId ?? ""} options={[{ value: "", label: t.editor.none }, ...mediaSelect]} />
              </FormField>
              <Checkbox name="featured" label={t.editor.featured} description={t.editor.featuredHint} defaultChecked={doc?.featured ?? false} />
            </CardContent>
          </Card>
        )}

        <Card>
          <CardHeader>
            <CardTitle className="text-base">{t.editor.seo}</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-3">
            <FormField label={t.editor.seoTitle} name="seoTitle" hint={t.editor.seoTitleHint} error={form.fieldError("seoTitle")} optional>
              <Input name="seoTitle" defaultValue={doc?.seoTitle ?? ""} maxLength={70} />
            </FormField>
            <FormField label={t.editor.seoDescription} name="seoDescription" hint={t.editor.seoDescriptionHint} error={form.fieldError("seoDescription")} optional>
              <Textarea name="seoDescription" defaultValue={doc?.seoDescription ?? ""} rows={3} maxLength={200} />
            </FormField>
            <FormField label={t.editor.canonical} name="canonicalUrl" hint={t.editor.canonicalHint} error={form.fieldError("canonicalUrl")} optional>
              <Input name="canonicalUrl" type="url" defaultValue={doc?.canonicalUrl ?? ""} placeholder="https://" />
            </FormField>
            <FormField label={t.editor.ogImage} name="ogImageId" hint={t.editor.ogImageHint(kind)} error={form.fieldError("ogImageId")} optional>
              <Select name="ogImageId" defaultValue={doc?.ogImageId ?? ""} options={[{ value: "", label: t.editor.none }, ...mediaSelect]} />
            </FormField>
            <Checkbox name="noindex" label={t.editor.noindex} description={t.editor.noindexHint} defaultChecked={doc?.noindex ?? false} />
          </CardContent>
        </Card>
      </aside>
    </form>
  );
}
