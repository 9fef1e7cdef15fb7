"use client";
/** Customer forms: open a ticket, reply, mark resolved, rate. Each keeps what was typed when the server says no. */
import { Star } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { openTicketAction, rateTicketAction, replyToTicketAction, resolveTicketAction } from "@/app/portal/tickets/actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";
import { supportStrings, TICKET_PRIORITY_VALUES } from "./strings";

const t = supportStrings.portal;

export function AttachmentInput({ error, id = "field-attachments" }: { error?: string; id?: string }) {
  return (
    <FormField label="Attachments" name="attachments" id={id} hint={supportStrings.attachmentsHint} error={error} optional>
      <input
        type="file"
        name="attachments"
        multiple
        accept=".png,.jpg,.jpeg,.gif,.webp,.pdf,.zip,.txt,.log,.conf,.csv"
        className="block w-full text-sm text-fg file:mr-3 file:rounded-md file:border file:border-border file:bg-bg-subtle file:px-3 file:py-1.5 file:text-sm file:text-fg"
      />
    </FormField>
  );
}

export function NewTicketForm({
  departments,
  related,
  defaultRelated,
}: {
  departments: Array<{ id: string; name: string; description: string | null }>;
  related: Array<{ value: string; label: string; group: string }>;
  defaultRelated?: string;
}) {
  const router = useRouter();
  const { toast } = useToast();
  const form = useServerAction(openTicketAction, {
    onSuccess: (data) => {
      toast({ title: `Ticket ${data.number} opened`, description: "We emailed you a copy." });
      router.push(`/portal/tickets/${data.number}`);
    },
  });
  const groups = ["Services", "Devices"].map((g) => ({ g, items: related.filter((r) => r.group === g) })).filter((x) => x.items.length);
  return (
    <form onSubmit={form.onSubmit} className="grid gap-4" encType="multipart/form-data" noValidate>
      <FormError result={form.result} />
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Department" name="departmentId" error={form.fieldError("departmentId")} required>
          <Select name="departmentId" defaultValue={departments[0]?.id} options={departments.map((d) => ({ value: d.id, label: d.name }))} />
        </FormField>
        <FormField label="Priority" name="priority" error={form.fieldError("priority")}>
          <Select name="priority" defaultValue="normal" options={TICKET_PRIORITY_VALUES.map((p) => ({ value: p, label: supportStrings.priority[p]! }))} />
        </FormField>
      </div>
      <FormField label="What is it about?" name="related" hint="Pick the service or device, if it concerns one." error={form.fieldError("related")} optional>
        <Select name="related" defaultValue={defaultRelated ?? ""} placeholder="Nothing in particular">
          {groups.map(({ g, items }) => (
            <optgroup key={g} label={g}>
              {items.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </optgroup>
          ))}
        </Select>
      </FormField>
      <FormField label="Subject" name="subject" error={form.fieldError("subject")} required>
        <Input name="subject" maxLength={150} autoComplete="off" />
      </FormField>
      <FormField label="Message" name="body" hint={supportStrings.markdownHint} error={form.fieldError("body")} required>
        <Textarea name="body" rows={8} maxLength={20000} />
      </FormField>
      <AttachmentInput error={form.fieldError("attachments")} />
      <div>
        <Button type="submit" loading={form.pending}>
          {t.newTicket}
        </Button>
      </div>
    </form>
  );
}

export function CustomerReplyForm({ ticketId }: { ticketId: string }) {
  const router = useRouter();
  const { toast } = useToast();
  const form = useServerAction(replyToTicketAction, {
    onSuccess: (_d, el) => {
      el?.reset();
      toast({ title: t.sent });
      router.refresh();
    },
  });
  return (
    <form onSubmit={form.onSubmit} className="grid gap-4" encType="multipart/form-data" noValidate>
      <input type="hidden" name="ticketId" value={ticketId} />
      <FormError result={form.result} />
      <FormField label={t.replyLabel} name="body" id="reply-body" hint={supportStrings.markdownHint} error={form.fieldError("body")} required>
        <Textarea name="body" rows={6} maxLength={20000} />
      </FormField>
      <AttachmentInput id="reply-attachments" error={form.fieldError("attachments")} />
      <div>
        <Button type="submit" loading={form.pending}>
          {t.send}
        </Button>
      </div>
    </form>
  );
}

export function ResolveTicketButton({ ticketId }: { ticketId: string }) {
  const router = useRouter();
  const { toast } = useToast();
  const form = useServerAction(resolveTicketAction, {
    onSuccess: () => {
      toast({ title: t.resolved });
      router.refresh();
    },
  });
  return (
    <form onSubmit={form.onSubmit}>
      <input type="hidden" name="ticketId" value={ticketId} />
      <Button type="submit" variant="secondary" loading={form.pending}>
        {t.resolve}
      </Button>
      <FormError result={form.result} />
    </form>
  );
}

export function RatingForm({ ticketId }: { ticketId: string }) {
  const router = useRouter();
  const { toast } = useToast();
  const [rating, setRating] = useState(0);
  const form = useServerAction(rateTicketAction, {
    onSuccess: () => {
      toast({ title: t.rated });
      router.refresh();
    },
  });
  return (
    <form onSubmit={form.onSubmit} className="grid gap-3">
      <input type="hidden" name="ticketId" value={ticketId} />
      <FormError result={form.result} />
      <fieldset>
        <legend className="text-sm font-medium text-fg">Rate our help from 1 to 5</legend>
        <div className="mt-2 flex gap-1">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} className="cursor-pointer rounded-md p-1 focus-within:ring-2 focus-within:ring-brand">
              <input type="radio" name="rating" value={n} className="sr-only" onChange={() => setRating(n)} checked={rating === n} />
              <Star aria-hidden="true" className={n <= rating ? "size-7 fill-warning text-warning" : "size-7 text-muted"} />
              <span className="sr-only">{n} star{n === 1 ? "" : "s"}</span>
            </label>
          ))}
        </div>
        {form.fieldError("rating") && <p className="mt-1 text-sm text-danger">{form.fieldError("rating")}</p>}
      </fieldset>
      <FormField label="Anything to add?" name="comment" id="rating-comment" optional>
        <Textarea name="comment" rows={2} maxLength={1000} />
      </FormField>
      <div>
        <Button type="submit" loading={form.pending}>
          Send rating
        </Button>
      </div>
    </form>
  );
}
