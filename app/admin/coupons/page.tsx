import type { Metadata } from "next";
import { CouponForm } from "@/components/billing/admin/coupon-form";
import { DateCell, LinkCell, MoneyCell } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { couponsTable, type CouponTableRow } from "@/lib/admin/tables/definitions/billing";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";
import { listAdminProducts } from "@/lib/billing/admin";

export const metadata: Metadata = { title: "Coupons" };

export default async function AdminCouponsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("coupons.write");
  const params = await searchParams;
  const [products, canExport] = await Promise.all([listAdminProducts(), roleHasPermission(actor.role, "data.export")]);
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
      <ServerDataTable<CouponTableRow>
        id="coupon"
        caption="Coupons"
        noun="coupons"
        definition={couponsTable}
        searchParams={params}
        searchPlaceholder="Code (start of)"
        rowLabel={(c) => c.code}
        columns={[
          {
            id: "code",
            header: "Code",
            hideable: false,
            cell: (c) => (
              <span className="grid">
                <LinkCell href={`/admin/coupons/${c.id}`}>
                  <span className="font-mono">{c.code}</span>
                </LinkCell>
                {c.description && <span className="text-xs text-muted">{c.description}</span>}
              </span>
            ),
          },
          { id: "discount", header: "Discount", cell: (c) => (c.discountType === "percent" ? `${(c.percentBps ?? 0) / 100}%` : <MoneyCell amount={c.amountOff ?? 0} currency={c.currency ?? "USD"} />) },
          { id: "duration", header: "Lasts", cell: (c) => c.duration },
          { id: "redemptionCount", header: "Used", align: "right", cell: (c) => `${c.redemptionCount}${c.maxRedemptions ? ` / ${c.maxRedemptions}` : ""}` },
          { id: "validUntil", header: "Valid until", cell: (c) => (c.validUntil ? <DateCell value={c.validUntil} /> : "Always") },
          { id: "active", header: "Status", cell: (c) => (c.active ? <Badge tone="success">Active</Badge> : <Badge>Inactive</Badge>) },
        ]}
        exportHref={canExport ? "/admin/export/coupons" : undefined}
        empty={{ title: "No coupons found", description: "Create the first one above." }}
      />
    </div>
  );
}
