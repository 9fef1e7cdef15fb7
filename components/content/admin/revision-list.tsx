"use client";
/** Revision history of a page or post, newest first, with restore (confirmed). */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { restoreRevisionAction } from "@/app/admin/content/actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { contentStrings } from "../strings";

const t = contentStrings.admin;

export interface RevisionItem {
  revision: number;
  title: string;
  createdAt: Date;
  characters: number;
}

export function RevisionList({ kind, id, current, revisions }: { kind: "page" | "post"; id: string; current: number; revisions: RevisionItem[] }) {
  const router = useRouter();
  const { toast } = useToast();
  const [pending, setPending] = useState<number | null>(null);
  const action = useServerAction(restoreRevisionAction, {
    onSuccess: () => {
      toast({ title: t.restoredToast(pending ?? 0) });
      setPending(null);
      // The editor is keyed by revision, so the refreshed page remounts it with the restored text.
      router.refresh();
    },
  });
  const fmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  return (
    <section aria-labelledby="revisions-title" className="grid gap-3">
      <div>
        <h2 id="revisions-title" className="text-lg font-semibold text-fg">
          {t.revisions}
        </h2>
        <p className="text-sm text-muted">{t.revisionsHint}</p>
      </div>
      <FormError result={action.result} />
      <ol className="divide-y divide-border rounded-lg border border-border bg-surface">
        {revisions.map((r) => (
          <li key={r.revision} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2.5 text-sm" data-testid="revision-row">
            <div className="min-w-0">
              <span className="font-medium text-fg">#{r.revision}</span> <span className="text-fg">{r.title}</span>
              <div className="text-xs text-muted">
                {fmt.format(r.createdAt)} · {t.characters(r.characters)}
              </div>
            </div>
            {r.revision === current ? (
              <Badge tone="success">{t.current}</Badge>
            ) : (
              <Button size="sm" variant="secondary" onClick={() => setPending(r.revision)} aria-label={`${t.restore} #${r.revision}`}>
                {t.restore}
              </Button>
            )}
          </li>
        ))}
      </ol>
      <ConfirmDialog
        open={pending !== null}
        onClose={() => setPending(null)}
        title={t.restoreTitle(pending ?? 0)}
        description={t.restoreDescription}
        confirmLabel={t.restore}
        tone="primary"
        loading={action.pending}
        onConfirm={() => {
          const data = new FormData();
          data.set("kind", kind);
          data.set("id", id);
          data.set("revision", String(pending));
          action.run(data);
        }}
      />
    </section>
  );
}
