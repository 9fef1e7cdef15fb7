import type { Metadata } from "next";
import Link from "next/link";
import { CouponForm } from "@/components/billing/admin/coupon-form";
import { ListFilters } from "@/components/billing/admin/list-filters";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { requireStaff } from "@/lib/auth/guards";
import { listAdminProducts, listCoupons } from "@/lib/billing/admin";
import { formatDate } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";

export const metadata: Metadata = { title: "Coupons" };

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

export default async function AdminCouponsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff("coupons.write");
  const params = await searchParams;
  const q = one(params.q);
  const [result, products] = await Promise.all([listCoupons({ search: q, page: Number(one(params.page)) || 1 }), listAdminProducts()]);
  const pageCount = Math.max(1, Math.ceil(result.total / result.pageSize));
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title="Coupons" description="Discounts customers enter at checkout. A coupon never reaches products or cycles it is not for." />
      <Card as="section" aria-labelledby="new-coupon">
        <CardHeader>
          <CardTitle id="new-coupon">New coupon</CardTitle>
        </CardHeader>
        <CardContent>
          <CouponForm products={products.map((p) => ({ id: p.id, name: p.name }))} />
        </CardContent>
      </Card>
      <ListFilters action="/admin/coupons" query={q} placeholder="Code or description" />
      {result.rows.length === 0 ? (
        <EmptyState title="No coupons found" description={q ? "Try another search." : "Create the first one above."} />
      ) : (
        <Card>
          <CardContent className="relative overflow-x-auto p-0 sm:p-0">
            <table className="w-full min-w-[44rem] text-left text-sm">
              <thead className="text-xs text-muted uppercase">
                <tr className="border-b border-border">
                  <th scope="col" className="px-4 py-2.5 font-medium">Code</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">Discount</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">Lasts</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">Used</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">Valid</th>
                  <th scope="col" className="px-4 py-2.5 font-medium">Status</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {result.rows.map((c) => (
                  <tr key={c.id} data-testid="coupon-row">
                    <td className="px-4 py-2.5">
                      <Link href={`/admin/coupons/${c.id}`} className="font-mono font-medium text-brand hover:underline">
                        {c.code}
                      </Link>
                      {c.description && <span className="block text-xs text-muted">{c.description}</span>}
                    </td>
                    <td className="px-3 py-2.5 tabular-nums">
                      {c.discountType === "percent" ? `${(c.percentBps ?? 0) / 100}%` : formatMoney(c.amountOff ?? 0, c.currency ?? "USD")}
                      {(c.productIds.length > 0 || c.cycles.length > 0) && <span className="block text-xs text-muted">restricted</span>}
                    </td>
                    <td className="px-3 py-2.5">{c.duration === "repeating" ? `${c.durationCycles} cycles` : c.duration === "forever" ? "forever" : "once"}</td>
                    <td className="px-3 py-2.5 tabular-nums">
                      {c.redemptionCount}
                      {c.maxRedemptions ? ` / ${c.maxRedemptions}` : ""}
                    </td>
                    <td className="px-3 py-2.5 whitespace-nowrap text-muted">
                      {c.validFrom || c.validUntil ? `${c.validFrom ? formatDate(c.validFrom) : "…"} – ${c.validUntil ? formatDate(c.validUntil) : "…"}` : "Always"}
                    </td>
                    <td className="px-4 py-2.5">{c.active ? <Badge tone="success">Active</Badge> : <Badge>Inactive</Badge>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </CardContent>
        </Card>
      )}
      <Pagination page={result.page} pageCount={pageCount} pathname="/admin/coupons" searchParams={params} />
    </div>
  );
}
