"use client";
/** Back-office VPN forms: locations, agent tokens, the VIP list, customers' VPN access and devices. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  addVipEmailAction,
  createServerAction,
  grantVipPlanAction,
  issueAgentTokenAction,
  removeVipEmailAction,
  revokeAgentTokenAction,
  setVpnAccessAction,
  staffDeleteDeviceAction,
  staffSetDeviceEnabledAction,
  updateServerAction,
} from "@/app/admin/vpn-actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { ConfirmDialog, useDisclosure } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";

export interface ServerFormValues {
  id?: string;
  slug: string;
  name: string;
  countryCode: string;
  city: string;
  description: string;
  endpointHost: string;
  endpointPort: number;
  publicKey: string;
  accessLevel: "public" | "vip";
  capacity: number;
  active: boolean;
  provider: string;
  monthlyCost: string;
  monthlyCostCurrency: string;
}

export const EMPTY_SERVER: ServerFormValues = {
  slug: "",
  name: "",
  countryCode: "",
  city: "",
  description: "",
  endpointHost: "",
  endpointPort: 51820,
  publicKey: "",
  accessLevel: "public",
  capacity: 250,
  active: true,
  provider: "",
  monthlyCost: "",
  monthlyCostCurrency: "EUR",
};

export function ServerForm({ initial }: { initial: ServerFormValues }) {
  const router = useRouter();
  const { toast } = useToast();
  const editing = Boolean(initial.id);
  const form = useServerAction(editing ? updateServerAction : createServerAction, {
    onSuccess: (data) => {
      toast({ title: editing ? "Location saved" : "Location created", tone: "success" });
      if (!editing) router.push(`/admin/vpn-servers/${data.id}`);
    },
  });
  const f = (name: string) => form.fieldError(name);
  return (
    <form onSubmit={form.onSubmit} className="grid gap-4" noValidate>
      <FormError result={form.result} />
      {initial.id && <input type="hidden" name="serverId" value={initial.id} />}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <FormField label="Slug" name="slug" error={f("slug")} hint="e.g. de-fra" required>
          <Input name="slug" defaultValue={initial.slug} maxLength={40} required />
        </FormField>
        <FormField label="Name" name="name" error={f("name")} required>
          <Input name="name" defaultValue={initial.name} maxLength={80} required />
        </FormField>
        <FormField label="Country code" name="countryCode" error={f("countryCode")} hint="Two letters, e.g. DE" required>
          <Input name="countryCode" defaultValue={initial.countryCode} maxLength={2} required />
        </FormField>
        <FormField label="City" name="city" error={f("city")} required>
          <Input name="city" defaultValue={initial.city} maxLength={80} required />
        </FormField>
        <FormField label="Endpoint host" name="endpointHost" error={f("endpointHost")} hint="Host name or IP address" required>
          <Input name="endpointHost" defaultValue={initial.endpointHost} maxLength={253} required />
        </FormField>
        <FormField label="Endpoint port" name="endpointPort" error={f("endpointPort")} required>
          <Input name="endpointPort" type="number" min={1} max={65535} defaultValue={initial.endpointPort} required />
        </FormField>
        <FormField label="Server public key" name="publicKey" error={f("publicKey")} className="sm:col-span-2" required>
          <Input name="publicKey" defaultValue={initial.publicKey} maxLength={60} required className="font-mono" />
        </FormField>
        <FormField label="Access" name="accessLevel" error={f("accessLevel")}>
          <Select
            name="accessLevel"
            defaultValue={initial.accessLevel}
            options={[
              { value: "public", label: "Public" },
              { value: "vip", label: "VIP only" },
            ]}
          />
        </FormField>
        <FormField label="Capacity (peers)" name="capacity" error={f("capacity")}>
          <Input name="capacity" type="number" min={1} defaultValue={initial.capacity} />
        </FormField>
        <FormField label="Provider" name="provider" error={f("provider")} optional>
          <Input name="provider" defaultValue={initial.provider} maxLength={80} />
        </FormField>
        <div className="grid grid-cols-[1fr_6rem] gap-2">
          <FormField label="Monthly cost" name="monthlyCost" error={f("monthlyCost")} optional>
            <Input name="monthlyCost" inputMode="decimal" defaultValue={initial.monthlyCost} />
          </FormField>
          <FormField label="Currency" name="monthlyCostCurrency" error={f("monthlyCostCurrency")}>
            <Input name="monthlyCostCurrency" defaultValue={initial.monthlyCostCurrency} maxLength={3} />
          </FormField>
        </div>
        <FormField label="Description" name="description" error={f("description")} className="sm:col-span-2" optional>
          <Textarea name="description" defaultValue={initial.description} rows={2} maxLength={500} />
        </FormField>
      </div>
      <Checkbox name="active" label="Active" description="Inactive locations are hidden from customers and carry no peers." defaultChecked={initial.active} />
      <div>
        <Button type="submit" loading={form.pending}>
          {editing ? "Save location" : "Create location"}
        </Button>
      </div>
    </form>
  );
}

/** Issues or rotates the agent token; the token is shown once, here, and never again. */
export function AgentTokenPanel({ serverId, hasToken }: { serverId: string; hasToken: boolean }) {
  const [token, setToken] = useState<string | null>(null);
  const issue = useServerAction(issueAgentTokenAction, { onSuccess: (data) => setToken(data.token) });
  const revoke = useServerAction(revokeAgentTokenAction, { onSuccess: () => setToken(null) });
  const confirm = useDisclosure();
  return (
    <div className="grid gap-3">
      <FormError result={issue.result} />
      <FormError result={revoke.result} />
      {token && (
        <Alert tone="success" live title="Copy the agent token now">
          <p>It is shown only this once; Skyport keeps only a hash.</p>
          <code className="mt-2 block break-all rounded bg-bg-subtle p-2 font-mono text-xs" data-testid="agent-token">
            {token}
          </code>
        </Alert>
      )}
      <div className="flex flex-wrap gap-2">
        <form onSubmit={issue.onSubmit}>
          <input type="hidden" name="serverId" value={serverId} />
          <Button type="submit" loading={issue.pending} variant={hasToken ? "secondary" : "primary"}>
            {hasToken ? "Rotate agent token" : "Issue agent token"}
          </Button>
        </form>
        {hasToken && (
          <Button variant="ghost" onClick={confirm.onOpen}>
            Revoke token
          </Button>
        )}
      </div>
      <form id={`revoke-${serverId}`} onSubmit={revoke.onSubmit} hidden>
        <input type="hidden" name="serverId" value={serverId} />
      </form>
      <ConfirmDialog
        open={confirm.open}
        onClose={confirm.onClose}
        title="Revoke this location's agent token?"
        description="The agent is refused and applies nothing until it is given a new token; the peers already on the server stay."
        confirmLabel="Revoke"
        loading={revoke.pending}
        onConfirm={() => {
          (document.getElementById(`revoke-${serverId}`) as HTMLFormElement | null)?.requestSubmit();
          confirm.onClose();
        }}
      />
    </div>
  );
}

export function VipAddForm() {
  const form = useServerAction(addVipEmailAction, { onSuccess: (_d, el) => el?.reset() });
  return (
    <form onSubmit={form.onSubmit} className="grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-end" noValidate>
      <div className="sm:col-span-3">
        <FormError result={form.result} />
        {form.result?.ok && (
          <Alert tone="success" live>
            {form.result.data.email} is on the VIP list.
          </Alert>
        )}
      </div>
      <FormField label="Email" name="email" error={form.fieldError("email")} required>
        <Input name="email" type="email" maxLength={254} required />
      </FormField>
      <FormField label="Note" name="note" error={form.fieldError("note")} optional>
        <Input name="note" maxLength={500} />
      </FormField>
      <Button type="submit" loading={form.pending}>
        Add to VIP list
      </Button>
    </form>
  );
}

export function VipRemoveButton({ vipId, email }: { vipId: string; email: string }) {
  const confirm = useDisclosure();
  const form = useServerAction(removeVipEmailAction, { onSuccess: () => confirm.onClose() });
  return (
    <>
      <form id={`vip-${vipId}`} onSubmit={form.onSubmit} hidden>
        <input type="hidden" name="vipId" value={vipId} />
      </form>
      <Button size="sm" variant="ghost" onClick={confirm.onOpen}>
        Remove
      </Button>
      {form.result && !form.result.ok && <span className="text-xs text-danger">{form.result.formError}</span>}
      <ConfirmDialog
        open={confirm.open}
        onClose={confirm.onClose}
        title={<>Remove {email} from the VIP list?</>}
        description="Their VIP-only locations stop working unless their plan includes VIP access."
        confirmLabel="Remove"
        loading={form.pending}
        onConfirm={() => (document.getElementById(`vip-${vipId}`) as HTMLFormElement | null)?.requestSubmit()}
      />
    </>
  );
}

export function GrantPlanForm() {
  const form = useServerAction(grantVipPlanAction);
  return (
    <form onSubmit={form.onSubmit} className="grid gap-4 sm:grid-cols-[1fr_10rem_auto] sm:items-end" noValidate>
      <div className="sm:col-span-3">
        <FormError result={form.result} />
        {form.result?.ok && (
          <Alert tone="success" live>
            {form.result.data.email} now has a VPN plan without payment.
          </Alert>
        )}
      </div>
      <FormField label="Customer email" name="email" error={form.fieldError("email")} required>
        <Input id="grant-email" name="email" type="email" maxLength={254} required />
      </FormField>
      <FormField label="Devices" name="deviceLimit" error={form.fieldError("deviceLimit")} required>
        <Input name="deviceLimit" type="number" min={1} max={100} defaultValue={5} required />
      </FormField>
      <Button type="submit" loading={form.pending}>
        Grant plan
      </Button>
    </form>
  );
}

export function VpnAccessForm() {
  const form = useServerAction(setVpnAccessAction);
  const [which, setWhich] = useState<string | null>(null);
  return (
    <form
      onSubmit={(event) => {
        // The pressed button says which way: FormData includes the submitter's name/value.
        event.preventDefault();
        const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        setWhich(submitter?.value ?? null);
        form.run(new FormData(event.currentTarget, submitter));
      }}
      className="grid gap-4 sm:grid-cols-[1fr_auto_auto] sm:items-end"
      noValidate
    >
      <div className="sm:col-span-3">
        <FormError result={form.result} />
        {form.result?.ok && (
          <Alert tone="success" live>
            {form.result.data.suspended ? "VPN access suspended" : "VPN access restored"} for {form.result.data.email}
            {form.result.data.changed === 0 ? " (nothing to change)." : "."}
          </Alert>
        )}
      </div>
      <FormField label="Customer email" name="email" error={form.fieldError("email")} required>
        <Input id="access-email" name="email" type="email" maxLength={254} required />
      </FormField>
      <Button type="submit" name="suspended" value="true" variant="danger" loading={form.pending && which === "true"}>
        Suspend VPN access
      </Button>
      <Button type="submit" name="suspended" value="false" variant="secondary" loading={form.pending && which === "false"}>
        Restore VPN access
      </Button>
    </form>
  );
}

export function StaffDeviceActions({ userId, deviceId, name, status }: { userId: string; deviceId: string; name: string; status: "active" | "disabled" }) {
  const confirm = useDisclosure();
  const toggle = useServerAction(staffSetDeviceEnabledAction);
  const remove = useServerAction(staffDeleteDeviceAction, { onSuccess: () => confirm.onClose() });
  const error = [toggle.result, remove.result].find((r) => r && !r.ok);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <form onSubmit={toggle.onSubmit}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="deviceId" value={deviceId} />
        <input type="hidden" name="enabled" value={status === "active" ? "false" : "true"} />
        <Button type="submit" size="sm" variant="ghost" loading={toggle.pending}>
          {status === "active" ? "Disable" : "Enable"}
        </Button>
      </form>
      <Button size="sm" variant="ghost" onClick={confirm.onOpen}>
        Delete
      </Button>
      <form id={`staff-delete-${deviceId}`} onSubmit={remove.onSubmit} hidden>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="deviceId" value={deviceId} />
      </form>
      {error && !error.ok && <span className="text-xs text-danger">{error.formError}</span>}
      <ConfirmDialog
        open={confirm.open}
        onClose={confirm.onClose}
        title={<>Delete the device “{name}”?</>}
        description="Its configurations stop working everywhere. The customer is not asked."
        confirmLabel="Delete device"
        loading={remove.pending}
        onConfirm={() => (document.getElementById(`staff-delete-${deviceId}`) as HTMLFormElement | null)?.requestSubmit()}
      />
    </div>
  );
}
