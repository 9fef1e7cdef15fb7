import type { Metadata } from "next";
import { ProductForm } from "@/components/billing/admin/catalogue-forms";
import { Card, CardContent } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { listProvisioningModules } from "@/lib/provisioning";

export const metadata: Metadata = { title: "New product" };

export default async function NewProductPage() {
  await requireStaff("products.write");
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title="New product" description="Create it, then add its prices." />
      <Card>
        <CardContent>
          <ProductForm modules={listProvisioningModules()} />
        </CardContent>
      </Card>
    </div>
  );
}
