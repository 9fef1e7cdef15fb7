"use client";
/** Staff controls on a ticket (the queue's bulk actions live on its data table). Every control is a labelled native element. */
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import {
  assignTicketAction,
  mergeTicketAction,
  staffReplyAction,
  ticketRoutingAction,
  ticketStatusAction,
  ticketTagsAction,
} from "@/app/admin/tickets/actions";
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
import { AttachmentInput } from "./portal-ticket-forms";
import { supportStrings, TICKET_PRIORITY_VALUES, TICKET_STATUS_VALUES } from "./strings";

type Option = { value: string; label: string };

export function StaffReplyForm({ ticketId, canned }: { ticketId: string; canned: Array<{ id: string; title: string; bodyMarkdown: string }> }) {
  const router = useRouter();
  const { toast } = useToast();
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const [internal, setInternal] = useState(false);
  const form = useServerAction(staffReplyAction, {
    onSuccess: (data, el) => {
      el?.reset();
      setInternal(false);
      toast({ title: data.internal ? "Internal note added" : "Reply sent to the customer" });
      router.refresh();
    },
  });
  const insertCanned = (id: string) => {
    const reply = canned.find((c) => c.id === id);
    const area = bodyRef.current;
    if (!reply || !area) return;
    area.value = area.value.trim() ? `${area.value.trimEnd()}\n\n${reply.bodyMarkdown}` : reply.bodyMarkdown;
    area.focus();
  };
  return (
    <form onSubmit={form.onSubmit} className="grid gap-4" encType="multipart/form-data" noValidate>
      <input type="hidden" name="ticketId" value={ticketId} />
      <FormError result={form.result} />
      {canned.length > 0 && (
        <FormField label="Insert a canned reply" name="canned" id="canned-reply">
          <Select defaultValue="" placeholder="Choose…" onChange={(e) => { insertCanned(e.target.value); e.target.value = ""; }} options={canned.map((c) => ({ value: c.id, label: c.title }))} />
        </FormField>
      )}
      <FormField label={internal ? "Internal note" : "Reply"} name="body" id="staff-reply-body" hint={supportStrings.markdownHint} error={form.fieldError("body")} required>
        <Textarea ref={bodyRef} name="body" rows={7} maxLength={20000} />
      </FormField>
      <AttachmentInput id="staff-attachments" error={form.fieldError("attachments")} />
      <Checkbox name="internal" id="staff-internal" label="Internal note (staff only)" description="Never shown or emailed to the customer." checked={internal} onChange={(e) => setInternal(e.target.checked)} />
      <div>
        <Button type="submit" loading={form.pending} variant={internal ? "secondary" : "primary"}>
          {internal ? "Add internal note" : "Send reply"}
        </Button>
      </div>
    </form>
  );
}

function useRefreshingAction<T>(action: (fd: FormData) => Promise<import("@/lib/errors").ActionResult<T>>, message: string) {
  const router = useRouter();
  const { toast } = useToast();
  return useServerAction(action, {
    onSuccess: () => {
      toast({ title: message });
      router.refresh();
    },
  });
}

export function TicketControls({
  ticketId,
  assigneeId,
  status,
  departmentId,
  priority,
  tags,
  staff,
  departments,
  mergeCandidates,
  canManage,
}: {
  ticketId: string;
  assigneeId: string | null;
  status: string;
  departmentId: string;
  priority: string;
  tags: string[];
  staff: Option[];
  departments: Option[];
  mergeCandidates: Array<{ id: string; number: string; subject: string }>;
  canManage: boolean;
}) {
  const assign = useRefreshingAction(assignTicketAction, "Assignment saved");
  const setStatus = useRefreshingAction(ticketStatusAction, "Status changed");
  const routing = useRefreshingAction(ticketRoutingAction, "Department and priority saved");
  const tagForm = useRefreshingAction(ticketTagsAction, "Tags saved");
  const merge = useRefreshingAction(mergeTicketAction, "Tickets merged");
  const mergeDialog = useDisclosure();
  const mergeRef = useRef<HTMLFormElement>(null);
  const [mergeTarget, setMergeTarget] = useState("");
  if (!canManage) return <p className="text-sm text-muted">You can reply and add notes; assigning and closing need the tickets.manage permission.</p>;
  const target = mergeCandidates.find((c) => c.id === mergeTarget);
  return (
    <div className="grid gap-5">
      <form onSubmit={assign.onSubmit} className="grid gap-2">
        <input type="hidden" name="ticketId" value={ticketId} />
        <FormError result={assign.result} />
        <FormField label="Assignee" name="assigneeId" id="ticket-assignee" error={assign.fieldError("assigneeId")}>
          <Select name="assigneeId" defaultValue={assigneeId ?? ""} placeholder="Unassigned" options={staff} />
        </FormField>
        <Button type="submit" size="sm" variant="secondary" loading={assign.pending}>
          Save assignee
        </Button>
      </form>
      <form onSubmit={setStatus.onSubmit} className="grid gap-2">
        <input type="hidden" name="ticketId" value={ticketId} />
        <FormError result={setStatus.result} />
        <FormField label="Status" name="status" id="ticket-status">
          <Select name="status" defaultValue={status} options={TICKET_STATUS_VALUES.map((s) => ({ value: s, label: supportStrings.statusForStaff[s]! }))} />
        </FormField>
        <Button type="submit" size="sm" variant="secondary" loading={setStatus.pending}>
          Save status
        </Button>
      </form>
      <form onSubmit={routing.onSubmit} className="grid gap-2">
        <input type="hidden" name="ticketId" value={ticketId} />
        <FormError result={routing.result} />
        <FormField label="Department" name="departmentId" id="ticket-department">
          <Select name="departmentId" defaultValue={departmentId} options={departments} />
        </FormField>
        <FormField label="Priority" name="priority" id="ticket-priority">
          <Select name="priority" defaultValue={priority} options={TICKET_PRIORITY_VALUES.map((p) => ({ value: p, label: supportStrings.priority[p]! }))} />
        </FormField>
        <Button type="submit" size="sm" variant="secondary" loading={routing.pending}>
          Save routing
        </Button>
      </form>
      <form onSubmit={tagForm.onSubmit} className="grid gap-2">
        <input type="hidden" name="ticketId" value={ticketId} />
        <FormError result={tagForm.result} />
        <FormField label="Tags" name="tags" id="ticket-tags" hint="Comma separated, e.g. wireguard, ios">
          <Input name="tags" defaultValue={tags.join(", ")} autoComplete="off" />
        </FormField>
        <Button type="submit" size="sm" variant="secondary" loading={tagForm.pending}>
          Save tags
        </Button>
      </form>
      {mergeCandidates.length > 0 && (
        <form
          ref={mergeRef}
          onSubmit={(e: FormEvent<HTMLFormElement>) => {
            e.preventDefault();
            if (mergeTarget) mergeDialog.onOpen();
          }}
          className="grid gap-2"
        >
          <input type="hidden" name="ticketId" value={ticketId} />
          <FormError result={merge.result} />
          <FormField label="Merge this ticket into" name="targetId" id="ticket-merge" error={merge.fieldError("target")}>
            <Select name="targetId" value={mergeTarget} onChange={(e) => setMergeTarget(e.target.value)} placeholder="Choose a ticket…" options={mergeCandidates.map((c) => ({ value: c.id, label: `${c.number} — ${c.subject}` }))} />
          </FormField>
          <Button type="submit" size="sm" variant="secondary" disabled={!mergeTarget}>
            Merge…
          </Button>
          <ConfirmDialog
            open={mergeDialog.open}
            onClose={mergeDialog.onClose}
            loading={merge.pending}
            title={`Merge into ${target?.number ?? "the other ticket"}?`}
            description="The messages and files move there, and this ticket closes. This cannot be undone."
            confirmLabel="Merge"
            onConfirm={() => {
              if (mergeRef.current) merge.run(new FormData(mergeRef.current));
              mergeDialog.onClose();
            }}
          />
        </form>
      )}
    </div>
  );
}

