"use client";

import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { createApiTokenAction, revokeApiTokenAction } from "@/app/portal/account/actions";
import { KeyRound } from "lucide-react";

export interface TokenRow {
  id: string;
  name: string;
  scopes: string[];
  last4: string;
  created: string;
  expires: string;
  lastUsed: string;
  revoked: boolean;
}

function RevokeToken({ id, name }: { id: string; name: string }) {
  const form = useServerAction(revokeApiTokenAction);
  return (
    <form
      onSubmit={(event) => {
        if (!window.confirm(`Revoke the token "${name}"? Anything using it stops working at once.`)) {
          event.preventDefault();
          return;
        }
        form.onSubmit(event);
      }}
    >
      <input type="hidden" name="tokenId" value={id} />
      <Button type="submit" size="sm" variant="ghost" loading={form.pending} aria-label={`Revoke ${name}`}>
        Revoke
      </Button>
      {form.result && !form.result.ok && (
        <p role="alert" className="text-sm text-danger">
          {form.result.formError}
        </p>
      )}
    </form>
  );
}

export function ApiTokenManager({ tokens, scopes }: { tokens: TokenRow[]; scopes: Array<{ value: string; label: string }> }) {
  const create = useServerAction(createApiTokenAction);
  return (
    <div className="grid gap-6">
      {create.result?.ok && (
        <Alert tone="success" title="Copy your new token now" live>
          <p>It won't be shown again. Send it as <code>Authorization: Bearer …</code>.</p>
          <code data-testid="new-api-token" className="mt-2 block rounded bg-surface p-2 font-mono text-sm break-all text-fg">
            {create.result.data.token}
          </code>
        </Alert>
      )}
      <form onSubmit={create.onSubmit} className="grid max-w-xl gap-4" noValidate>
        <FormError result={create.result} />
        <FormField label="Token name" name="name" hint="So you recognise it later, e.g. “backup script”." error={create.fieldError("name")} required>
          <Input name="name" maxLength={60} required />
        </FormField>
        <fieldset className="grid gap-2">
          <legend className="mb-1 text-sm font-medium text-fg">What it may do</legend>
          {scopes.map((s) => (
            <Checkbox key={s.value} id={`scope-${s.value.replace(":", "-")}`} name="scopes" value={s.value} label={s.label} description={s.value} />
          ))}
          {create.fieldError("scopes") && <p className="text-sm font-medium text-danger">{create.fieldError("scopes")}</p>}
        </fieldset>
        <FormField label="Expires" name="expiresInDays" error={create.fieldError("expiresAt")}>
          <Select
            name="expiresInDays"
            defaultValue="90"
            options={[
              { value: "7", label: "In 7 days" },
              { value: "30", label: "In 30 days" },
              { value: "90", label: "In 90 days" },
              { value: "365", label: "In a year" },
              { value: "never", label: "Never" },
            ]}
          />
        </FormField>
        <div>
          <Button type="submit" loading={create.pending}>
            Create token
          </Button>
        </div>
      </form>
      {tokens.length === 0 ? (
        <EmptyState icon={KeyRound} title="No API tokens yet" description="Create one to use the Skyport API from your scripts." />
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Your API tokens</caption>
            <thead className="text-xs text-muted uppercase">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">Name</th>
                <th scope="col" className="py-2 pr-4 font-medium">Token</th>
                <th scope="col" className="py-2 pr-4 font-medium">Scopes</th>
                <th scope="col" className="py-2 pr-4 font-medium">Last used</th>
                <th scope="col" className="py-2 pr-4 font-medium">Expires</th>
                <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {tokens.map((t) => (
                <tr key={t.id} data-testid="api-token-row">
                  <td className="py-2 pr-4 font-medium text-fg">{t.name}</td>
                  <td className="py-2 pr-4 font-mono text-muted">…{t.last4}</td>
                  <td className="py-2 pr-4 text-muted">{t.scopes.join(", ")}</td>
                  <td className="py-2 pr-4 whitespace-nowrap text-muted">{t.lastUsed}</td>
                  <td className="py-2 pr-4 whitespace-nowrap text-muted">{t.expires}</td>
                  <td className="py-2 text-right">{t.revoked ? <Badge tone="neutral">Revoked</Badge> : <RevokeToken id={t.id} name={t.name} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
