import type { Metadata } from "next";
import { TaxRateForm } from "@/components/billing/admin/tax-rate-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { DateCell, LinkCell } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { Badge } from "@/components/ui/badge";
import { taxRatesTable, type TaxRateTableRow } from "@/lib/admin/tables/definitions/billing";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";
import { getBillingSettings } from "@/lib/billing";

export const metadata: Metadata = { title: "Tax rates" };

export default async function AdminTaxRatesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("taxes.write");
  const [settings, canExport] = await Promise.all([getBillingSettings(), roleHasPermission(actor.role, "data.export")]);
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title="Tax rates"
        description={`By country and optionally region. EU business customers with a valid VAT ID in another country than yours (${settings.companyCountry}) get the reverse charge instead.`}
      />
      <Card as="section" aria-labelledby="new-rate">
        <CardHeader>
          <CardTitle id="new-rate">Add a rate</CardTitle>
          <CardDescription>A region rate (e.g. US CA) wins over the country rate. Tax is rounded once per invoice line.</CardDescription>
        </CardHeader>
        <CardContent>
          <TaxRateForm />
        </CardContent>
      </Card>
      <ServerDataTable<TaxRateTableRow>
        id="tax-rate"
        caption="Tax rates"
        noun="rates"
        definition={taxRatesTable}
        searchParams={await searchParams}
        searchPlaceholder="Country code or name"
        rowLabel={(r) => `${r.name} ${r.country}${r.state ? ` ${r.state}` : ""}`}
        columns={[
          { id: "name", header: "Name", hideable: false, cell: (r) => <LinkCell href={`/admin/tax-rates/${r.id}`}>{r.name}</LinkCell> },
          { id: "country", header: "Where", cell: (r) => `${r.country}${r.state ? ` ${r.state}` : ""}` },
          { id: "rateBps", header: "Rate", align: "right", cell: (r) => `${(r.rateBps / 100).toFixed(2)}%` },
          { id: "inclusive", header: "Prices", cell: (r) => (r.inclusive ? "Include tax" : "Exclude tax") },
          { id: "active", header: "Status", cell: (r) => (r.active ? <Badge tone="success">Active</Badge> : <Badge>Inactive</Badge>) },
          { id: "updatedAt", header: "Updated", cell: (r) => <DateCell value={r.updatedAt} /> },
        ]}
        exportHref={canExport ? "/admin/export/tax-rates" : undefined}
        empty={{ title: "No tax rates yet", description: "Nothing is taxed until you add a rate above." }}
      />
    </div>
  );
}
