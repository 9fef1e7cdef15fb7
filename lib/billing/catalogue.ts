import "server-only";
/** What the checkout sells: a visible product with its active prices in every cycle and currency. */
import { and, eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { BILLING_CYCLES, prices, products, type BillingCycle } from "@/db/billing/schema";

export interface SellablePrice {
  id: string;
  cycle: BillingCycle;
  currency: string;
  amount: number;
  setupFee: number;
}

export interface SellableProduct {
  id: string;
  slug: string;
  type: (typeof products.$inferSelect)["type"];
  name: string;
  tagline: string | null;
  features: string[];
  trialDays: number;
  prices: SellablePrice[];
}

export async function getSellableProduct(slug: string): Promise<SellableProduct | null> {
  if (!/^[a-z0-9-]{1,64}$/.test(slug)) return null;
  const db = billingDb();
  const [product] = await db
    .select()
    .from(products)
    .where(and(eq(products.slug, slug), eq(products.visible, true)))
    .limit(1);
  if (!product) return null;
  const rows = await db
    .select({ id: prices.id, cycle: prices.cycle, currency: prices.currency, amount: prices.amount, setupFee: prices.setupFee })
    .from(prices)
    .where(and(eq(prices.productId, product.id), eq(prices.active, true)));
  rows.sort((a, b) => BILLING_CYCLES.indexOf(a.cycle) - BILLING_CYCLES.indexOf(b.cycle));
  return {
    id: product.id,
    slug: product.slug,
    type: product.type,
    name: product.name,
    tagline: product.tagline,
    features: Array.isArray(product.features) ? product.features : [],
    trialDays: product.trialDays,
    prices: rows,
  };
}
