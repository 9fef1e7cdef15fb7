import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { NewPriceForm, PriceRowForm, ProductForm } from "@/components/billing/admin/catalogue-forms";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { getAdminProduct } from "@/lib/billing/admin";
import { listProvisioningModules } from "@/lib/provisioning";

export const metadata: Metadata = { title: "Product" };

export default async function AdminProductPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff("products.write");
  const { id } = await params;
  const product = await getAdminProduct(id);
  if (!product) notFound();
  return (
    <div className="grid grid-cols-1 gap-6">
      <Link href="/admin/products" className="flex w-fit items-center gap-1.5 text-sm font-medium text-muted hover:text-fg">
        <ArrowLeft aria-hidden="true" className="size-4" />
        Products
      </Link>
      <PageHeader title={product.name} description={`${product.type} · ${product.slug}`} />
      <Card as="section" aria-labelledby="prices-title">
        <CardHeader>
          <CardTitle id="prices-title">Prices</CardTitle>
          <CardDescription>Per billing cycle and currency. A change applies to new orders at once; existing services keep their price.</CardDescription>
        </CardHeader>
        <CardContent className="grid grid-cols-1 gap-6">
          {product.prices.length > 0 && (
            <div className="grid divide-y divide-border">
              <div className="hidden grid-cols-[10rem_5rem_8rem_8rem_6rem_auto] gap-2 pb-2 text-xs font-medium text-muted uppercase sm:grid">
                <span>Cycle</span>
                <span>Currency</span>
                <span>Price</span>
                <span>Setup fee</span>
                <span>Active</span>
              </div>
              {product.prices.map((price) => (
                <PriceRowForm key={price.id} productId={product.id} price={price} />
              ))}
            </div>
          )}
          <div className="grid gap-2 border-t border-border pt-4">
            <h3 className="text-sm font-semibold text-fg">Add a price</h3>
            <NewPriceForm productId={product.id} />
          </div>
        </CardContent>
      </Card>
      <Card as="section" aria-labelledby="product-title">
        <CardHeader>
          <CardTitle id="product-title">Details</CardTitle>
        </CardHeader>
        <CardContent>
          <ProductForm product={product} modules={listProvisioningModules()} />
        </CardContent>
      </Card>
    </div>
  );
}
