/** A service's provisioning runs and their steps, with live state words (never a spinner forever). */
import { StatusBadge } from "@/components/ui/badge";
import { formatDateTime } from "@/lib/format/dates";
import { billingStrings } from "./strings";

const t = billingStrings.services;

export interface RunView {
  id: string;
  action: string;
  status: string;
  attempt: number;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  steps: Array<{ seq: number; name: string; status: string; log: string | null }>;
}

const ACTION_WORDS: Record<string, string> = {
  create: "Set up",
  suspend: "Suspend",
  unsuspend: "Resume",
  terminate: "Remove",
  change_package: "Change plan",
  renew: "Renew",
  sync: "Sync",
};

export function ProvisioningRuns({ runs, showErrors = false }: { runs: RunView[]; showErrors?: boolean }) {
  if (runs.length === 0) return <p className="text-sm text-muted">{t.noRuns}</p>;
  return (
    <ol className="grid gap-4">
      {runs.map((run) => (
        <li key={run.id} className="grid gap-2 rounded-md border border-border p-3" data-testid="provisioning-run" data-status={run.status}>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-sm font-medium text-fg">
              {ACTION_WORDS[run.action] ?? run.action}
              {run.attempt > 1 && <span className="font-normal text-muted"> · {t.attempt(run.attempt)}</span>}
            </p>
            <div className="flex items-center gap-2">
              <span className="text-xs text-muted">{formatDateTime(run.finishedAt ?? run.createdAt)}</span>
              <StatusBadge status={run.status} />
            </div>
          </div>
          {run.steps.length > 0 && (
            <ol className="grid gap-1.5 border-l border-border pl-3 text-sm">
              {run.steps.map((step) => (
                <li key={step.seq} className="grid gap-0.5">
                  <span className="flex items-center gap-2">
                    <StatusBadge status={step.status} dot className="text-[11px]" />
                    <span className="text-fg">{step.name}</span>
                  </span>
                  {step.log && <span className="text-xs whitespace-pre-line text-muted">{step.log}</span>}
                </li>
              ))}
            </ol>
          )}
          {showErrors && run.error && <p className="text-sm text-danger">{run.error}</p>}
        </li>
      ))}
    </ol>
  );
}
