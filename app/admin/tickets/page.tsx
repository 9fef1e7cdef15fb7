import type { Metadata } from "next";
import Link from "next/link";
import { Search } from "lucide-react";
import { QueueBulkBar } from "@/components/support/admin-ticket-forms";
import { supportStrings, TICKET_STATUS_VALUES } from "@/components/support/strings";
import { PriorityBadge, TicketStatusBadge } from "@/components/support/ticket-badges";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Select } from "@/components/ui/select";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/format/dates";
import { listAssignableStaff } from "@/lib/support/people";
import { countSlaBreaches, formatDuration, type SlaTimer } from "@/lib/support/sla";
import { listDepartments, listQueue } from "@/lib/support/queries";

export const metadata: Metadata = { title: "Tickets" };

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

function SlaCell({ sla, breached }: { sla: SlaTimer | null; breached: boolean }) {
  if (!sla) return <span className="text-muted">—</span>;
  const what = sla.kind === "first_response" ? "First response" : "Resolution";
  return (
    <span className="grid gap-0.5" data-testid="sla-timer">
      {sla.breached || breached ? (
        <Badge tone="danger" dot data-testid="sla-breached" className="w-fit">
          Breached
        </Badge>
      ) : (
        <Badge tone={sla.remainingMs < 60 * 60_000 ? "warning" : "neutral"} className="w-fit">due in {formatDuration(sla.remainingMs)}</Badge>
      )}
      <span className="text-xs whitespace-nowrap text-muted">
        {what} {sla.remainingMs < 0 ? `${formatDuration(sla.remainingMs)} overdue` : `by ${formatDateTime(sla.dueAt)}`}
      </span>
    </span>
  );
}

export default async function AdminTicketsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("tickets.read");
  const params = await searchParams;
  const filter = { q: one(params.q), status: one(params.status) || "active", departmentId: one(params.department), assignee: one(params.assignee), tag: one(params.tag) };
  const [result, departments, staff, breaches, canManage] = await Promise.all([
    listQueue({ ...filter, me: actor.userId, page: Number(one(params.page)) || 1, pageSize: 25 }),
    listDepartments({ includeInactive: true }),
    listAssignableStaff(),
    countSlaBreaches(),
    roleHasPermission(actor.role, "tickets.manage"),
  ]);
  const pageCount = Math.max(1, Math.ceil(result.total / result.pageSize));
  const staffOptions = staff.map((s) => ({ value: s.id, label: s.name ?? s.email }));
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title="Tickets"
        description={`${result.total} ticket${result.total === 1 ? "" : "s"} in this view${filter.tag ? ` tagged “${filter.tag}”` : ""}.`}
        actions={
          <Link href="/admin/tickets?status=breached" className="text-sm font-medium text-brand hover:underline" data-testid="sla-breach-count">
            {breaches.total} in SLA breach
          </Link>
        }
      />
      <form method="get" action="/admin/tickets" role="search" key={JSON.stringify(filter)} className="grid gap-2 sm:grid-cols-2 lg:grid-cols-[1fr_repeat(3,11rem)_auto]">
        <label className="sr-only" htmlFor="queue-q">Search</label>
        <div className="relative">
          <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted" />
          <Input id="queue-q" name="q" type="search" defaultValue={filter.q} placeholder="Number, subject or guest email" className="pl-9" />
        </div>
        <label className="sr-only" htmlFor="queue-status">Status</label>
        <Select
          id="queue-status"
          name="status"
          defaultValue={filter.status}
          options={[
            { value: "active", label: "Active" },
            { value: "breached", label: "SLA breached" },
            ...TICKET_STATUS_VALUES.map((s) => ({ value: s, label: supportStrings.statusForStaff[s]! })),
            { value: "all", label: "All statuses" },
          ]}
        />
        <label className="sr-only" htmlFor="queue-department">Department</label>
        <Select id="queue-department" name="department" defaultValue={filter.departmentId} options={[{ value: "", label: "All departments" }, ...departments.map((d) => ({ value: d.id, label: d.name }))]} />
        <label className="sr-only" htmlFor="queue-assignee">Assignee</label>
        <Select
          id="queue-assignee"
          name="assignee"
          defaultValue={filter.assignee}
          options={[{ value: "", label: "Anyone" }, { value: "me", label: "Me" }, { value: "none", label: "Unassigned" }, ...staffOptions]}
        />
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </form>
      {canManage && result.rows.length > 0 && <QueueBulkBar staff={staffOptions} />}
      {result.rows.length === 0 ? (
        <EmptyState title="No tickets here" description={filter.q || filter.departmentId || filter.assignee ? "Try another search or filter." : "Nothing waiting. New tickets appear here as customers write in."} />
      ) : (
        <Card>
          <CardContent className="relative overflow-x-auto p-0 sm:p-0">
            <table className="w-full min-w-[60rem] text-left text-sm">
              <caption className="sr-only">Ticket queue, most urgent SLA first</caption>
              <thead className="text-xs text-muted uppercase">
                <tr className="border-b border-border">
                  {canManage && (
                    <th scope="col" className="w-10 px-4 py-2.5">
                      <span className="sr-only">Select</span>
                    </th>
                  )}
                  <th scope="col" className="px-3 py-2.5 font-medium">Ticket</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">Customer</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">Department</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">Priority</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">Status</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">Assignee</th>
                  <th scope="col" className="px-4 py-2.5 font-medium">SLA</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {result.rows.map((r) => (
                  <tr key={r.id} data-testid="queue-row" data-number={r.number}>
                    {canManage && (
                      <td className="px-4 py-2.5">
                        <input type="checkbox" name="ticketIds" value={r.id} form="queue-bulk" aria-label={`Select ${r.number}`} className="size-4 accent-brand" />
                      </td>
                    )}
                    <td className="max-w-80 min-w-56 px-3 py-2.5">
                      <Link href={`/admin/tickets/${r.number}`} className="font-medium text-brand hover:underline">
                        {r.number}
                      </Link>{" "}
                      <span className="text-fg">{r.subject}</span>
                      {r.tags.length > 0 && (
                        <span className="mt-1 flex flex-wrap gap-1">
                          {r.tags.map((tag) => (
                            <Link key={tag} href={`/admin/tickets?status=all&tag=${encodeURIComponent(tag)}`} className="rounded-full hover:underline">
                              <Badge tone="neutral">{tag}</Badge>
                            </Link>
                          ))}
                        </span>
                      )}
                    </td>
                    <td className="px-3 py-2.5">{r.customerEmail ?? <span className="text-muted">{r.customerId}</span>}</td>
                    <td className="px-3 py-2.5 text-muted">{r.departmentName}</td>
                    <td className="px-3 py-2.5">
                      <PriorityBadge priority={r.priority} />
                    </td>
                    <td className="px-3 py-2.5">
                      <TicketStatusBadge status={r.status} audience="staff" />
                    </td>
                    <td className="px-3 py-2.5">{r.assigneeName ?? <span className="text-muted">Unassigned</span>}</td>
                    <td className="px-4 py-2.5">
                      <SlaCell sla={r.sla} breached={r.firstResponseBreached || r.resolutionBreached} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </CardContent>
        </Card>
      )}
      <Pagination page={result.page} pageCount={pageCount} pathname="/admin/tickets" searchParams={params} />
    </div>
  );
}
