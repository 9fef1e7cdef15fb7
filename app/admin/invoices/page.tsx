import type { Metadata } from "next";
import Link from "next/link";
import { ListFilters } from "@/components/billing/admin/list-filters";
import { StatusBadge, statusLabel } from "@/components/ui/badge";
import { Card, CardContent } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { INVOICE_STATUSES } from "@/db/billing/schema";
import { requireStaff } from "@/lib/auth/guards";
import { listAdminInvoices } from "@/lib/billing/admin";
import { formatDate } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";

export const metadata: Metadata = { title: "Invoices" };

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

export default async function AdminInvoicesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff("invoices.read");
  const params = await searchParams;
  const q = one(params.q);
  const status = one(params.status);
  const result = await listAdminInvoices({ search: q, status, page: Number(one(params.page)) || 1, pageSize: 25 });
  const pageCount = Math.max(1, Math.ceil(result.total / result.pageSize));
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title="Invoices" description={`${result.total} invoice${result.total === 1 ? "" : "s"}${q || status ? " match" : ""}.`} />
      <ListFilters
        action="/admin/invoices"
        query={q}
        placeholder="Invoice number or customer email"
        filter={{ name: "status", label: "Statuses", value: status, options: INVOICE_STATUSES.map((s) => ({ value: s, label: statusLabel(s) })) }}
      />
      {result.rows.length === 0 ? (
        <EmptyState title="No invoices found" description={q || status ? "Try another search or filter." : "Invoices appear here when customers order."} />
      ) : (
        <Card>
          <CardContent className="relative overflow-x-auto p-0 sm:p-0">
            <table className="w-full min-w-[48rem] text-left text-sm">
              <thead className="text-xs text-muted uppercase">
                <tr className="border-b border-border">
                  <th scope="col" className="px-4 py-2.5 font-medium">Invoice</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">Customer</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">Kind</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">Issued</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">Due</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">Status</th>
                  <th scope="col" className="px-3 py-2.5 text-right font-medium">Total</th>
                  <th scope="col" className="px-4 py-2.5 text-right font-medium">Due amount</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {result.rows.map((r) => (
                  <tr key={r.id} data-testid="admin-invoice-row">
                    <td className="px-4 py-2.5">
                      <Link href={`/admin/invoices/${r.id}`} className="font-medium text-brand hover:underline">
                        {r.number ?? "Draft"}
                      </Link>
                    </td>
                    <td className="px-3 py-2.5">{r.customer?.email ?? <span className="text-muted">{r.customerId}</span>}</td>
                    <td className="px-3 py-2.5 text-muted">{r.kind.replace("_", " ")}</td>
                    <td className="px-3 py-2.5 whitespace-nowrap text-muted">{formatDate(r.issuedAt)}</td>
                    <td className="px-3 py-2.5 whitespace-nowrap text-muted">{formatDate(r.dueAt)}</td>
                    <td className="px-3 py-2.5">
                      <StatusBadge status={r.status} />
                    </td>
                    <td className="px-3 py-2.5 text-right tabular-nums">{formatMoney(r.total, r.currency)}</td>
                    <td className="px-4 py-2.5 text-right tabular-nums">{r.amountDue ? formatMoney(r.amountDue, r.currency) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </CardContent>
        </Card>
      )}
      <Pagination page={result.page} pageCount={pageCount} pathname="/admin/invoices" searchParams={params} />
    </div>
  );
}
