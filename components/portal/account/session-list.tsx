"use client";

import { useServerAction } from "@/components/forms/use-server-action";
import { FormError } from "@/components/forms/form-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { revokeSessionAction, signOutEverywhereAction } from "@/app/portal/account/actions";

export interface SessionRow {
  id: string;
  device: string;
  ip: string | null;
  lastSeen: string;
  current: boolean;
}

function RevokeButton({ sessionId }: { sessionId: string }) {
  const form = useServerAction(revokeSessionAction);
  return (
    <form onSubmit={form.onSubmit}>
      <input type="hidden" name="sessionId" value={sessionId} />
      <Button type="submit" size="sm" variant="ghost" loading={form.pending}>
        End session
      </Button>
      {form.result && !form.result.ok && (
        <p role="alert" className="text-sm text-danger">
          {form.result.formError}
        </p>
      )}
    </form>
  );
}

export function SessionList({ sessions }: { sessions: SessionRow[] }) {
  const everywhere = useServerAction(async () => signOutEverywhereAction());
  return (
    <div className="grid gap-4">
      <ul className="divide-y divide-border rounded-md border border-border">
        {sessions.map((s) => (
          <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 p-3">
            <div className="min-w-0">
              <p className="truncate text-sm font-medium text-fg">
                {s.device} {s.current && <Badge tone="brand">This device</Badge>}
              </p>
              <p className="text-xs text-muted">
                {s.ip ?? "Unknown network"} · last active {s.lastSeen}
              </p>
            </div>
            {!s.current && <RevokeButton sessionId={s.id} />}
          </li>
        ))}
      </ul>
      <FormError result={everywhere.result} />
      <div>
        <Button variant="secondary" loading={everywhere.pending} onClick={() => everywhere.run(new FormData())}>
          Sign out everywhere
        </Button>
      </div>
    </div>
  );
}
