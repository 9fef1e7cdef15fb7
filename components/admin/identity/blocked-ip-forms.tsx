"use client";

import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { blockIpAction, unblockIpAction } from "@/app/admin/identity-actions";

export function BlockIpForm() {
  const form = useServerAction(blockIpAction);
  return (
    <form onSubmit={form.onSubmit} className="grid gap-4 md:grid-cols-[12rem_1fr_10rem_auto] md:items-end" noValidate>
      <div className="md:col-span-4">
        <FormError result={form.result} />
      </div>
      <FormField label="Address or range" name="cidr" hint="e.g. 203.0.113.7 or 198.51.100.0/24" error={form.fieldError("cidr")} required>
        <Input name="cidr" maxLength={64} required />
      </FormField>
      <FormField label="Reason" name="reason" error={form.fieldError("reason")} required>
        <Input name="reason" maxLength={200} required />
      </FormField>
      <FormField label="For" name="expiresInDays" error={form.fieldError("expiresAt")}>
        <Select
          name="expiresInDays"
          defaultValue="7"
          options={[
            { value: "1", label: "1 day" },
            { value: "7", label: "7 days" },
            { value: "30", label: "30 days" },
            { value: "never", label: "Until removed" },
          ]}
        />
      </FormField>
      <Button type="submit" variant="danger" loading={form.pending}>
        Block
      </Button>
    </form>
  );
}

export function UnblockButton({ id, cidr }: { id: string; cidr: string }) {
  const form = useServerAction(unblockIpAction);
  return (
    <form onSubmit={form.onSubmit}>
      <input type="hidden" name="id" value={id} />
      <Button type="submit" size="sm" variant="ghost" loading={form.pending} aria-label={`Unblock ${cidr}`}>
        Unblock
      </Button>
    </form>
  );
}
