import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CustomerReplyForm, RatingForm, ResolveTicketButton } from "@/components/support/portal-ticket-forms";
import { supportStrings } from "@/components/support/strings";
import { PriorityBadge, TicketStatusBadge } from "@/components/support/ticket-badges";
import { TicketThread } from "@/components/support/ticket-thread";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireCustomer } from "@/lib/auth/guards";
import { AppError } from "@/lib/errors";
import { getCustomerTicket } from "@/lib/support/queries";

const t = supportStrings.portal;

export async function generateMetadata({ params }: { params: Promise<{ number: string }> }): Promise<Metadata> {
  return { title: `Ticket ${decodeURIComponent((await params).number).slice(0, 20)}` };
}

export default async function PortalTicketPage({ params }: { params: Promise<{ number: string }> }) {
  const actor = await requireCustomer();
  const { number } = await params;
  const ticket = await getCustomerTicket(actor.userId, decodeURIComponent(number)).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const active = ["open", "awaiting_staff", "awaiting_customer"].includes(ticket.status);
  return (
    <div className="grid grid-cols-1 gap-6">
      <p className="text-sm">
        <Link href="/portal/tickets" className="text-brand hover:underline">
          ← All tickets
        </Link>
      </p>
      <PageHeader
        title={ticket.subject}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="tabular-nums">{ticket.number}</span> · {ticket.departmentName}
            {ticket.related && <> · {ticket.related}</>}
          </span>
        }
        actions={
          <div className="flex items-center gap-2">
            <PriorityBadge priority={ticket.priority} />
            <TicketStatusBadge status={ticket.status} audience="customer" />
          </div>
        }
      />
      {ticket.mergedIntoNumber && (
        <Alert tone="info" title="Merged">
          This ticket was merged into <Link href={`/portal/tickets/${ticket.mergedIntoNumber}`} className="font-medium underline">{ticket.mergedIntoNumber}</Link>. Continue there.
        </Alert>
      )}
      <TicketThread messages={ticket.messages} attachmentBase="/portal/tickets/attachments" />
      {ticket.status !== "closed" ? (
        <Card as="section" aria-labelledby="reply-heading">
          <CardHeader className="flex-row items-center justify-between gap-4">
            <CardTitle id="reply-heading">Reply</CardTitle>
            {active && <ResolveTicketButton ticketId={ticket.id} />}
          </CardHeader>
          <CardContent>
            <CustomerReplyForm ticketId={ticket.id} />
          </CardContent>
        </Card>
      ) : (
        !ticket.mergedIntoNumber && <p className="text-sm text-muted">{t.closedNote}</p>
      )}
      {(ticket.status === "resolved" || ticket.status === "closed") && !ticket.mergedIntoNumber && (
        <Card as="section" aria-labelledby="rate-heading">
          <CardHeader>
            <CardTitle id="rate-heading">{t.rateTitle}</CardTitle>
          </CardHeader>
          <CardContent>
            {ticket.satisfaction ? <p className="text-sm text-fg" data-testid="rating-given">You rated this {ticket.satisfaction} out of 5. Thank you!</p> : <RatingForm ticketId={ticket.id} />}
          </CardContent>
        </Card>
      )}
    </div>
  );
}
