import { Plus } from "lucide-react";
import type { Metadata } from "next";
import { LinkCell } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button-link";
import { PageHeader } from "@/components/ui/page-header";
import { productsTable, type ProductTableRow } from "@/lib/admin/tables/definitions/billing";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Products" };

export default async function AdminProductsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("products.write");
  const params = await searchParams;
  const canExport = await roleHasPermission(actor.role, "data.export");
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
      <ServerDataTable<ProductTableRow>
        id="admin-product"
        caption="Products"
        noun="products"
        definition={productsTable}
        searchParams={params}
        searchPlaceholder="Name or slug"
        rowLabel={(p) => p.name}
        columns={[
          {
            id: "name",
            header: "Product",
            hideable: false,
            cell: (p) => (
              <span className="grid">
                <LinkCell href={`/admin/products/${p.id}`}>{p.name}</LinkCell>
                <span className="text-xs text-muted">{p.slug}</span>
              </span>
            ),
          },
          { id: "type", header: "Type", cell: (p) => p.type },
          { id: "module", header: "Module", cell: (p) => <span className="font-mono text-xs">{p.module}</span> },
          { id: "prices", header: "Prices", align: "right", cell: (p) => p.priceCount },
          { id: "sortOrder", header: "Sort", align: "right", cell: (p) => p.sortOrder },
          { id: "visible", header: "Visibility", cell: (p) => (p.visible ? <Badge tone="success">Visible</Badge> : <Badge>Hidden</Badge>) },
        ]}
        exportHref={canExport ? "/admin/export/products" : undefined}
        empty={{ title: "No products found", description: "Try another search, or create a product." }}
      />
    </div>
  );
}
