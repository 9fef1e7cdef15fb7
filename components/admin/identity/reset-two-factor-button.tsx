"use client";

import { useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { resetCustomerTwoFactorAction } from "@/app/admin/identity-actions";

export function ResetTwoFactorButton({ userId, email }: { userId: string; email: string }) {
  const [open, setOpen] = useState(false);
  const form = useServerAction(resetCustomerTwoFactorAction, { onSuccess: () => setOpen(false) });
  if (form.result?.ok) {
    return (
      <Alert tone="success" live>
        Two-step verification was reset for {email}. They were signed out everywhere.
      </Alert>
    );
  }
  return (
    <>
      <FormError result={form.result} />
      <Button variant="danger" onClick={() => setOpen(true)}>
        Reset two-step verification
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        onConfirm={() => {
          const data = new FormData();
          data.set("userId", userId);
          form.run(data);
        }}
        title={`Reset two-step verification for ${email}?`}
        description="Their authenticator and recovery codes stop working and they are signed out everywhere. Do this only after confirming who they are."
        confirmLabel="Reset"
        tone="danger"
        loading={form.pending}
      />
    </>
  );
}
