import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StaffReplyForm, TicketControls } from "@/components/support/admin-ticket-forms";
import { PriorityBadge, TicketStatusBadge } from "@/components/support/ticket-badges";
import { TicketThread } from "@/components/support/ticket-thread";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format/dates";
import { listAssignableStaff } from "@/lib/support/people";
import { listCannedReplies, listDepartments, getStaffTicket } from "@/lib/support/queries";
import { formatDuration } from "@/lib/support/sla";

export async function generateMetadata({ params }: { params: Promise<{ number: string }> }): Promise<Metadata> {
  return { title: `Ticket ${decodeURIComponent((await params).number).slice(0, 20)}` };
}

export default async function AdminTicketPage({ params }: { params: Promise<{ number: string }> }) {
  const actor = await requireStaff("tickets.read");
  const { number } = await params;
  const ticket = await getStaffTicket(decodeURIComponent(number)).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const [canned, departments, staff, canReply, canManage] = await Promise.all([
    listCannedReplies(ticket.departmentId),
    listDepartments({ includeInactive: true }),
    listAssignableStaff(),
    roleHasPermission(actor.role, "tickets.reply"),
    roleHasPermission(actor.role, "tickets.manage"),
  ]);
  const sla = ticket.sla;
  return (
    <div className="grid grid-cols-1 gap-6">
      <p className="text-sm">
        <Link href="/admin/tickets" className="text-brand hover:underline">
          ← Queue
        </Link>
      </p>
      <PageHeader
        title={ticket.subject}
        description={
          <span>
            <span className="tabular-nums">{ticket.number}</span> · {ticket.departmentName} · opened {formatDateTime(ticket.createdAt)} via {ticket.source}
          </span>
        }
        actions={
          <div className="flex items-center gap-2">
            <PriorityBadge priority={ticket.priority} />
            <TicketStatusBadge status={ticket.status} audience="staff" />
          </div>
        }
      />
      {ticket.mergedIntoNumber && (
        <Alert tone="info" title="Merged">
          Merged into <Link href={`/admin/tickets/${ticket.mergedIntoNumber}`} className="font-medium underline">{ticket.mergedIntoNumber}</Link>.
        </Alert>
      )}
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="grid min-w-0 content-start gap-6">
          <TicketThread messages={ticket.messages} attachmentBase="/admin/tickets/attachments" />
          {canReply && !ticket.mergedIntoNumber && (
            <Card as="section" aria-labelledby="staff-reply-heading">
              <CardHeader>
                <CardTitle id="staff-reply-heading">Reply or add a note</CardTitle>
              </CardHeader>
              <CardContent>
                <StaffReplyForm ticketId={ticket.id} canned={canned} />
              </CardContent>
            </Card>
          )}
        </div>
        <aside className="grid content-start gap-6" aria-label="Ticket details">
          <Card>
            <CardHeader>
              <CardTitle as="h2">Details</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid gap-3 text-sm">
                <div>
                  <dt className="text-muted">Customer</dt>
                  <dd className="break-all text-fg">
                    {ticket.isGuest ? (
                      <>
                        {ticket.customerEmail} <Badge tone="neutral">Guest</Badge>
                      </>
                    ) : (
                      <Link href={`/admin/customers/${ticket.customerId}`} className="text-brand hover:underline">
                        {ticket.customerEmail ?? ticket.customerId}
                      </Link>
                    )}
                  </dd>
                </div>
                {ticket.related && (
                  <div>
                    <dt className="text-muted">About</dt>
                    <dd className="text-fg">{ticket.related}</dd>
                  </div>
                )}
                <div>
                  <dt className="text-muted">SLA</dt>
                  <dd className="text-fg" data-testid="ticket-sla">
                    {sla ? (
                      <>
                        {sla.kind === "first_response" ? "First response" : "Resolution"} {sla.breached ? <Badge tone="danger">Breached</Badge> : <>due in {formatDuration(sla.remainingMs)}</>}
                        <span className="block text-xs text-muted">by {formatDateTime(sla.dueAt)}</span>
                      </>
                    ) : (
                      <span className="text-muted">No clock running</span>
                    )}
                    {(ticket.firstResponseBreachedAt || ticket.resolutionBreachedAt) && (
                      <span className="block text-xs text-danger">
                        {ticket.firstResponseBreachedAt && `First response breached ${formatDateTime(ticket.firstResponseBreachedAt)}. `}
                        {ticket.resolutionBreachedAt && `Resolution breached ${formatDateTime(ticket.resolutionBreachedAt)}.`}
                      </span>
                    )}
                  </dd>
                </div>
                {ticket.satisfaction && (
                  <div>
                    <dt className="text-muted">Satisfaction</dt>
                    <dd className="text-fg">
                      {ticket.satisfaction} / 5{ticket.satisfactionComment && <span className="block text-muted">“{ticket.satisfactionComment}”</span>}
                    </dd>
                  </div>
                )}
              </dl>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle as="h2">Manage</CardTitle>
            </CardHeader>
            <CardContent>
              <TicketControls
                ticketId={ticket.id}
                assigneeId={ticket.assigneeId}
                status={ticket.status}
                departmentId={ticket.departmentId}
                priority={ticket.priority}
                tags={ticket.tags}
                staff={staff.map((s) => ({ value: s.id, label: s.name ?? s.email }))}
                departments={departments.map((d) => ({ value: d.id, label: d.name }))}
                mergeCandidates={ticket.mergeCandidates}
                canManage={canManage}
              />
            </CardContent>
          </Card>
        </aside>
      </div>
    </div>
  );
}
