import type { Metadata } from "next";
import { TaxRateForm } from "@/components/billing/admin/tax-rate-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { listTaxRates } from "@/lib/billing/admin";
import { getBillingSettings } from "@/lib/billing";

export const metadata: Metadata = { title: "Tax rates" };

export default async function AdminTaxRatesPage() {
  await requireStaff("taxes.write");
  const [rates, settings] = await Promise.all([listTaxRates(), getBillingSettings()]);
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
      <Card as="section" aria-labelledby="rates">
        <CardHeader>
          <CardTitle id="rates">Rates</CardTitle>
        </CardHeader>
        <CardContent className="grid divide-y divide-border">
          {rates.length === 0 ? (
            <p className="text-sm text-muted">No tax rates yet: nothing is taxed until you add one.</p>
          ) : (
            rates.map((rate) => (
              <div key={rate.id} className="py-3 first:pt-0 last:pb-0">
                <TaxRateForm rate={rate} />
              </div>
            ))
          )}
        </CardContent>
      </Card>
    </div>
  );
}
