"use client";
/** Support settings forms. One generic shell: submit, toast, go back to the list (dropping ?edit=). */
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import {
  deleteAnnouncementAction,
  deleteCannedReplyAction,
  saveAnnouncementAction,
  saveCannedReplyAction,
  saveDepartmentAction,
  saveMaintenanceAction,
} from "@/app/admin/support/actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction, type ServerActionState } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { ButtonLink } from "@/components/ui/button-link";
import { Checkbox } from "@/components/ui/checkbox";
import { ConfirmDialog, useDisclosure } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/errors";
import { supportStrings, TICKET_PRIORITY_VALUES } from "./strings";

function useSave<T>(action: (fd: FormData) => Promise<ActionResult<T>>, message: string, backTo: string) {
  const router = useRouter();
  const { toast } = useToast();
  return useServerAction(action, {
    onSuccess: (_d, el) => {
      toast({ title: message });
      el?.reset();
      router.push(backTo);
      router.refresh();
    },
  });
}

function Shell<T>({ form, id, children, submit, cancelHref }: { form: ServerActionState<T>; id?: string | null; children: ReactNode; submit: string; cancelHref?: string }) {
  return (
    <form onSubmit={form.onSubmit} className="grid gap-4" noValidate>
      {id && <input type="hidden" name="id" value={id} />}
      <FormError result={form.result} />
      {children}
      <div className="flex gap-2">
        <Button type="submit" loading={form.pending}>
          {submit}
        </Button>
        {id && cancelHref && (
          <ButtonLink href={cancelHref} variant="ghost">
            Cancel
          </ButtonLink>
        )}
      </div>
    </form>
  );
}

/** `datetime-local` value in UTC (the admin works in UTC; the label says so). */
const utcLocal = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString().slice(0, 16) : "");

export interface DepartmentValues {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  email: string | null;
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
  active: boolean;
  targets: Array<{ priority: string; firstResponseMinutes: number | null; resolutionMinutes: number | null }>;
}

export function DepartmentForm({ department }: { department?: DepartmentValues | null }) {
  const form = useSave(saveDepartmentAction, department ? "Department saved" : "Department added", "/admin/support");
  const target = (p: string) => department?.targets.find((t) => t.priority === p);
  return (
    <Shell form={form} id={department?.id} submit={department ? "Save department" : "Add department"} cancelHref="/admin/support">
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Name" name="name" id="dept-name" error={form.fieldError("name")} required>
          <Input name="name" defaultValue={department?.name} maxLength={80} />
        </FormField>
        <FormField label="Slug" name="slug" id="dept-slug" error={form.fieldError("slug")} required>
          <Input name="slug" defaultValue={department?.slug} maxLength={40} />
        </FormField>
        <FormField label="Email" name="email" id="dept-email" error={form.fieldError("email")} optional>
          <Input name="email" type="email" defaultValue={department?.email ?? ""} />
        </FormField>
        <FormField label="Description" name="description" id="dept-description" error={form.fieldError("description")} optional>
          <Input name="description" defaultValue={department?.description ?? ""} maxLength={300} />
        </FormField>
        <FormField label="Default first response (minutes)" name="firstResponseMinutes" id="dept-first" error={form.fieldError("firstResponseMinutes")} optional>
          <Input name="firstResponseMinutes" inputMode="numeric" defaultValue={department?.firstResponseMinutes ?? ""} />
        </FormField>
        <FormField label="Default resolution (minutes)" name="resolutionMinutes" id="dept-resolution" error={form.fieldError("resolutionMinutes")} optional>
          <Input name="resolutionMinutes" inputMode="numeric" defaultValue={department?.resolutionMinutes ?? ""} />
        </FormField>
      </div>
      <fieldset className="grid gap-2">
        <legend className="text-sm font-medium text-fg">SLA targets per priority (minutes; empty = department default)</legend>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {TICKET_PRIORITY_VALUES.map((p) => (
            <div key={p} className="grid gap-2 rounded-lg border border-border p-3">
              <span className="text-sm font-medium">{supportStrings.priority[p]}</span>
              <FormField label="First response" name={`first_${p}`} id={`dept-first-${p}`} error={form.fieldError(`first_${p}`)}>
                <Input name={`first_${p}`} inputMode="numeric" defaultValue={target(p)?.firstResponseMinutes ?? ""} />
              </FormField>
              <FormField label="Resolution" name={`resolution_${p}`} id={`dept-resolution-${p}`} error={form.fieldError(`resolution_${p}`)}>
                <Input name={`resolution_${p}`} inputMode="numeric" defaultValue={target(p)?.resolutionMinutes ?? ""} />
              </FormField>
            </div>
          ))}
        </div>
      </fieldset>
      <Checkbox name="active" id="dept-active" label="Active (customers can choose it)" defaultChecked={department?.active ?? true} />
    </Shell>
  );
}

export function CannedReplyForm({ reply, departments }: { reply?: { id: string; title: string; bodyMarkdown: string; departmentId: string | null } | null; departments: Array<{ value: string; label: string }> }) {
  const form = useSave(saveCannedReplyAction, reply ? "Canned reply saved" : "Canned reply added", "/admin/support/canned-replies");
  return (
    <Shell form={form} id={reply?.id} submit={reply ? "Save canned reply" : "Add canned reply"} cancelHref="/admin/support/canned-replies">
      <FormField label="Title" name="title" id="canned-title" error={form.fieldError("title")} required>
        <Input name="title" defaultValue={reply?.title} maxLength={100} />
      </FormField>
      <FormField label="Department" name="departmentId" id="canned-department">
        <Select name="departmentId" defaultValue={reply?.departmentId ?? ""} options={[{ value: "", label: "All departments" }, ...departments]} />
      </FormField>
      <FormField label="Text" name="bodyMarkdown" id="canned-body" hint={supportStrings.markdownHint} error={form.fieldError("bodyMarkdown")} required>
        <Textarea name="bodyMarkdown" rows={6} defaultValue={reply?.bodyMarkdown} />
      </FormField>
    </Shell>
  );
}

export function AnnouncementForm({
  announcement,
}: {
  announcement?: { id: string; title: string; bodyMarkdown: string; level: string; audience: string; published: boolean; publishAt: Date | null; expiresAt: Date | null } | null;
}) {
  const form = useSave(saveAnnouncementAction, announcement ? "Announcement saved" : "Announcement added", "/admin/support/announcements");
  return (
    <Shell form={form} id={announcement?.id} submit={announcement ? "Save announcement" : "Add announcement"} cancelHref="/admin/support/announcements">
      <FormField label="Title" name="title" id="ann-title" error={form.fieldError("title")} required>
        <Input name="title" defaultValue={announcement?.title} maxLength={150} />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Level" name="level" id="ann-level">
          <Select name="level" defaultValue={announcement?.level ?? "info"} options={[{ value: "info", label: "News" }, { value: "warning", label: "Notice" }, { value: "critical", label: "Important" }]} />
        </FormField>
        <FormField label="Audience" name="audience" id="ann-audience">
          <Select name="audience" defaultValue={announcement?.audience ?? "everyone"} options={[{ value: "everyone", label: "Everyone (status page and portal)" }, { value: "customers", label: "Customers (portal only)" }, { value: "staff", label: "Staff only" }]} />
        </FormField>
        <FormField label="Publish at (UTC)" name="publishAt" id="ann-publish" error={form.fieldError("publishAt")} optional>
          <Input name="publishAt" type="datetime-local" defaultValue={utcLocal(announcement?.publishAt)} />
        </FormField>
        <FormField label="Expires at (UTC)" name="expiresAt" id="ann-expires" error={form.fieldError("expiresAt")} optional>
          <Input name="expiresAt" type="datetime-local" defaultValue={utcLocal(announcement?.expiresAt)} />
        </FormField>
      </div>
      <FormField label="Text" name="bodyMarkdown" id="ann-body" hint={supportStrings.markdownHint} error={form.fieldError("bodyMarkdown")} required>
        <Textarea name="bodyMarkdown" rows={5} defaultValue={announcement?.bodyMarkdown} />
      </FormField>
      <Checkbox name="published" id="ann-published" label="Published" defaultChecked={announcement?.published ?? true} />
    </Shell>
  );
}

export function MaintenanceForm({
  window: w,
}: {
  window?: { id: string; title: string; descriptionMarkdown: string | null; type: string; status: string; affects: string[]; startsAt: Date; endsAt: Date } | null;
}) {
  const form = useSave(saveMaintenanceAction, w ? "Maintenance window saved" : "Maintenance window scheduled", "/admin/support/maintenance");
  return (
    <Shell form={form} id={w?.id} submit={w ? "Save window" : "Schedule window"} cancelHref="/admin/support/maintenance">
      <FormField label="Title" name="title" id="mw-title" error={form.fieldError("title")} required>
        <Input name="title" defaultValue={w?.title} maxLength={150} />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Type" name="type" id="mw-type" error={form.fieldError("type")}>
          <Select name="type" defaultValue={w?.type ?? "planned"} options={[{ value: "planned", label: "Planned" }, { value: "emergency", label: "Emergency" }]} />
        </FormField>
        <FormField label="Status" name="status" id="mw-status" hint="Scheduled windows start and end by the clock.">
          <Select name="status" defaultValue={w?.status ?? "scheduled"} options={[{ value: "scheduled", label: "Scheduled" }, { value: "in_progress", label: "In progress" }, { value: "completed", label: "Completed" }, { value: "cancelled", label: "Cancelled" }]} />
        </FormField>
        <FormField label="Starts (UTC)" name="startsAt" id="mw-starts" error={form.fieldError("startsAt")} required>
          <Input name="startsAt" type="datetime-local" defaultValue={utcLocal(w?.startsAt)} />
        </FormField>
        <FormField label="Ends (UTC)" name="endsAt" id="mw-ends" error={form.fieldError("endsAt")} required>
          <Input name="endsAt" type="datetime-local" defaultValue={utcLocal(w?.endsAt)} />
        </FormField>
      </div>
      <FormField label="Affects" name="affects" id="mw-affects" hint="Comma separated: vpn:<location slug>, vpn:*, hosting:*, cloud:<datacenter>, or * for everything." error={form.fieldError("affects")} optional>
        <Input name="affects" defaultValue={w?.affects.join(", ")} autoComplete="off" />
      </FormField>
      <FormField label="Description" name="descriptionMarkdown" id="mw-description" hint={supportStrings.markdownHint} error={form.fieldError("descriptionMarkdown")} optional>
        <Textarea name="descriptionMarkdown" rows={4} defaultValue={w?.descriptionMarkdown ?? ""} />
      </FormField>
    </Shell>
  );
}

export function DeleteButton({ id, name, kind }: { id: string; name: string; kind: "canned" | "announcement" }) {
  const router = useRouter();
  const { toast } = useToast();
  const dialog = useDisclosure();
  const form = useServerAction(kind === "canned" ? deleteCannedReplyAction : deleteAnnouncementAction, {
    onSuccess: () => {
      dialog.onClose();
      toast({ title: "Deleted" });
      router.refresh();
    },
  });
  return (
    <>
      <Button size="sm" variant="ghost" onClick={dialog.onOpen}>
        Delete<span className="sr-only"> {name}</span>
      </Button>
      <ConfirmDialog
        open={dialog.open}
        onClose={dialog.onClose}
        loading={form.pending}
        title={`Delete “${name}”?`}
        description="This cannot be undone."
        confirmLabel="Delete"
        onConfirm={() => {
          const fd = new FormData();
          fd.set("id", id);
          form.run(fd);
        }}
      />
    </>
  );
}
