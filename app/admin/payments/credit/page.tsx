import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { randomUUID } from "node:crypto";
import { AdjustCreditForm } from "@/components/billing/admin/payment-forms";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Account credit" };

export default async function AdminCreditPage() {
  await requireStaff("invoices.refund");
  return (
    <div className="grid grid-cols-1 gap-6">
      <Link href="/admin/payments" className="flex w-fit items-center gap-1.5 text-sm font-medium text-muted hover:text-fg">
        <ArrowLeft aria-hidden="true" className="size-4" />
        Payments
      </Link>
      <PageHeader title="Account credit" description="Credit pays a customer's invoices first. Every adjustment is an audited ledger entry the customer sees." />
      <Card as="section" aria-labelledby="adjust-title" className="max-w-2xl">
        <CardHeader>
          <CardTitle id="adjust-title">Add or remove credit</CardTitle>
          <CardDescription>For goodwill, promotions or corrections. Refunds to credit are made on the invoice instead.</CardDescription>
        </CardHeader>
        <CardContent>
          <AdjustCreditForm idempotencyKey={randomUUID()} />
        </CardContent>
      </Card>
    </div>
  );
}
