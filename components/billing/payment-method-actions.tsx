"use client";
/** Per saved card: make it the default for renewals, or remove it (confirmed, naming the card). */
import { useRouter } from "next/navigation";
import { removePaymentMethodAction, setDefaultPaymentMethodAction } from "@/app/portal/billing/actions";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, useDisclosure } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";

export function PaymentMethodActions({ methodId, label, isDefault }: { methodId: string; label: string; isDefault: boolean }) {
  const router = useRouter();
  const { toast } = useToast();
  const confirm = useDisclosure();
  const makeDefault = useServerAction(setDefaultPaymentMethodAction, {
    onSuccess: () => {
      toast({ title: `${label} is now your default` });
      router.refresh();
    },
  });
  const remove = useServerAction(removePaymentMethodAction, {
    onSuccess: () => {
      confirm.onClose();
      toast({ title: `${label} removed` });
      router.refresh();
    },
  });
  const form = (id: string) => {
    const f = new FormData();
    f.set("methodId", id);
    return f;
  };
  const error = (makeDefault.result && !makeDefault.result.ok && makeDefault.result.formError) || (remove.result && !remove.result.ok && remove.result.formError);
  return (
    <div className="flex flex-wrap items-center gap-2">
      {!isDefault && (
        <Button size="sm" variant="secondary" loading={makeDefault.pending} onClick={() => makeDefault.run(form(methodId))}>
          Make default<span className="sr-only"> ({label})</span>
        </Button>
      )}
      <Button size="sm" variant="ghost" onClick={confirm.onOpen}>
        Remove<span className="sr-only"> {label}</span>
      </Button>
      {error && (
        <span role="alert" className="text-sm text-danger">
          {error}
        </span>
      )}
      <ConfirmDialog
        open={confirm.open}
        onClose={confirm.onClose}
        onConfirm={() => remove.run(form(methodId))}
        loading={remove.pending}
        title={`Remove ${label}?`}
        description={
          isDefault
            ? "Renewals will use your other saved card, or be emailed to you as invoices to pay if you have none."
            : "It will no longer be charged for anything. You can add it again when you next pay by card."
        }
        confirmLabel="Remove card"
      />
    </div>
  );
}
