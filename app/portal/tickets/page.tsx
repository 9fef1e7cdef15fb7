import { LifeBuoy } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { AnnouncementList, MaintenanceList } from "@/components/support/notices";
import { supportStrings } from "@/components/support/strings";
import { TicketStatusBadge } from "@/components/support/ticket-badges";
import { ButtonLink } from "@/components/ui/button-link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { requireCustomer } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/format/dates";
import { listCustomerTickets } from "@/lib/support/queries";
import { getCustomerNotices } from "@/lib/support/status";

const t = supportStrings.portal;
export const metadata: Metadata = { title: t.title };

export default async function PortalTicketsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireCustomer();
  const params = await searchParams;
  const page = Number(typeof params.page === "string" ? params.page : 1) || 1;
  const [result, notices] = await Promise.all([listCustomerTickets(actor.userId, { page }), getCustomerNotices()]);
  const pageCount = Math.max(1, Math.ceil(result.total / result.pageSize));
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title={t.title} description={t.lead} actions={<ButtonLink href="/portal/tickets/new">{t.newTicket}</ButtonLink>} />
      {(notices.maintenance.length > 0 || notices.announcements.length > 0) && (
        <Card as="section" aria-labelledby="service-notices">
          <CardHeader className="flex-row items-center justify-between gap-4">
            <CardTitle id="service-notices">Service notices</CardTitle>
            <Link href="/status" className="text-sm font-medium text-brand hover:underline">
              Status page
            </Link>
          </CardHeader>
          <CardContent className="grid gap-3">
            {notices.maintenance.length > 0 && <MaintenanceList windows={notices.maintenance} />}
            {notices.announcements.length > 0 && <AnnouncementList items={notices.announcements} />}
          </CardContent>
        </Card>
      )}
      {result.rows.length === 0 ? (
        <EmptyState icon={LifeBuoy} title={t.emptyTitle} description={t.emptyText} action={<ButtonLink href="/portal/tickets/new">{t.newTicket}</ButtonLink>} />
      ) : (
        <Card>
          <CardContent className="p-0 sm:p-0">
            <ul className="divide-y divide-border" aria-label="Your tickets">
              {result.rows.map((r) => (
                <li key={r.id} className="grid gap-1 px-4 py-3 sm:grid-cols-[1fr_auto] sm:items-center sm:gap-4" data-testid="ticket-row">
                  <div className="min-w-0">
                    <Link href={`/portal/tickets/${r.number}`} className="font-medium text-fg hover:underline">
                      <span className="text-muted tabular-nums">{r.number}</span> {r.subject}
                    </Link>
                    <p className="text-xs text-muted">
                      {r.departmentName} · updated {formatDateTime(r.lastReplyAt ?? r.createdAt)}
                    </p>
                  </div>
                  <div>
                    <TicketStatusBadge status={r.status} audience="customer" />
                  </div>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      )}
      <Pagination page={result.page} pageCount={pageCount} pathname="/portal/tickets" searchParams={params} />
    </div>
  );
}
