import type { Metadata } from "next";
import { ProductPage } from "@/components/site/product-page";
import { siteStrings } from "@/components/site/strings";

const t = siteStrings.products.cloud;

export const metadata: Metadata = { title: t.metaTitle, description: t.metaDescription, alternates: { canonical: "/cloud" } };

/** Static and cached (tag site:catalogue): products and prices saved in admin show on the next visit. */
export default function Page() {
  return <ProductPage type="cloud" />;
}
