"use client";
/** Customer 360 actions: each opens a dialog naming the customer, runs one server action, confirms with a toast. */
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import {
  addCustomerCreditAction,
  addStaffNoteAction,
  impersonateCustomerAction,
  sendCustomerEmailAction,
  setCustomerStatusAction,
  updateCustomerAction,
} from "@/app/admin/customers/[id]/actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction, type ServerActionState } from "@/components/forms/use-server-action";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { ConfirmDialog, Dialog, useDisclosure } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/errors";
import { formatMoney } from "@/lib/format/money";

interface Customer {
  id: string;
  email: string;
  name: string | null;
  country: string | null;
  timezone: string;
  status: string;
}

function ActionDialog<T>({
  trigger,
  triggerVariant = "secondary",
  title,
  description,
  submitLabel,
  submitTone = "primary",
  action,
  success,
  customerId,
  children,
}: {
  trigger: string;
  triggerVariant?: ButtonVariant;
  title: string;
  description?: string;
  submitLabel: string;
  submitTone?: "primary" | "danger";
  action: (formData: FormData) => Promise<ActionResult<T>>;
  success: (data: T) => string;
  customerId: string;
  children: (form: ServerActionState<T>) => ReactNode;
}) {
  const dialog = useDisclosure();
  const router = useRouter();
  const { toast } = useToast();
  const form = useServerAction(action, {
    onSuccess: (data) => {
      dialog.onClose();
      form.reset();
      toast({ title: success(data) });
      router.refresh();
    },
  });
  const formId = `form-${trigger.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <>
      <Button size="sm" variant={triggerVariant} onClick={dialog.onOpen}>
        {trigger}
      </Button>
      <Dialog
        open={dialog.open}
        onClose={dialog.onClose}
        title={title}
        description={description}
        dismissible={!form.pending}
        footer={
          <>
            <Button variant="secondary" onClick={dialog.onClose} disabled={form.pending} data-autofocus>
              Cancel
            </Button>
            <Button variant={submitTone} type="submit" form={formId} loading={form.pending}>
              {submitLabel}
            </Button>
          </>
        }
      >
        <form id={formId} onSubmit={form.onSubmit} className="grid gap-4" noValidate>
          <input type="hidden" name="customerId" value={customerId} />
          <FormError result={form.result} />
          {children(form)}
        </form>
      </Dialog>
    </>
  );
}

export function EditCustomerButton({ customer }: { customer: Customer }) {
  return (
    <ActionDialog
      trigger="Edit"
      title={`Edit ${customer.email}`}
      description="Changing the email marks it unverified and signs the customer out everywhere."
      submitLabel="Save"
      action={updateCustomerAction}
      success={(d) => (d.emailChanged ? "Saved; the customer was signed out" : "Customer saved")}
      customerId={customer.id}
    >
      {(form) => (
        <>
          <FormField label="Name" name="name" error={form.fieldError("name")} optional>
            <Input name="name" defaultValue={customer.name ?? ""} maxLength={100} />
          </FormField>
          <FormField label="Email" name="email" error={form.fieldError("email")} required>
            <Input name="email" type="email" defaultValue={customer.email} maxLength={254} />
          </FormField>
          <FormField label="Country" name="country" hint="Two letters, e.g. DE." error={form.fieldError("country")} optional>
            <Input name="country" defaultValue={customer.country ?? ""} maxLength={2} autoComplete="off" />
          </FormField>
          <FormField label="Time zone" name="timezone" error={form.fieldError("timezone")} required>
            <Input name="timezone" defaultValue={customer.timezone} maxLength={64} />
          </FormField>
        </>
      )}
    </ActionDialog>
  );
}

export function SuspendCustomerButton({ customer }: { customer: Customer }) {
  const router = useRouter();
  const { toast } = useToast();
  const [open, setOpen] = useState(false);
  const unsuspend = useServerAction(setCustomerStatusAction, {
    onSuccess: () => {
      setOpen(false);
      toast({ title: `${customer.email} can sign in again` });
      router.refresh();
    },
  });
  if (customer.status === "suspended") {
    return (
      <>
        <FormError result={unsuspend.result} />
        <Button size="sm" variant="secondary" onClick={() => setOpen(true)}>
          Unsuspend
        </Button>
        <ConfirmDialog
          open={open}
          onClose={() => setOpen(false)}
          tone="primary"
          title={`Unsuspend ${customer.email}?`}
          description="They can sign in again. Their services are not changed."
          confirmLabel="Unsuspend"
          loading={unsuspend.pending}
          onConfirm={() => {
            const data = new FormData();
            data.set("customerId", customer.id);
            data.set("status", "active");
            unsuspend.run(data);
          }}
        />
      </>
    );
  }
  return (
    <ActionDialog
      trigger="Suspend account"
      triggerVariant="danger"
      title={`Suspend ${customer.email}?`}
      description="They are signed out everywhere and cannot sign in until unsuspended. Services keep running; suspend those separately."
      submitLabel="Suspend"
      submitTone="danger"
      action={setCustomerStatusAction}
      success={() => `${customer.email} is suspended`}
      customerId={customer.id}
    >
      {(form) => (
        <>
          <input type="hidden" name="status" value="suspended" />
          <FormField label="Reason" name="reason" hint="Kept in the audit log." error={form.fieldError("reason")} required>
            <Input name="reason" maxLength={200} />
          </FormField>
        </>
      )}
    </ActionDialog>
  );
}

export function AddCreditButton({ customerId, email, currency }: { customerId: string; email: string; currency: string | null }) {
  const [key, setKey] = useState(() => crypto.randomUUID());
  return (
    <ActionDialog
      trigger="Add credit"
      title={`Add credit for ${email}`}
      description="Credit pays future invoices first. A negative amount removes credit."
      submitLabel="Add credit"
      action={async (formData) => {
        const result = await addCustomerCreditAction(formData);
        if (result.ok) setKey(crypto.randomUUID());
        return result;
      }}
      success={(d) => `Credit balance is now ${formatMoney(d.balanceAfter, d.currency)}`}
      customerId={customerId}
    >
      {(form) => (
        <>
          <input type="hidden" name="idempotencyKey" value={key} />
          <FormField label="Amount" name="amount" hint="e.g. 25.00" error={form.fieldError("amount")} required>
            <Input name="amount" inputMode="decimal" autoComplete="off" />
          </FormField>
          <FormField label="Currency" name="currency" error={form.fieldError("currency")}>
            <Select name="currency" defaultValue={currency ?? "USD"} options={["USD", "EUR", "GBP"].map((c) => ({ value: c, label: c }))} />
          </FormField>
          <FormField label="Reason" name="description" hint="Shown on the customer's credit history." error={form.fieldError("description")} required>
            <Input name="description" maxLength={200} />
          </FormField>
        </>
      )}
    </ActionDialog>
  );
}

export function SendEmailButton({ customerId, email }: { customerId: string; email: string }) {
  return (
    <ActionDialog
      trigger="Send email"
      title={`Email ${email}`}
      submitLabel="Send"
      action={sendCustomerEmailAction}
      success={() => `Email to ${email} queued`}
      customerId={customerId}
    >
      {(form) => (
        <>
          <FormField label="Subject" name="subject" error={form.fieldError("subject")} required>
            <Input name="subject" maxLength={200} />
          </FormField>
          <FormField label="Message" name="body" hint="Plain text; blank lines make paragraphs." error={form.fieldError("body")} required>
            <Textarea name="body" rows={6} maxLength={10000} />
          </FormField>
        </>
      )}
    </ActionDialog>
  );
}

export function AddNoteForm({ customerId }: { customerId: string }) {
  const router = useRouter();
  const { toast } = useToast();
  const form = useServerAction(addStaffNoteAction, {
    onSuccess: (_data, el) => {
      el?.reset();
      toast({ title: "Note added" });
      router.refresh();
    },
  });
  return (
    <form onSubmit={form.onSubmit} className="grid gap-3" noValidate>
      <input type="hidden" name="customerId" value={customerId} />
      <FormError result={form.result} />
      <FormField label="New note" name="body" hint="Only staff see notes." error={form.fieldError("body")}>
        <Textarea name="body" rows={3} maxLength={5000} />
      </FormField>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Checkbox name="pinned" label="Pin to the top" />
        <Button type="submit" size="sm" loading={form.pending}>
          Add note
        </Button>
      </div>
    </form>
  );
}

export function ImpersonateButton({ customerId, email }: { customerId: string; email: string }) {
  const [open, setOpen] = useState(false);
  const form = useServerAction(impersonateCustomerAction);
  return (
    <>
      <Button size="sm" variant="secondary" onClick={() => setOpen(true)}>
        Sign in as customer
      </Button>
      <FormError result={form.result} />
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        tone="primary"
        title={`Sign in as ${email}?`}
        description="You will see the portal as they do, for up to an hour. Both the start and the end are recorded in the audit log, and the customer sees it in their sign-in history."
        confirmLabel="Sign in as customer"
        loading={form.pending}
        onConfirm={() => {
          const data = new FormData();
          data.set("customerId", customerId);
          form.run(data);
        }}
      />
    </>
  );
}
