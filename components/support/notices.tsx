import { CalendarClock, Megaphone, Wrench } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/lib/format/dates";
import type { AnnouncementView, MaintenanceView } from "@/lib/support/status";

const STATE_LABEL = { scheduled: "Scheduled", in_progress: "In progress", completed: "Completed", cancelled: "Cancelled" } as const;
const STATE_TONE = { scheduled: "info", in_progress: "warning", completed: "success", cancelled: "neutral" } as const;

/** Human names for `kind:key` entries. */
export function affectsLabel(entry: string): string {
  if (entry === "*") return "All services";
  const [kind, key] = entry.split(":");
  const kinds: Record<string, string> = { vpn: "VPN", hosting: "Hosting", cloud: "Cloud", billing: "Billing", portal: "Portal" };
  const k = kinds[kind ?? ""] ?? kind;
  return key === "*" ? `${k}: all locations` : `${k}: ${key}`;
}

export function MaintenanceList({ windows, headingLevel = 3 }: { windows: MaintenanceView[]; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <ul className="grid gap-3" data-testid="maintenance-list">
      {windows.map((w) => (
        <li key={w.id} className="rounded-xl border border-border p-4" data-testid="maintenance-window">
          <div className="flex flex-wrap items-start justify-between gap-2">
            <H className="flex items-center gap-2 font-semibold text-fg">
              <Wrench aria-hidden="true" className="size-4 text-muted" />
              {w.title}
            </H>
            <div className="flex flex-wrap gap-1.5">
              <Badge tone={w.type === "emergency" ? "danger" : "info"}>{w.type === "emergency" ? "Emergency" : "Planned"}</Badge>
              <Badge tone={STATE_TONE[w.state]} dot>
                {STATE_LABEL[w.state]}
              </Badge>
            </div>
          </div>
          <p className="mt-1 flex items-center gap-1.5 text-sm text-muted">
            <CalendarClock aria-hidden="true" className="size-4" />
            <time dateTime={w.startsAt.toISOString()}>{formatDateTime(w.startsAt)}</time> – <time dateTime={w.endsAt.toISOString()}>{formatDateTime(w.endsAt)}</time> UTC
          </p>
          {w.html && <div className="mt-2 text-sm text-fg [&_a]:text-brand [&_a]:underline" dangerouslySetInnerHTML={{ __html: w.html }} />}
          {w.affects.length > 0 && (
            <p className="mt-2 flex flex-wrap gap-1.5 text-xs">
              <span className="text-muted">Affects:</span>
              {w.affects.map((a) => (
                <Badge key={a} tone="neutral">
                  {affectsLabel(a)}
                </Badge>
              ))}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

const LEVEL_TONE = { info: "info", warning: "warning", critical: "danger" } as const;

export function AnnouncementList({ items, headingLevel = 3 }: { items: AnnouncementView[]; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <ul className="grid gap-3" data-testid="announcements">
      {items.map((a) => (
        <li key={a.id} className="rounded-xl border border-border p-4">
          <div className="flex flex-wrap items-start justify-between gap-2">
            <H className="flex items-center gap-2 font-semibold text-fg">
              <Megaphone aria-hidden="true" className="size-4 text-muted" />
              {a.title}
            </H>
            <Badge tone={LEVEL_TONE[a.level]}>{a.level === "critical" ? "Important" : a.level === "warning" ? "Notice" : "News"}</Badge>
          </div>
          <div className="mt-2 text-sm text-fg [&_a]:text-brand [&_a]:underline [&_p+p]:mt-2" dangerouslySetInnerHTML={{ __html: a.html }} />
          <p className="mt-2 text-xs text-muted">{formatDateTime(a.publishAt ?? a.createdAt)}</p>
        </li>
      ))}
    </ul>
  );
}
