import type { Metadata } from "next";
import Link from "next/link";
import { affectsLabel } from "@/components/support/notices";
import { MaintenanceForm } from "@/components/support/settings-forms";
import { SupportSettingsNav } from "@/components/support/settings-nav";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/format/dates";
import { listMaintenanceWindows } from "@/lib/support/settings";
import { windowState } from "@/lib/support/status";

export const metadata: Metadata = { title: "Maintenance windows" };

const STATE = { scheduled: "Scheduled", in_progress: "In progress", completed: "Completed", cancelled: "Cancelled" } as const;

export default async function MaintenancePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff("support.settings.write");
  const params = await searchParams;
  const items = await listMaintenanceWindows();
  const editing = typeof params.edit === "string" ? items.find((w) => w.id === params.edit) : undefined;
  const now = new Date();
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title="Maintenance windows" description="Planned and emergency work, shown on /status and in the portal with what it affects." />
      <SupportSettingsNav current="/admin/support/maintenance" />
      {items.length === 0 ? (
        <EmptyState title="No maintenance windows" description="Schedule one before planned work so customers know in advance." />
      ) : (
        <Card>
          <CardContent className="p-0 sm:p-0">
            <ul className="divide-y divide-border">
              {items.map((w) => (
                <li key={w.id} className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
                  <div>
                    <p className="flex flex-wrap items-center gap-2 font-medium text-fg">
                      {w.title}
                      <Badge tone={w.type === "emergency" ? "danger" : "info"}>{w.type === "emergency" ? "Emergency" : "Planned"}</Badge>
                      <Badge tone="neutral">{STATE[windowState(w, now)]}</Badge>
                    </p>
                    <p className="text-xs text-muted">
                      {formatDateTime(w.startsAt)} – {formatDateTime(w.endsAt)} UTC · {w.affects.length ? w.affects.map(affectsLabel).join(", ") : "Nothing listed"}
                    </p>
                  </div>
                  <Link href={`/admin/support/maintenance?edit=${w.id}`} className="text-sm text-brand hover:underline">
                    Edit<span className="sr-only"> {w.title}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      )}
      <Card as="section" aria-labelledby="mw-form-heading">
        <CardHeader>
          <CardTitle id="mw-form-heading">{editing ? `Edit “${editing.title}”` : "Schedule a maintenance window"}</CardTitle>
        </CardHeader>
        <CardContent>
          <MaintenanceForm key={editing?.id ?? "new"} window={editing ?? null} />
        </CardContent>
      </Card>
    </div>
  );
}
