import { ArrowUpRight, ScrollText } from "lucide-react";
import type { Metadata } from "next";
import { requireStaff } from "@/lib/auth/guards";
import Link from "next/link";
import { adminStrings } from "@/components/admin/strings";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

const t = adminStrings.dashboard;

export const metadata: Metadata = { title: t.metaTitle };

/** Each figure links to the filtered list behind it; until the data exists, it says so (no made-up numbers). */
const kpis = [
  { ...t.kpis.activeServices, href: "/admin/services?status=active" },
  { ...t.kpis.revenue, href: "/admin/payments?period=this-month" },
  { ...t.kpis.overdue, href: "/admin/invoices?status=overdue" },
  { ...t.kpis.openTickets, href: "/admin/tickets?status=open" },
  { ...t.kpis.serversOnline, href: "/admin/vpn-servers?status=online" },
  { ...t.kpis.failedJobs, href: "/admin/jobs?status=failed" },
];

export default async function AdminDashboardPage() {
  await requireStaff();
  return (
    <div className="grid gap-6">
      <PageHeader title={t.title} description={t.lead} />
      <section aria-label={t.kpisLabel}>
        <ul className="grid grid-cols-2 gap-3 xl:grid-cols-3 2xl:grid-cols-6">
          {kpis.map((kpi) => (
            <li key={kpi.href}>
              <Link
                href={kpi.href}
                className="group flex h-full flex-col rounded-lg border border-border bg-surface p-3 shadow-card transition-colors hover:border-border-strong sm:p-4"
              >
                <span className="flex items-center justify-between gap-2 text-[13px] font-medium text-muted">
                  {kpi.label}
                  <ArrowUpRight
                    aria-hidden="true"
                    className="hidden size-4 shrink-0 opacity-0 sm:block transition-opacity group-hover:opacity-100 group-focus-visible:opacity-100"
                  />
                </span>
                <span className="mt-auto pt-2 text-2xl font-semibold tracking-tight text-muted" data-numeric>
                  <span aria-hidden="true">—</span>
                  <span className="sr-only">{t.noData}</span>
                </span>
                <span className="mt-1 hidden text-xs text-muted sm:block">{kpi.hint}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <Card as="section" aria-labelledby="admin-activity">
        <CardHeader>
          <CardTitle id="admin-activity">{t.activity.title}</CardTitle>
        </CardHeader>
        <CardContent>
          <EmptyState
              bordered={false}
            icon={ScrollText}
            title={t.activity.emptyTitle}
            description={t.activity.emptyText}
            action={
              <ButtonLink href="/admin/audit-log" variant="secondary" size="sm">
                {t.activity.action}
              </ButtonLink>
            }
          />
        </CardContent>
      </Card>
    </div>
  );
}
