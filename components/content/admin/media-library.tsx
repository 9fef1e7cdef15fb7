"use client";
/** Media library: upload, copy the Markdown for an image, edit its alt text, delete it (confirmed). */
import { Copy, Trash2, Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { deleteMediaAction, updateMediaAltAction } from "@/app/admin/content/actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { contentStrings } from "../strings";

const t = contentStrings.admin;

export interface LibraryItem {
  id: string;
  filename: string;
  url: string;
  displayUrl: string;
  alt: string | null;
  width: number | null;
  height: number | null;
  sizeBytes: number;
  thumbUrl: string;
}

function AltForm({ item }: { item: LibraryItem }) {
  const { toast } = useToast();
  const form = useServerAction(updateMediaAltAction, { onSuccess: () => toast({ title: t.altSaved }) });
  return (
    <form onSubmit={form.onSubmit} className="grid gap-1">
      <input type="hidden" name="id" value={item.id} />
      <label htmlFor={`alt-${item.id}`} className="text-xs font-medium text-muted">
        {t.altLabel}
      </label>
      <div className="flex gap-2">
        <Input id={`alt-${item.id}`} name="alt" defaultValue={item.alt ?? ""} maxLength={300} className="h-8 text-sm" />
        <Button type="submit" size="sm" variant="secondary" loading={form.pending}>
          {t.saveAlt}
        </Button>
      </div>
      <FormError result={form.result} />
    </form>
  );
}

export function MediaLibrary({ items, canDelete }: { items: LibraryItem[]; canDelete: boolean }) {
  const router = useRouter();
  const { toast } = useToast();
  const fileRef = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<LibraryItem | null>(null);
  const del = useServerAction(deleteMediaAction, {
    onSuccess: () => {
      toast({ title: t.deletedToast });
      setDeleting(null);
      router.refresh();
    },
  });

  const upload = async (file: File) => {
    setError(null);
    setUploading(true);
    try {
      const data = new FormData();
      data.set("file", file);
      const response = await fetch("/api/admin/media", { method: "POST", body: data });
      const json = (await response.json().catch(() => null)) as { ok?: boolean; data?: { filename: string }; error?: { message?: string; fieldErrors?: Record<string, string[]> } } | null;
      if (!response.ok || !json?.ok) {
        setError(json?.error?.fieldErrors?.file?.[0] ?? json?.error?.message ?? contentStrings.editor.uploadFailed);
        return;
      }
      toast({ title: contentStrings.editor.uploadedToast(json.data!.filename) });
      router.refresh();
    } finally {
      setUploading(false);
      if (fileRef.current) fileRef.current.value = "";
    }
  };

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <input
          ref={fileRef}
          id="media-upload"
          type="file"
          accept="image/jpeg,image/png,image/webp,image/gif"
          className="sr-only"
          aria-label={t.uploadImage}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void upload(file);
          }}
        />
        <Button icon={<Upload aria-hidden="true" className="size-4" />} loading={uploading} onClick={() => fileRef.current?.click()}>
          {t.uploadImage}
        </Button>
      </div>
      {error && (
        <Alert tone="danger" live>
          {error}
        </Alert>
      )}
      {items.length === 0 ? (
        <EmptyState title={t.noMedia} description={t.noMediaHint} />
      ) : (
        <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-4">
          {items.map((item) => (
            <li key={item.id} className="grid content-start gap-3 rounded-lg border border-border bg-surface p-3" data-testid="media-item">
              {/* eslint-disable-next-line @next/next/no-img-element -- our own resized copy */}
              <img src={item.thumbUrl} alt={item.alt ?? ""} width={item.width ?? undefined} height={item.height ?? undefined} loading="lazy" className="aspect-video w-full rounded-md bg-surface-muted object-contain" />
              <div className="min-w-0 text-sm">
                <p className="truncate font-medium text-fg" title={item.filename}>
                  {item.filename}
                </p>
                <p className="text-xs text-muted">
                  {item.width}×{item.height} · {(item.sizeBytes / 1024).toFixed(0)} KB
                </p>
              </div>
              <AltForm item={item} />
              <div className="flex flex-wrap gap-2">
                <Button
                  size="sm"
                  variant="secondary"
                  icon={<Copy aria-hidden="true" className="size-4" />}
                  onClick={() => {
                    void navigator.clipboard?.writeText(`![${item.alt ?? ""}](${item.displayUrl})`);
                    toast({ title: "Markdown copied" });
                  }}
                >
                  {t.copyMarkdown}
                </Button>
                {canDelete && (
                  <Button size="sm" variant="ghost" icon={<Trash2 aria-hidden="true" className="size-4" />} onClick={() => setDeleting(item)} aria-label={`${t.delete} ${item.filename}`}>
                    {t.delete}
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <FormError result={del.result} />
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t.deleteTitle(deleting?.filename ?? "")}
        description={t.deleteDescription}
        confirmLabel={t.delete}
        loading={del.pending}
        onConfirm={() => {
          const data = new FormData();
          data.set("id", deleting!.id);
          del.run(data);
        }}
      />
    </div>
  );
}
