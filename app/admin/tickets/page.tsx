import type { Metadata } from "next";
import Link from "next/link";
import { DateCell, LinkCell } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { PriorityBadge, TicketStatusBadge } from "@/components/support/ticket-badges";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { ticketQueueTable, type TicketQueueRow } from "@/lib/admin/tables/definitions/support";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/format/dates";
import { listAssignableStaff } from "@/lib/support/people";
import { countSlaBreaches, formatDuration } from "@/lib/support/sla";
import { listDepartments } from "@/lib/support/queries";
import { bulkQueueAction } from "./actions";

export const metadata: Metadata = { title: "Tickets" };

function SlaCell({ row }: { row: TicketQueueRow }) {
  const { sla } = row;
  if (!sla) return <span className="text-muted">—</span>;
  const what = sla.kind === "first_response" ? "First response" : "Resolution";
  return (
    <span className="grid gap-0.5" data-testid="sla-timer">
      {row.breached ? (
        <Badge tone="danger" dot data-testid="sla-breached" className="w-fit">
          Breached
        </Badge>
      ) : (
        <Badge tone={sla.remainingMs < 60 * 60_000 ? "warning" : "neutral"} className="w-fit">
          due in {formatDuration(sla.remainingMs)}
        </Badge>
      )}
      <span className="text-xs whitespace-nowrap text-muted">
        {what} {sla.remainingMs < 0 ? `${formatDuration(sla.remainingMs)} overdue` : `by ${formatDateTime(sla.dueAt)}`}
      </span>
    </span>
  );
}

export default async function AdminTicketsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("tickets.read");
  const [params, departments, staff, breaches, canManage] = await Promise.all([
    searchParams,
    listDepartments({ includeInactive: true }),
    listAssignableStaff(),
    countSlaBreaches(),
    roleHasPermission(actor.role, "tickets.manage"),
  ]);
  const staffOptions = staff.map((s) => ({ id: s.id, name: s.name ?? s.email }));
  const definition = ticketQueueTable({ departments: departments.map((d) => ({ id: d.id, name: d.name })), staff: staffOptions, me: actor.userId });
  return (
    <div className="grid min-w-0 grid-cols-1 gap-6">
      <PageHeader
        title="Tickets"
        description="Active tickets, most urgent SLA first. Filter, sort (shift-click for several columns) and act on a selection."
        actions={
          <Link href="/admin/tickets?status=breached" className="text-sm font-medium text-brand hover:underline" data-testid="sla-breach-count">
            {breaches.total} in SLA breach
          </Link>
        }
      />
      <ServerDataTable<TicketQueueRow>
        id="queue"
        caption="Ticket queue"
        noun="tickets"
        definition={definition}
        searchParams={params}
        searchPlaceholder="Number, subject or guest email"
        rowLabel={(r) => r.number}
        columns={[
          {
            id: "ticket",
            header: "Ticket",
            hideable: false,
            cell: (r) => (
              <span className="grid max-w-80 min-w-56 gap-1">
                <span>
                  <LinkCell href={`/admin/tickets/${r.number}`}>{r.number}</LinkCell> <span className="text-fg">{r.subject}</span>
                </span>
                {r.tags.length > 0 && (
                  <span className="flex flex-wrap gap-1">
                    {r.tags.map((tag) => (
                      <Link key={tag} href={`/admin/tickets?status=all&tag=${encodeURIComponent(tag)}`} className="rounded-full hover:underline">
                        <Badge tone="neutral">{tag}</Badge>
                      </Link>
                    ))}
                  </span>
                )}
              </span>
            ),
          },
          { id: "customer", header: "Customer", cell: (r) => r.customerEmail ?? <span className="text-muted">{r.customerId}</span> },
          { id: "department", header: "Department", cell: (r) => <span className="text-muted">{r.departmentName ?? "—"}</span> },
          { id: "priority", header: "Priority", cell: (r) => <PriorityBadge priority={r.priority} /> },
          { id: "status", header: "Status", cell: (r) => <TicketStatusBadge status={r.status} audience="staff" /> },
          { id: "assignee", header: "Assignee", cell: (r) => r.assigneeName ?? <span className="text-muted">Unassigned</span> },
          { id: "sla", header: "SLA", cell: (r) => <SlaCell row={r} /> },
          { id: "lastReplyAt", header: "Last reply", cell: (r) => <DateCell value={r.lastReplyAt} time /> },
        ]}
        bulkActions={
          canManage
            ? [
                { id: "assign", label: "Assign selected", confirmTitle: "Assign {count} ticket{s}?", confirmDescription: "They go to the person chosen in “Assign to”. Each change is audited.", confirmLabel: "Assign tickets" },
                { id: "close", label: "Close selected", confirmTitle: "Close {count} ticket{s}?", confirmDescription: "Customers can still reply, which reopens a ticket. Each change is audited.", confirmLabel: "Close tickets", tone: "danger" },
              ]
            : undefined
        }
        bulkAction={canManage ? bulkQueueAction : undefined}
        bulkFields={
          canManage ? (
            <label className="flex items-center gap-2">
              <span>Assign to</span>
              <Select name="assigneeId" defaultValue="" className="h-8 w-48" options={[{ value: "", label: "Nobody (unassign)" }, ...staffOptions.map((s) => ({ value: s.id, label: s.name }))]} />
            </label>
          ) : undefined
        }
        empty={{ title: "No tickets here", description: "Nothing matches these filters. New tickets appear here as customers write in." }}
      />
    </div>
  );
}
