"use client";
/** Cancel (with a confirmation naming the service and a choice of when) and "keep my service". */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { cancelServiceAction, resumeServiceAction } from "@/app/portal/services/actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Dialog, useDisclosure } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";
import { billingStrings } from "./strings";

const t = billingStrings.services;

export function CancelServiceButton({ serviceId, name, periodEnd }: { serviceId: string; name: string; periodEnd: string | null }) {
  const dialog = useDisclosure();
  const router = useRouter();
  const { toast } = useToast();
  const [when, setWhen] = useState<"period_end" | "now">(periodEnd ? "period_end" : "now");
  const form = useServerAction(cancelServiceAction, {
    onSuccess: (data) => {
      dialog.onClose();
      toast({ title: data.cancelAtPeriodEnd && periodEnd ? t.scheduled(periodEnd) : t.cancelled });
      router.refresh();
    },
  });
  const formId = `cancel-${serviceId}`;
  return (
    <>
      <Button variant="secondary" size="sm" onClick={dialog.onOpen}>
        {t.cancel}
      </Button>
      <Dialog
        open={dialog.open}
        onClose={dialog.onClose}
        title={t.cancelTitle(name)}
        description={t.cancelLead}
        dismissible={!form.pending}
        footer={
          <>
            <Button variant="secondary" onClick={dialog.onClose} disabled={form.pending} data-autofocus>
              {t.keep}
            </Button>
            <Button variant="danger" type="submit" form={formId} loading={form.pending}>
              {t.confirmCancel}
            </Button>
          </>
        }
      >
        <form id={formId} onSubmit={form.onSubmit} className="grid gap-4" noValidate>
          <input type="hidden" name="serviceId" value={serviceId} />
          <FormError result={form.result} />
          <fieldset className="grid gap-2">
            <legend className="sr-only">{t.cancelLead}</legend>
            {periodEnd && (
              <label className="flex cursor-pointer items-start gap-3 rounded-md border border-border p-3">
                <input type="radio" name="when" value="period_end" checked={when === "period_end"} onChange={() => setWhen("period_end")} className="mt-1 accent-brand" />
                <span className="grid gap-0.5">
                  <span className="font-medium text-fg">{t.cancelAtEnd(periodEnd)}</span>
                  <span className="text-muted">{t.cancelAtEndHint}</span>
                </span>
              </label>
            )}
            <label className="flex cursor-pointer items-start gap-3 rounded-md border border-border p-3">
              <input type="radio" name="when" value="now" checked={when === "now"} onChange={() => setWhen("now")} className="mt-1 accent-brand" />
              <span className="grid gap-0.5">
                <span className="font-medium text-fg">{t.cancelNow}</span>
                <span className="text-muted">{t.cancelNowHint}</span>
              </span>
            </label>
          </fieldset>
          <FormField label={t.cancelReason} name="reason" error={form.fieldError("reason")}>
            <Textarea name="reason" rows={2} maxLength={500} />
          </FormField>
        </form>
      </Dialog>
    </>
  );
}

export function ResumeServiceButton({ serviceId }: { serviceId: string }) {
  const router = useRouter();
  const { toast } = useToast();
  const form = useServerAction(resumeServiceAction, {
    onSuccess: () => {
      toast({ title: t.resumed });
      router.refresh();
    },
  });
  return (
    <form onSubmit={form.onSubmit} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="serviceId" value={serviceId} />
      <Button type="submit" size="sm" loading={form.pending}>
        {t.resume}
      </Button>
      {form.result && !form.result.ok && <span role="alert" className="text-sm text-danger">{form.result.formError}</span>}
    </form>
  );
}
