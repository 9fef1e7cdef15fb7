import { ArrowUpRight } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { MiniBars, RevenueChart } from "@/components/admin/dashboard/charts";
import { adminStrings } from "@/components/admin/strings";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { loadDashboard } from "@/lib/admin/dashboard";
import { requireStaff } from "@/lib/auth/guards";
import { permissionsForRole } from "@/lib/auth/permissions";
import { formatMoney } from "@/lib/format/money";

const t = adminStrings.dashboard;

export const metadata: Metadata = { title: t.metaTitle };

const money = (rows: Array<{ currency: string; amount: number }>) => (rows.length ? rows.map((r) => formatMoney(r.amount, r.currency)).join(" · ") : "—");
const linkClass = "rounded text-brand underline-offset-4 hover:underline focus-visible:outline-2";

/** A figure and the list behind it: the whole card is one link (the issue: every number clickable). */
function Kpi({ label, href, value, hint, testId }: { label: string; href: string; value: ReactNode; hint?: ReactNode; testId: string }) {
  return (
    <li>
      <Link
        href={href}
        data-testid={testId}
        className="group flex h-full flex-col rounded-lg border border-border bg-surface p-3 shadow-card transition-colors hover:border-border-strong sm:p-4"
      >
        <span className="flex items-center justify-between gap-2 text-[13px] font-medium text-muted">
          {label}
          <ArrowUpRight aria-hidden="true" className="hidden size-4 shrink-0 opacity-0 transition-opacity group-hover:opacity-100 group-focus-visible:opacity-100 sm:block" />
        </span>
        <span className="mt-auto pt-2 text-xl font-semibold tracking-tight text-fg tabular-nums sm:text-2xl" data-numeric>
          {value}
        </span>
        {hint && <span className="mt-1 text-xs text-muted">{hint}</span>}
      </Link>
    </li>
  );
}

export default async function AdminDashboardPage() {
  const actor = await requireStaff();
  const granted = await permissionsForRole(actor.role);
  const access = {
    billing: granted.has("invoices.read"),
    customers: granted.has("customers.read"),
    tickets: granted.has("tickets.read"),
    jobs: granted.has("jobs.manage"),
  };
  const data = await loadDashboard(access);
  const thisMonth = data.revenue?.months.at(-1);
  const revenueThisMonth = new Map<string, number>();
  for (const p of data.revenue?.points ?? []) if (p.month === thisMonth) revenueThisMonth.set(p.currency, (revenueThisMonth.get(p.currency) ?? 0) + p.amount);
  const activeServices = data.activeServices?.reduce((a, p) => a + p.count, 0) ?? 0;
  const openTickets = data.tickets?.reduce((a, p) => a + p.count, 0) ?? 0;
  const online = data.servers?.filter((s) => s.online).length ?? 0;
  const failed = data.jobs?.reduce((a, j) => a + j.failed + j.dead, 0) ?? 0;
  const firstOfMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1)).toISOString().slice(0, 10);

  // Revenue chart in the main currency (the one with most revenue); other currencies are listed, never converted.
  const totals = new Map<string, number>();
  for (const p of data.revenue?.points ?? []) totals.set(p.currency, (totals.get(p.currency) ?? 0) + p.amount);
  const mainCurrency = [...totals.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "USD";
  const gateways = [...new Set((data.revenue?.points ?? []).filter((p) => p.currency === mainCurrency).map((p) => p.gateway))].sort();
  const chartRows = (data.revenue?.months ?? []).map((month) => {
    const row: Record<string, number | string> = { month };
    for (const g of gateways) row[g] = 0;
    for (const p of data.revenue!.points) if (p.month === month && p.currency === mainCurrency) row[p.gateway] = p.amount;
    return row;
  });

  return (
    <div className="grid gap-6">
      <PageHeader title={t.title} description={t.lead} />
      <section aria-label={t.kpisLabel}>
        <ul className="grid grid-cols-2 gap-3 xl:grid-cols-3 2xl:grid-cols-6">
          {access.billing && (
            <Kpi testId="kpi-revenue" label="Revenue this month" href={`/admin/payments?status=succeeded&paidFrom=${firstOfMonth}`} value={money([...revenueThisMonth].map(([currency, amount]) => ({ currency, amount })))} hint="Payments received since the 1st, less refunds." />
          )}
          {access.billing && (
            <Kpi testId="kpi-mrr" label="MRR" href="/admin/services?status=active" value={money((data.mrr ?? []).map((m) => ({ currency: m.currency, amount: m.end })))} hint="Recurring revenue per month, by currency." />
          )}
          {access.billing && <Kpi testId="kpi-services" label="Active services" href="/admin/services?status=active" value={activeServices.toLocaleString("en")} />}
          {access.billing && (
            <Kpi testId="kpi-overdue" label="Overdue invoices" href="/admin/invoices?status=overdue" value={money((data.overdue ?? []).map((o) => ({ currency: o.currency, amount: o.amount })))} hint={`${(data.overdue ?? []).reduce((a, o) => a + o.invoices, 0)} invoices`} />
          )}
          {access.customers && data.signUps && (
            <Kpi testId="kpi-signups" label="New sign-ups (30 days)" href={`/admin/customers?createdFrom=${data.signUps.since.toISOString().slice(0, 10)}`} value={data.signUps.last30Days.toLocaleString("en")} hint={`${data.signUps.previous30Days} in the 30 days before`} />
          )}
          {access.tickets && <Kpi testId="kpi-tickets" label="Open tickets" href="/admin/tickets?status=open" value={openTickets.toLocaleString("en")} />}
          {access.tickets && data.slaBreaches && (
            <Kpi testId="kpi-sla-breaches" label="SLA breaches" href="/admin/tickets?status=breached" value={data.slaBreaches.total.toLocaleString("en")} hint={`${data.slaBreaches.firstResponse} first response · ${data.slaBreaches.resolution} resolution`} />
          )}
          <Kpi testId="kpi-servers" label="VPN servers online" href="/admin/vpn-servers?status=online" value={`${online} / ${data.servers?.length ?? 0}`} />
          {access.jobs && <Kpi testId="kpi-jobs" label="Failed jobs" href="/admin/jobs?status=failed" value={failed.toLocaleString("en")} />}
        </ul>
      </section>

      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        {data.revenue && (
          <Card as="section" aria-labelledby="revenue-title" className="xl:col-span-2">
            <CardHeader>
              <CardTitle id="revenue-title">Revenue, last 12 months, by gateway ({mainCurrency})</CardTitle>
            </CardHeader>
            <CardContent>
              <RevenueChart data={chartRows} series={gateways} currency={mainCurrency} />
              <table className="sr-only">
                <caption>Revenue per month and gateway</caption>
                <thead><tr><th scope="col">Month</th><th scope="col">Gateway</th><th scope="col">Amount</th></tr></thead>
                <tbody>
                  {data.revenue.points.map((p) => (
                    <tr key={`${p.month}-${p.gateway}-${p.currency}`}><td>{p.month}</td><td>{p.gateway}</td><td>{formatMoney(p.amount, p.currency)}</td></tr>
                  ))}
                </tbody>
              </table>
              <ul className="mt-3 flex flex-wrap gap-2 text-sm">
                {[...new Set(data.revenue.points.map((p) => p.gateway))].sort().map((g) => (
                  <li key={g}><Link className={linkClass} href={`/admin/payments?gateway=${g}&status=succeeded`}>{g.replace("_", " ")} payments</Link></li>
                ))}
              </ul>
            </CardContent>
          </Card>
        )}

        {data.mrr && (
          <Card as="section" aria-labelledby="mrr-title">
            <CardHeader>
              <CardTitle id="mrr-title">MRR movement this month</CardTitle>
            </CardHeader>
            <CardContent>
              {data.mrr.length === 0 ? (
                <p className="text-sm text-muted">No recurring services yet.</p>
              ) : (
                <div className="overflow-x-auto">
                  <table className="w-full text-sm" data-testid="mrr-table">
                    <caption className="sr-only">MRR movement per currency</caption>
                    <thead className="text-xs text-muted uppercase">
                      <tr>
                        {["Currency", "Start", "New", "Expansion", "Contraction", "Churn", "Now"].map((h, i) => (
                          <th key={h} scope="col" className={`py-2 pr-3 font-medium ${i ? "text-right" : "text-left"}`}>{h}</th>
                        ))}
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-border tabular-nums">
                      {data.mrr.map((m) => (
                        <tr key={m.currency}>
                          <th scope="row" className="py-2 pr-3 text-left font-medium">{m.currency}</th>
                          <td className="py-2 pr-3 text-right">{formatMoney(m.start, m.currency)}</td>
                          <td className="py-2 pr-3 text-right text-success">+{formatMoney(m.new, m.currency)}</td>
                          <td className="py-2 pr-3 text-right text-success">+{formatMoney(m.expansion, m.currency)}</td>
                          <td className="py-2 pr-3 text-right text-danger">−{formatMoney(m.contraction, m.currency)}</td>
                          <td className="py-2 pr-3 text-right text-danger">−{formatMoney(m.churn, m.currency)}</td>
                          <td className="py-2 pr-3 text-right font-semibold">{formatMoney(m.end, m.currency)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </CardContent>
          </Card>
        )}

        {data.activeServices && (
          <Card as="section" aria-labelledby="services-title">
            <CardHeader>
              <CardTitle id="services-title">Active services by product</CardTitle>
            </CardHeader>
            <CardContent>
              <MiniBars label="Active services by product" data={data.activeServices.map((p) => ({ name: p.name, value: p.count }))} />
              <ul className="mt-2 divide-y divide-border text-sm">
                {data.activeServices.map((p) => (
                  <li key={p.productId} className="flex justify-between gap-2 py-1.5">
                    <Link className={linkClass} href={`/admin/services?status=active&product=${p.productId}`}>{p.name}</Link>
                    <span className="tabular-nums">{p.count.toLocaleString("en")}</span>
                  </li>
                ))}
                {data.activeServices.length === 0 && <li className="py-1.5 text-muted">No active services yet.</li>}
              </ul>
            </CardContent>
          </Card>
        )}

        {data.signUps && (
          <Card as="section" aria-labelledby="signups-title">
            <CardHeader>
              <CardTitle id="signups-title">New sign-ups per day (30 days)</CardTitle>
            </CardHeader>
            <CardContent>
              <MiniBars label="Sign-ups per day" data={data.signUps.daily.map((d) => ({ name: d.day, value: d.count }))} />
              <p className="mt-2 text-sm">
                <Link className={linkClass} href={`/admin/customers?createdFrom=${data.signUps.since.toISOString().slice(0, 10)}`}>
                  {data.signUps.last30Days} customers signed up
                </Link>
              </p>
            </CardContent>
          </Card>
        )}

        {data.tickets && (
          <Card as="section" aria-labelledby="tickets-title">
            <CardHeader>
              <CardTitle id="tickets-title">Open tickets by priority</CardTitle>
            </CardHeader>
            <CardContent>
              <ul className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
                {data.tickets.map((p) => (
                  <li key={p.priority}>
                    <Link className="flex flex-col rounded-md border border-border p-2 hover:border-border-strong" href={`/admin/tickets?status=open&priority=${p.priority}`}>
                      <span className="text-muted capitalize">{p.priority}</span>
                      <span className="text-lg font-semibold tabular-nums">{p.count}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </CardContent>
          </Card>
        )}

        {data.servers && (
          <Card as="section" aria-labelledby="servers-title">
            <CardHeader>
              <CardTitle id="servers-title">VPN server health and load</CardTitle>
            </CardHeader>
            <CardContent>
              {data.servers.length === 0 ? (
                <p className="text-sm text-muted">No VPN servers yet.</p>
              ) : (
                <ul className="divide-y divide-border text-sm">
                  {data.servers.map((s) => (
                    <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
                      <Link className={linkClass} href={`/admin/vpn-servers/${s.id}`}>{s.name}</Link>
                      <span className="flex items-center gap-3">
                        <span className="tabular-nums text-muted">{s.peerCount}/{s.capacity} peers · {(s.loadPermille / 10).toFixed(1)}% load</span>
                        <StatusBadge status={s.online ? "online" : "offline"} />
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </CardContent>
          </Card>
        )}

        {data.jobs && (
          <Card as="section" aria-labelledby="jobs-title">
            <CardHeader>
              <CardTitle id="jobs-title">Failed jobs</CardTitle>
            </CardHeader>
            <CardContent>
              {data.jobs.length === 0 ? (
                <p className="text-sm text-muted">No failed jobs.</p>
              ) : (
                <ul className="divide-y divide-border text-sm">
                  {data.jobs.map((j) => (
                    <li key={j.database} className="flex justify-between gap-2 py-1.5">
                      <Link className={linkClass} href={`/admin/jobs?database=${j.database}&status=failed`}>{j.database}</Link>
                      <span className="flex gap-2">
                        {j.failed > 0 && <Badge tone="warning">{j.failed} failed</Badge>}
                        {j.dead > 0 && <Badge tone="danger">{j.dead} dead</Badge>}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </CardContent>
          </Card>
        )}
      </div>
    </div>
  );
}
