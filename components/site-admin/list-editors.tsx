"use client";
/** Back-office editors for FAQs, testimonials and menu items: add, edit in place, reorder, delete (confirmed). */
import { ArrowDown, ArrowUp, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import {
  deleteFaqAction,
  deleteNavItemAction,
  deleteTestimonialAction,
  moveFaqAction,
  moveNavItemAction,
  moveTestimonialAction,
  saveFaqAction,
  saveNavItemAction,
  saveTestimonialAction,
} from "@/app/admin/appearance/actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { ConfirmDialog, useDisclosure } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/errors";

type Action = (formData: FormData) => Promise<ActionResult<unknown>>;

function useRefreshingAction(action: Action, message: string, onDone?: (form: HTMLFormElement | null) => void) {
  const router = useRouter();
  const { toast } = useToast();
  return useServerAction(action, {
    onSuccess: (_data, form) => {
      toast({ title: message, tone: "success" });
      onDone?.(form);
      router.refresh();
    },
  });
}

/** Up / down buttons for one row; the label names the row for screen readers. */
type ListKind = "faq" | "testimonial" | "nav";

export function MoveButtons({ id, name, kind, first, last }: { id: string; name: string; kind: ListKind; first: boolean; last: boolean }) {
  const form = useRefreshingAction(listActions[kind].move, "Order saved");
  const move = (direction: "up" | "down") => {
    const data = new FormData();
    data.set("id", id);
    data.set("direction", direction);
    form.run(data);
  };
  return (
    <span className="inline-flex gap-1">
      <Button type="button" variant="ghost" size="icon-sm" aria-label={`Move ${name} up`} disabled={first || form.pending} onClick={() => move("up")}>
        <ArrowUp aria-hidden="true" className="size-4" />
      </Button>
      <Button type="button" variant="ghost" size="icon-sm" aria-label={`Move ${name} down`} disabled={last || form.pending} onClick={() => move("down")}>
        <ArrowDown aria-hidden="true" className="size-4" />
      </Button>
    </span>
  );
}

export function DeleteButton({ id, name, kind }: { id: string; name: string; kind: ListKind }) {
  const dialog = useDisclosure();
  const form = useRefreshingAction(listActions[kind].remove, `Deleted “${name}”`, () => dialog.onClose());
  return (
    <>
      <Button type="button" variant="ghost" size="icon-sm" aria-label={`Delete ${name}`} onClick={dialog.onOpen}>
        <Trash2 aria-hidden="true" className="size-4" />
      </Button>
      <ConfirmDialog
        open={dialog.open}
        onClose={dialog.onClose}
        title={`Delete “${name}”?`}
        description="It disappears from the public site at once. This cannot be undone."
        confirmLabel="Delete"
        loading={form.pending}
        onConfirm={() => {
          const data = new FormData();
          data.set("id", id);
          form.run(data);
        }}
      />
    </>
  );
}

function EditorForm({ action, id, submitLabel, savedMessage, children }: { action: Action; id?: string; submitLabel: string; savedMessage: string; children: (fieldError: (name: string) => string | undefined) => ReactNode }) {
  const form = useRefreshingAction(action, savedMessage, (el) => {
    if (!id) el?.reset();
  });
  return (
    <form onSubmit={form.onSubmit} className="grid gap-4" noValidate>
      <FormError result={form.result} />
      {id && <input type="hidden" name="id" value={id} />}
      {children(form.fieldError)}
      <div>
        <Button type="submit" loading={form.pending}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}

/* ─── FAQ ─── */

export interface FaqFormValues {
  id?: string;
  category: string;
  question: string;
  answerMarkdown: string;
  published: boolean;
}

export function FaqForm({ initial, categories }: { initial: FaqFormValues; categories: string[] }) {
  const key = initial.id ?? "new";
  return (
    <EditorForm action={saveFaqAction} id={initial.id} submitLabel={initial.id ? "Save question" : "Add question"} savedMessage={initial.id ? "Question saved" : "Question added"}>
      {(f) => (
        <>
          <div className="grid gap-4 sm:grid-cols-[14rem_1fr]">
            <FormField label="Group" id={`faq-category-${key}`} name="category" error={f("category")} hint="e.g. Billing" required>
              <Input name="category" defaultValue={initial.category} list="faq-categories" maxLength={60} />
            </FormField>
            <FormField label="Question" id={`faq-question-${key}`} name="question" error={f("question")} required>
              <Input name="question" defaultValue={initial.question} maxLength={200} />
            </FormField>
          </div>
          <datalist id="faq-categories">
            {categories.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          <FormField label="Answer" id={`faq-answer-${key}`} name="answerMarkdown" error={f("answerMarkdown")} hint="Plain text; **bold** for emphasis. A blank line starts a new paragraph." required>
            <Textarea name="answerMarkdown" defaultValue={initial.answerMarkdown} rows={3} maxLength={4000} />
          </FormField>
          <Checkbox id={`faq-published-${key}`} name="published" label="Published" description="Shown on the FAQ page and the home page." defaultChecked={initial.published} />
        </>
      )}
    </EditorForm>
  );
}

/* ─── Testimonials ─── */

export interface TestimonialFormValues {
  id?: string;
  authorName: string;
  authorTitle: string;
  company: string;
  quote: string;
  rating: number;
  published: boolean;
}

export function TestimonialForm({ initial }: { initial: TestimonialFormValues }) {
  const key = initial.id ?? "new";
  return (
    <EditorForm action={saveTestimonialAction} id={initial.id} submitLabel={initial.id ? "Save testimonial" : "Add testimonial"} savedMessage={initial.id ? "Testimonial saved" : "Testimonial added"}>
      {(f) => (
        <>
          <div className="grid gap-4 sm:grid-cols-3">
            <FormField label="Name" id={`t-name-${key}`} name="authorName" error={f("authorName")} required>
              <Input name="authorName" defaultValue={initial.authorName} maxLength={80} />
            </FormField>
            <FormField label="Role" id={`t-title-${key}`} name="authorTitle" error={f("authorTitle")} optional>
              <Input name="authorTitle" defaultValue={initial.authorTitle} maxLength={80} />
            </FormField>
            <FormField label="Company" id={`t-company-${key}`} name="company" error={f("company")} optional>
              <Input name="company" defaultValue={initial.company} maxLength={80} />
            </FormField>
          </div>
          <FormField label="Quote" id={`t-quote-${key}`} name="quote" error={f("quote")} required>
            <Textarea name="quote" defaultValue={initial.quote} rows={3} maxLength={600} />
          </FormField>
          <div className="grid gap-4 sm:grid-cols-[10rem_1fr] sm:items-end">
            <FormField label="Rating" id={`t-rating-${key}`} name="rating" error={f("rating")}>
              <Select name="rating" defaultValue={String(initial.rating)} options={[5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: `${n} stars` }))} />
            </FormField>
            <Checkbox id={`t-published-${key}`} name="published" label="Published" description="Shown on the home page." defaultChecked={initial.published} />
          </div>
        </>
      )}
    </EditorForm>
  );
}

/* ─── Menus ─── */

export interface NavItemFormValues {
  id?: string;
  menu: "header" | "footer";
  parentId: string;
  label: string;
  href: string;
  external: boolean;
  visible: boolean;
}

export function NavItemForm({ initial, columns }: { initial: NavItemFormValues; columns: Array<{ id: string; label: string }> }) {
  const key = initial.id ?? `new-${initial.menu}`;
  return (
    <EditorForm action={saveNavItemAction} id={initial.id} submitLabel={initial.id ? "Save link" : "Add link"} savedMessage={initial.id ? "Menu saved" : "Link added"}>
      {(f) => (
        <>
          <input type="hidden" name="menu" value={initial.menu} />
          <div className="grid gap-4 sm:grid-cols-3">
            <FormField label="Text" id={`nav-label-${key}`} name="label" error={f("label")} required>
              <Input name="label" defaultValue={initial.label} maxLength={40} />
            </FormField>
            <FormField label="Address" id={`nav-href-${key}`} name="href" error={f("href")} hint="/pricing or https://…">
              <Input name="href" defaultValue={initial.href} maxLength={500} />
            </FormField>
            {initial.menu === "footer" && (
              <FormField label="Column" id={`nav-parent-${key}`} name="parentId" error={f("parentId")} hint="Empty makes a new column heading">
                <Select name="parentId" defaultValue={initial.parentId} placeholder="— New column —" options={columns.filter((c) => c.id !== initial.id).map((c) => ({ value: c.id, label: c.label }))} />
              </FormField>
            )}
          </div>
          <div className="flex flex-wrap gap-6">
            <Checkbox id={`nav-visible-${key}`} name="visible" label="Visible" defaultChecked={initial.visible} />
            <Checkbox id={`nav-external-${key}`} name="external" label="Another website" defaultChecked={initial.external} />
          </div>
        </>
      )}
    </EditorForm>
  );
}

const listActions: Record<ListKind, { move: Action; remove: Action }> = {
  faq: { move: moveFaqAction, remove: deleteFaqAction },
  testimonial: { move: moveTestimonialAction, remove: deleteTestimonialAction },
  nav: { move: moveNavItemAction, remove: deleteNavItemAction },
};
