"use client";
/** Categories and authors: each row opens its edit form in place; a form at the end adds a new one. */
import { useRouter } from "next/navigation";
import { saveTaxonomyAction } from "@/app/admin/content/actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";

export interface TaxonomyItem {
  id: string;
  slug: string;
  name: string;
  detail: string | null;
  extra: Record<string, string | number | null>;
  posts: number;
}

const str = (v: string | number | null | undefined) => (v == null ? "" : String(v));

function ItemForm({ kind, item, onDone }: { kind: "category" | "author"; item?: TaxonomyItem; onDone?: () => void }) {
  const router = useRouter();
  const { toast } = useToast();
  const form = useServerAction(saveTaxonomyAction, {
    onSuccess: (_data, el) => {
      toast({ title: item ? "Saved" : kind === "category" ? "Category added" : "Author added" });
      if (!item) el?.reset();
      onDone?.();
      router.refresh();
    },
  });
  const p = `${kind}-${item?.id ?? "new"}`;
  return (
    <form onSubmit={form.onSubmit} noValidate className="grid gap-3 sm:grid-cols-2">
      <input type="hidden" name="kind" value={kind} />
      {item && <input type="hidden" name="id" value={item.id} />}
      <div className="sm:col-span-2">
        <FormError result={form.result} />
      </div>
      <FormField label="Name" id={`${p}-name`} name="name" error={form.fieldError("name")} required>
        <Input name="name" defaultValue={item?.name} maxLength={80} />
      </FormField>
      <FormField label="Slug" id={`${p}-slug`} name="slug" hint={`Address: /blog/${kind}/…`} error={form.fieldError("slug")} required>
        <Input name="slug" defaultValue={item?.slug} maxLength={120} autoComplete="off" />
      </FormField>
      {kind === "category" ? (
        <>
          <FormField label="Description" id={`${p}-description`} name="description" error={form.fieldError("description")} optional className="sm:col-span-2">
            <Textarea name="description" defaultValue={str(item?.extra.description)} rows={2} maxLength={300} />
          </FormField>
          <FormField label="Order" id={`${p}-sortOrder`} name="sortOrder" hint="Lower comes first." error={form.fieldError("sortOrder")}>
            <Input name="sortOrder" type="number" min={0} defaultValue={str(item?.extra.sortOrder ?? 0)} />
          </FormField>
        </>
      ) : (
        <>
          <FormField label="Job title" id={`${p}-title`} name="title" error={form.fieldError("title")} optional>
            <Input name="title" defaultValue={str(item?.extra.title)} maxLength={80} />
          </FormField>
          <FormField label="Avatar URL" id={`${p}-avatarUrl`} name="avatarUrl" error={form.fieldError("avatarUrl")} optional>
            <Input name="avatarUrl" type="url" defaultValue={str(item?.extra.avatarUrl)} placeholder="https://" />
          </FormField>
          <FormField label="Bio" id={`${p}-bio`} name="bio" error={form.fieldError("bio")} optional className="sm:col-span-2">
            <Textarea name="bio" defaultValue={str(item?.extra.bio)} rows={3} maxLength={600} />
          </FormField>
        </>
      )}
      <div className="sm:col-span-2">
        <Button type="submit" loading={form.pending}>
          {item ? "Save" : kind === "category" ? "Add category" : "Add author"}
        </Button>
      </div>
    </form>
  );
}

export function TaxonomyEditor({ kind, items }: { kind: "category" | "author"; items: TaxonomyItem[] }) {
  const title = kind === "category" ? "Categories" : "Authors";
  return (
    <section aria-labelledby={`${kind}-title`} className="grid content-start gap-3">
      <h2 id={`${kind}-title`} className="text-lg font-semibold text-fg">
        {title}
      </h2>
      <ul className="divide-y divide-border rounded-lg border border-border bg-surface">
        {items.map((item) => (
          <li key={item.id}>
            <details className="group">
              <summary className="flex cursor-pointer list-none items-center justify-between gap-3 px-4 py-3 text-sm hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-focus">
                <span className="min-w-0">
                  <span className="font-medium text-fg">{item.name}</span>
                  <span className="block truncate text-xs text-muted">
                    /blog/{kind}/{item.slug}
                    {item.detail ? ` · ${item.detail}` : ""}
                  </span>
                </span>
                <span className="shrink-0 text-xs text-muted">
                  {item.posts} post{item.posts === 1 ? "" : "s"} · <span className="text-brand group-open:hidden">Edit</span>
                  <span className="hidden text-brand group-open:inline">Close</span>
                </span>
              </summary>
              <div className="border-t border-border p-4">
                <ItemForm kind={kind} item={item} />
              </div>
            </details>
          </li>
        ))}
      </ul>
      <details className="rounded-lg border border-dashed border-border-strong bg-bg-subtle">
        <summary className="cursor-pointer px-4 py-3 text-sm font-medium text-brand focus-visible:outline-2 focus-visible:outline-focus">
          {kind === "category" ? "New category" : "New author"}
        </summary>
        <div className="border-t border-border p-4">
          <ItemForm kind={kind} />
        </div>
      </details>
    </section>
  );
}
