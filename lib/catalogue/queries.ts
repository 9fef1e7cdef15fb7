import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { prices, products } from "@/db/billing/schema";

/** The two cycles the storefront sells VPN plans on. */
export const VPN_CYCLES = ["monthly", "yearly"] as const;
export type VpnCycle = (typeof VPN_CYCLES)[number];

export interface VpnPlan {
  slug: string;
  name: string;
  tagline: string | null;
  features: string[];
  /** Devices allowed at once across all servers (products.module_config.deviceLimit); null = not set. */
  deviceLimit: number | null;
  featured: boolean;
  currency: string;
  /** Price per cycle in minor units; null when the plan is not sold on that cycle in this currency. */
  prices: Record<VpnCycle, number | null>;
  /** Whole percent saved by paying yearly instead of 12 × monthly, rounded down (never overstated). */
  yearlySavingPercent: number | null;
  /** The yearly price spread over 12 months, rounded up (a price is never shown lower than it is). */
  yearlyPerMonth: number | null;
}

function deviceLimitOf(config: Record<string, unknown> | null): number | null {
  const value = config?.deviceLimit;
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null;
}

export function yearlySavingPercent(monthly: number | null, yearly: number | null): number | null {
  if (monthly === null || yearly === null || monthly <= 0) return null;
  const twelveMonths = monthly * 12;
  const percent = Math.floor(((twelveMonths - yearly) * 100) / twelveMonths);
  return percent > 0 ? percent : null;
}

/**
 * Visible VPN plans in storefront order, with their active monthly and yearly prices in `currency`.
 * A plan with neither price in that currency cannot be bought in it, so it is left out.
 */
export async function listVpnPlans(currency = "USD"): Promise<VpnPlan[]> {
  const code = currency.toUpperCase();
  const rows = await billingDb()
    .select({
      id: products.id,
      slug: products.slug,
      name: products.name,
      tagline: products.tagline,
      features: products.features,
      moduleConfig: products.moduleConfig,
      featured: products.featured,
      cycle: prices.cycle,
      amount: prices.amount,
    })
    .from(products)
    .leftJoin(
      prices,
      and(
        eq(prices.productId, products.id),
        eq(prices.currency, code),
        eq(prices.active, true),
        inArray(prices.cycle, [...VPN_CYCLES]),
      ),
    )
    .where(and(eq(products.type, "vpn"), eq(products.visible, true)))
    .orderBy(asc(products.sortOrder), asc(products.name));

  const plans = new Map<string, VpnPlan>();
  for (const row of rows) {
    let plan = plans.get(row.id);
    if (!plan) {
      plan = {
        slug: row.slug,
        name: row.name,
        tagline: row.tagline,
        features: Array.isArray(row.features) ? row.features : [],
        deviceLimit: deviceLimitOf(row.moduleConfig),
        featured: row.featured,
        currency: code,
        prices: { monthly: null, yearly: null },
        yearlySavingPercent: null,
        yearlyPerMonth: null,
      };
      plans.set(row.id, plan);
    }
    if (row.cycle === "monthly" || row.cycle === "yearly") plan.prices[row.cycle] = row.amount;
  }

  return [...plans.values()]
    .filter((plan) => plan.prices.monthly !== null || plan.prices.yearly !== null)
    .map((plan) => ({
      ...plan,
      yearlySavingPercent: yearlySavingPercent(plan.prices.monthly, plan.prices.yearly),
      yearlyPerMonth: plan.prices.yearly === null ? null : Math.ceil(plan.prices.yearly / 12),
    }));
}

/** A hosting or cloud product as its storefront page shows it. */
export interface CatalogueProduct {
  slug: string;
  name: string;
  tagline: string | null;
  description: string | null;
  features: string[];
  featured: boolean;
  currency: string;
  /** Monthly price in minor units (hosting may also sell yearly); null when not sold monthly in this currency. */
  monthly: number | null;
  yearly: number | null;
}

/** Visible products of one type in storefront order, with their active monthly and yearly prices in `currency`. */
export async function listCatalogueProducts(type: "hosting" | "cloud", currency = "USD"): Promise<CatalogueProduct[]> {
  const code = currency.toUpperCase();
  const rows = await billingDb()
    .select({
      id: products.id,
      slug: products.slug,
      name: products.name,
      tagline: products.tagline,
      description: products.description,
      features: products.features,
      featured: products.featured,
      cycle: prices.cycle,
      amount: prices.amount,
    })
    .from(products)
    .leftJoin(
      prices,
      and(eq(prices.productId, products.id), eq(prices.currency, code), eq(prices.active, true), inArray(prices.cycle, ["monthly", "yearly"])),
    )
    .where(and(eq(products.type, type), eq(products.visible, true)))
    .orderBy(asc(products.sortOrder), asc(products.name));
  const byId = new Map<string, CatalogueProduct>();
  for (const row of rows) {
    let product = byId.get(row.id);
    if (!product) {
      product = {
        slug: row.slug,
        name: row.name,
        tagline: row.tagline,
        description: row.description,
        features: Array.isArray(row.features) ? row.features : [],
        featured: row.featured,
        currency: code,
        monthly: null,
        yearly: null,
      };
      byId.set(row.id, product);
    }
    if (row.cycle === "monthly") product.monthly = row.amount;
    if (row.cycle === "yearly") product.yearly = row.amount;
  }
  return [...byId.values()].filter((p) => p.monthly !== null || p.yearly !== null);
}
