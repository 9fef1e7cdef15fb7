import type { Metadata } from "next";
import { DateCell, LinkCell, PersonCell, TextCell } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { AUTH_EVENT_LABELS } from "@/components/portal/account/auth-event-labels";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { authEventsTable, type AuthEventTableRow } from "@/lib/admin/tables/definitions/identity";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Authentication events" };

const FAILURES = new Set(["sign_in_failure", "locked", "two_factor_failure", "blocked_ip", "rate_limited"]);

export default async function AuthEventsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("security.manage");
  const canExport = await roleHasPermission(actor.role, "data.export");
  return (
    <div className="grid min-w-0 grid-cols-1 gap-6">
      <PageHeader title="Authentication events" description="Sign-ins, failures, lock-outs and security changes across every account." />
      <ServerDataTable<AuthEventTableRow>
        id="auth-events"
        caption="Authentication events"
        noun="events"
        definition={authEventsTable}
        searchParams={await searchParams}
        searchPlaceholder="Exact email, IP address or user id"
        rowLabel={(r) => `${r.type} ${r.email ?? ""}`}
        columns={[
          { id: "createdAt", header: "When", hideable: false, cell: (r) => <LinkCell href={`/admin/auth-events/${r.id}`}><DateCell value={r.createdAt} time /></LinkCell> },
          { id: "type", header: "Event", cell: (r) => <Badge tone={FAILURES.has(r.type) ? "danger" : "neutral"}>{AUTH_EVENT_LABELS[r.type as keyof typeof AUTH_EVENT_LABELS] ?? r.type}</Badge> },
          { id: "email", header: "Account", cell: (r) => (r.userId ? <PersonCell id={r.userId} email={r.email} /> : <TextCell value={r.email} />) },
          { id: "reason", header: "Reason", cell: (r) => <TextCell value={r.reason} /> },
          { id: "ip", header: "IP", cell: (r) => <TextCell value={r.ip} mono /> },
        ]}
        exportHref={canExport ? "/admin/export/auth-events" : undefined}
        empty={{ title: "No events found", description: "Events are recorded as people sign in and change security settings." }}
      />
    </div>
  );
}
