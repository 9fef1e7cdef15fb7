import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { ListFilters } from "@/components/billing/admin/list-filters";
import { CYCLE_PER } from "@/components/billing/strings";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { PRODUCT_TYPES } from "@/db/billing/schema";
import { requireStaff } from "@/lib/auth/guards";
import { listAdminProducts } from "@/lib/billing/admin";
import { formatMoney } from "@/lib/format/money";

export const metadata: Metadata = { title: "Products" };

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

export default async function AdminProductsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff("products.write");
  const params = await searchParams;
  const q = one(params.q);
  const type = one(params.type);
  const rows = await listAdminProducts({ search: q, type });
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title="Products"
        description="What you sell, its prices per cycle and currency, and how it is provisioned. Existing services keep the price they were sold at."
        actions={
          <>
            <ButtonLink href="/admin/coupons" variant="secondary">
              Coupons
            </ButtonLink>
            <ButtonLink href="/admin/tax-rates" variant="secondary">
              Tax rates
            </ButtonLink>
            <ButtonLink href="/admin/products/new" icon={<Plus aria-hidden="true" className="size-4" />}>
              New product
            </ButtonLink>
          </>
        }
      />
      <ListFilters
        action="/admin/products"
        query={q}
        placeholder="Name or slug"
        filter={{ name: "type", label: "Types", value: type, options: PRODUCT_TYPES.map((t) => ({ value: t, label: t })) }}
      />
      {rows.length === 0 ? (
        <EmptyState title="No products found" description="Try another search, or create a product." />
      ) : (
        <Card>
          <CardContent className="relative overflow-x-auto p-0 sm:p-0">
            <table className="w-full min-w-[44rem] text-left text-sm">
              <thead className="text-xs text-muted uppercase">
                <tr className="border-b border-border">
                  <th scope="col" className="px-4 py-2.5 font-medium">Product</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">Type</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">Module</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">USD prices</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">Sort</th>
                  <th scope="col" className="px-4 py-2.5 font-medium">Visibility</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {rows.map((p) => (
                  <tr key={p.id} data-testid="admin-product-row">
                    <td className="px-4 py-2.5">
                      <Link href={`/admin/products/${p.id}`} className="font-medium text-brand hover:underline">
                        {p.name}
                      </Link>
                      <span className="block text-xs text-muted">{p.slug}</span>
                    </td>
                    <td className="px-3 py-2.5">{p.type}</td>
                    <td className="px-3 py-2.5 font-mono text-xs">{p.module}</td>
                    <td className="px-3 py-2.5 tabular-nums">
                      {p.prices
                        .filter((x) => x.currency === "USD" && x.active)
                        .map((x) => `${formatMoney(x.amount, x.currency)}${CYCLE_PER[x.cycle]}`)
                        .join(" · ") || <span className="text-muted">—</span>}
                    </td>
                    <td className="px-3 py-2.5 tabular-nums">{p.sortOrder}</td>
                    <td className="px-4 py-2.5">
                      <span className="flex flex-wrap gap-1">
                        {p.visible ? <Badge tone="success">Visible</Badge> : <Badge>Hidden</Badge>}
                        {p.featured && <Badge tone="brand">Featured</Badge>}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </CardContent>
        </Card>
      )}
    </div>
  );
}
