import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TaxRateForm } from "@/components/billing/admin/tax-rate-form";
import { RecordDetail } from "@/components/data-table/record-detail";
import { Card, CardContent } from "@/components/ui/card";
import { requireStaff } from "@/lib/auth/guards";
import { listTaxRates } from "@/lib/billing/admin";

export const metadata: Metadata = { title: "Tax rate" };

export default async function TaxRatePage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff("taxes.write");
  const { id } = await params;
  const rate = (await listTaxRates()).find((r) => r.id === id);
  if (!rate) notFound();
  return (
    <RecordDetail
      title={`${rate.name} (${rate.country}${rate.state ? ` ${rate.state}` : ""})`}
      back={{ href: "/admin/tax-rates", label: "Tax rates" }}
      audit={{ database: "billing", entityId: rate.id }}
      fields={[["Rate", `${(rate.rateBps / 100).toFixed(2)}%`], ["Status", rate.active ? "Active" : "Inactive"]]}
    >
      <Card>
        <CardContent className="pt-5">
          <TaxRateForm rate={rate} />
        </CardContent>
      </Card>
    </RecordDetail>
  );
}
