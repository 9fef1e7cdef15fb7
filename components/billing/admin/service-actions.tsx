"use client";
/** Staff actions on one service: suspend / unsuspend, cancel now or at period end, keep, and move the due date. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  cancelServiceStaffAction,
  changeServiceDueDateAction,
  resumeServiceStaffAction,
  suspendServiceAction,
  unsuspendServiceAction,
} from "@/app/admin/billing-actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Dialog, useDisclosure } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";

function useRefreshingAction<T>(action: (f: FormData) => Promise<import("@/lib/errors").ActionResult<T>>, message: (data: T) => string, after?: () => void) {
  const router = useRouter();
  const { toast } = useToast();
  return useServerAction(action, {
    onSuccess: (data) => {
      after?.();
      toast({ title: message(data) });
      router.refresh();
    },
  });
}

export function SuspendServiceButton({ serviceId, name }: { serviceId: string; name: string }) {
  const dialog = useDisclosure();
  const form = useRefreshingAction(suspendServiceAction, () => "Suspension started", dialog.onClose);
  const formId = `suspend-${serviceId}`;
  return (
    <>
      <Button variant="secondary" size="sm" onClick={dialog.onOpen}>
        Suspend
      </Button>
      <Dialog
        open={dialog.open}
        onClose={dialog.onClose}
        title={`Suspend ${name}?`}
        description="The provisioning module turns the service off (VPN devices are removed from every server) until staff unsuspend it. A payment does not lift it."
        dismissible={!form.pending}
        footer={
          <>
            <Button variant="secondary" onClick={dialog.onClose} disabled={form.pending} data-autofocus>
              Keep running
            </Button>
            <Button variant="danger" type="submit" form={formId} loading={form.pending}>
              Suspend service
            </Button>
          </>
        }
      >
        <form id={formId} onSubmit={form.onSubmit} className="grid gap-3" noValidate>
          <input type="hidden" name="serviceId" value={serviceId} />
          <FormError result={form.result} />
          <FormField label="Reason (for the audit log)" name="reason" error={form.fieldError("reason")} optional>
            <Textarea name="reason" rows={2} maxLength={300} />
          </FormField>
        </form>
      </Dialog>
    </>
  );
}

export function UnsuspendServiceButton({ serviceId }: { serviceId: string }) {
  const form = useRefreshingAction(unsuspendServiceAction, () => "Unsuspension started");
  return (
    <form onSubmit={form.onSubmit} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="serviceId" value={serviceId} />
      <Button type="submit" size="sm" loading={form.pending}>
        Unsuspend
      </Button>
      {form.result && !form.result.ok && <span role="alert" className="text-sm text-danger">{form.result.formError}</span>}
    </form>
  );
}

export function CancelServiceStaffButton({ serviceId, name, periodEnd }: { serviceId: string; name: string; periodEnd: string | null }) {
  const dialog = useDisclosure();
  const [when, setWhen] = useState<"period_end" | "now">(periodEnd ? "period_end" : "now");
  const form = useRefreshingAction(cancelServiceStaffAction, (d) => (d.cancelAtPeriodEnd ? "Cancellation scheduled" : "Service cancelled"), dialog.onClose);
  const formId = `cancel-staff-${serviceId}`;
  return (
    <>
      <Button variant="danger" size="sm" onClick={dialog.onOpen}>
        Cancel service
      </Button>
      <Dialog
        open={dialog.open}
        onClose={dialog.onClose}
        title={`Cancel ${name}?`}
        description="Cancelling now terminates it through the provisioning module and voids its unpaid renewals. At period end it runs until then and renews no more."
        dismissible={!form.pending}
        footer={
          <>
            <Button variant="secondary" onClick={dialog.onClose} disabled={form.pending} data-autofocus>
              Keep it
            </Button>
            <Button variant="danger" type="submit" form={formId} loading={form.pending}>
              Cancel service
            </Button>
          </>
        }
      >
        <form id={formId} onSubmit={form.onSubmit} className="grid gap-3" noValidate>
          <input type="hidden" name="serviceId" value={serviceId} />
          <FormError result={form.result} />
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm text-muted">When</legend>
            {periodEnd && (
              <label className="flex items-center gap-2">
                <input type="radio" name="when" value="period_end" checked={when === "period_end"} onChange={() => setWhen("period_end")} className="accent-brand" />
                At period end ({periodEnd})
              </label>
            )}
            <label className="flex items-center gap-2">
              <input type="radio" name="when" value="now" checked={when === "now"} onChange={() => setWhen("now")} className="accent-brand" />
              Now
            </label>
          </fieldset>
          <FormField label="Reason" name="reason" error={form.fieldError("reason")} optional>
            <Textarea name="reason" rows={2} maxLength={300} />
          </FormField>
        </form>
      </Dialog>
    </>
  );
}

export function ResumeServiceStaffButton({ serviceId }: { serviceId: string }) {
  const form = useRefreshingAction(resumeServiceStaffAction, () => "Cancellation withdrawn");
  return (
    <form onSubmit={form.onSubmit}>
      <input type="hidden" name="serviceId" value={serviceId} />
      <Button type="submit" size="sm" variant="secondary" loading={form.pending}>
        Withdraw cancellation
      </Button>
    </form>
  );
}

export function ChangeDueDateForm({ serviceId, current }: { serviceId: string; current: string | null }) {
  const form = useRefreshingAction(changeServiceDueDateAction, () => "Due date changed");
  return (
    <form onSubmit={form.onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
      <input type="hidden" name="serviceId" value={serviceId} />
      <FormField label="Next due date" name="nextDueAt" error={form.fieldError("nextDueAt")} hint="Renewals follow the new date; an unpaid renewal for the old date is re-issued.">
        <Input name="nextDueAt" type="date" defaultValue={current ?? ""} required />
      </FormField>
      <Button type="submit" size="sm" variant="secondary" loading={form.pending}>
        Change due date
      </Button>
      <div className="basis-full">
        <FormError result={form.result} />
      </div>
    </form>
  );
}
