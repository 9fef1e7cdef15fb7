import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CouponForm } from "@/components/billing/admin/coupon-form";
import { Card, CardContent } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { getCoupon, listAdminProducts } from "@/lib/billing/admin";

export const metadata: Metadata = { title: "Coupon" };

export default async function AdminCouponPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff("coupons.write");
  const { id } = await params;
  const [coupon, products] = await Promise.all([getCoupon(id), listAdminProducts()]);
  if (!coupon) notFound();
  return (
    <div className="grid grid-cols-1 gap-6">
      <Link href="/admin/coupons" className="flex w-fit items-center gap-1.5 text-sm font-medium text-muted hover:text-fg">
        <ArrowLeft aria-hidden="true" className="size-4" />
        Coupons
      </Link>
      <PageHeader title={`Coupon ${coupon.code}`} description={`Used ${coupon.redemptions} time${coupon.redemptions === 1 ? "" : "s"}. Changes apply to new orders; discounts already granted stay.`} />
      <Card>
        <CardContent>
          <CouponForm coupon={coupon} products={products.map((p) => ({ id: p.id, name: p.name }))} />
        </CardContent>
      </Card>
    </div>
  );
}
