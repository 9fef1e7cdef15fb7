"use client";

import { MailPlus } from "lucide-react";
import { useState } from "react";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { useToast } from "@/components/ui/toast";
import { revokeInviteAction } from "@/app/portal/organizations/actions";
import type { OrganizationRole } from "@/db/identity/schema";
import { RoleBadge } from "./role-badge";
import { organizationStrings } from "./strings";

const t = organizationStrings.pending;

export interface PendingInviteRow {
  id: string;
  email: string;
  role: OrganizationRole;
  expires: string;
}

function RevokeInvite({ organizationId, invite }: { organizationId: string; invite: PendingInviteRow }) {
  const { toast } = useToast();
  const [confirming, setConfirming] = useState(false);
  const revoke = useServerAction(revokeInviteAction, {
    onSuccess: () => {
      setConfirming(false);
      toast({ title: t.revoked(invite.email) });
    },
  });
  return (
    <div className="grid gap-1 sm:justify-items-end">
      <Button size="sm" variant="ghost" className="text-danger" aria-label={t.revokeLabel(invite.email)} onClick={() => setConfirming(true)}>
        {t.revoke}
      </Button>
      {revoke.result && !revoke.result.ok && (
        <p role="alert" className="text-sm font-medium text-danger">
          {revoke.result.formError}
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        onConfirm={() => {
          const data = new FormData();
          data.set("organizationId", organizationId);
          data.set("inviteId", invite.id);
          revoke.run(data);
        }}
        title={t.revokeTitle(invite.email)}
        description={t.revokeBody}
        confirmLabel={t.revoke}
        loading={revoke.pending}
      />
    </div>
  );
}

export function PendingInviteList({ organizationId, invites }: { organizationId: string; invites: PendingInviteRow[] }) {
  if (invites.length === 0) {
    return <EmptyState bordered={false} size="sm" icon={MailPlus} title={t.emptyTitle} description={t.emptyText} />;
  }
  return (
    <ul className="divide-y divide-border rounded-md border border-border">
      {invites.map((invite) => (
        <li key={invite.id} data-testid="pending-invite" className="flex flex-wrap items-center justify-between gap-3 p-3">
          <div className="min-w-0">
            <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-fg">
              <span className="min-w-0 truncate">{invite.email}</span>
              <RoleBadge role={invite.role} />
            </p>
            <p className="text-xs text-muted">{t.expires(invite.expires)}</p>
          </div>
          <RevokeInvite organizationId={organizationId} invite={invite} />
        </li>
      ))}
    </ul>
  );
}
