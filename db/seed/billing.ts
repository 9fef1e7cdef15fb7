/**
 * billing seed: the demo catalogue. VPN plans (device limits 3/10/50), shared hosting and cloud servers, each
 * with prices in USD, EUR and GBP. Existing rows are never overwritten (an admin's edits survive re-seeding).
 */
import { count, inArray } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { coupons, prices, products, type BillingCycle, PRODUCT_TYPES } from "@/db/billing/schema";
import type { SeedModuleResult } from "./types";

type Currency = "USD" | "EUR" | "GBP";
type PriceTable = Partial<Record<BillingCycle, Record<Currency, number>>>;

export interface SeedProduct {
  slug: string;
  type: (typeof PRODUCT_TYPES)[number];
  name: string;
  tagline: string;
  description: string;
  features: string[];
  module: string;
  moduleConfig: Record<string, unknown>;
  featured?: boolean;
  sortOrder: number;
  prices: PriceTable;
}

/** Yearly is 12 × a discounted month, always cheaper than 12 × monthly. */
export const SEED_PRODUCTS: SeedProduct[] = [
  {
    slug: "vpn-personal",
    type: "vpn",
    name: "Personal",
    tagline: "For your phone, laptop and tablet.",
    description: "WireGuard VPN for one person: every location, keys made on your device, no logs of what you do.",
    features: ["3 devices", "All standard locations", "Keys generated on your device", "Unlimited traffic"],
    module: "vpn",
    moduleConfig: { deviceLimit: 3, vipAccess: false },
    sortOrder: 10,
    prices: {
      monthly: { USD: 499, EUR: 499, GBP: 449 },
      yearly: { USD: 4788, EUR: 4788, GBP: 4308 },
    },
  },
  {
    slug: "vpn-family",
    type: "vpn",
    name: "Family",
    tagline: "Everyone at home, every device.",
    description: "One plan for the household: ten devices across all locations, managed from one portal.",
    features: ["10 devices", "All standard locations", "Keys generated on your device", "Unlimited traffic"],
    module: "vpn",
    moduleConfig: { deviceLimit: 10, vipAccess: false },
    featured: true,
    sortOrder: 20,
    prices: {
      monthly: { USD: 899, EUR: 899, GBP: 799 },
      yearly: { USD: 8388, EUR: 8388, GBP: 7548 },
    },
  },
  {
    slug: "vpn-business",
    type: "vpn",
    name: "Business",
    tagline: "A team on one bill.",
    description: "Fifty devices for a small team, with invoices in your company's name and VAT handled.",
    features: ["50 devices", "All standard locations", "Company invoices with VAT ID", "Priority support"],
    module: "vpn",
    moduleConfig: { deviceLimit: 50, vipAccess: false },
    sortOrder: 30,
    prices: {
      monthly: { USD: 2499, EUR: 2499, GBP: 2199 },
      yearly: { USD: 23988, EUR: 23988, GBP: 20988 },
    },
  },
  {
    slug: "hosting-starter",
    type: "hosting",
    name: "Web Starter",
    tagline: "One site, email included.",
    description: "cPanel hosting for a single website with email, free TLS certificates and daily backups.",
    features: ["1 website", "10 GB NVMe storage", "10 email accounts", "Free TLS", "Daily backups"],
    module: "whm",
    moduleConfig: { package: "starter" },
    sortOrder: 110,
    prices: {
      monthly: { USD: 399, EUR: 399, GBP: 349 },
      yearly: { USD: 3828, EUR: 3828, GBP: 3348 },
    },
  },
  {
    slug: "hosting-business",
    type: "hosting",
    name: "Web Business",
    tagline: "Several sites, more room.",
    description: "cPanel hosting for up to ten websites with generous storage and unlimited email accounts.",
    features: ["10 websites", "50 GB NVMe storage", "Unlimited email accounts", "Free TLS", "Daily backups"],
    module: "whm",
    moduleConfig: { package: "business" },
    featured: true,
    sortOrder: 120,
    prices: {
      monthly: { USD: 799, EUR: 799, GBP: 699 },
      yearly: { USD: 7668, EUR: 7668, GBP: 6708 },
    },
  },
  {
    slug: "hosting-pro",
    type: "hosting",
    name: "Web Pro",
    tagline: "Busy sites and SSH access.",
    description: "cPanel hosting with SSH, more CPU and memory per account, and unlimited websites.",
    features: ["Unlimited websites", "150 GB NVMe storage", "SSH access", "Free TLS", "Hourly backups"],
    module: "whm",
    moduleConfig: { package: "pro" },
    sortOrder: 130,
    prices: {
      monthly: { USD: 1499, EUR: 1499, GBP: 1299 },
      yearly: { USD: 14388, EUR: 14388, GBP: 12468 },
    },
  },
  {
    slug: "cloud-cx22",
    type: "cloud",
    name: "Cloud CX22",
    tagline: "2 vCPU · 4 GB RAM · 40 GB NVMe",
    description: "A small shared-vCPU cloud server, billed by the hour up to the monthly price.",
    features: ["2 shared vCPU", "4 GB RAM", "40 GB NVMe", "20 TB traffic", "IPv4 + IPv6"],
    module: "cloud",
    moduleConfig: { serverType: "cx22" },
    sortOrder: 210,
    prices: { monthly: { USD: 549, EUR: 499, GBP: 449 } },
  },
  {
    slug: "cloud-cx32",
    type: "cloud",
    name: "Cloud CX32",
    tagline: "4 vCPU · 8 GB RAM · 80 GB NVMe",
    description: "A mid-size shared-vCPU cloud server for apps and databases.",
    features: ["4 shared vCPU", "8 GB RAM", "80 GB NVMe", "20 TB traffic", "IPv4 + IPv6"],
    module: "cloud",
    moduleConfig: { serverType: "cx32" },
    featured: true,
    sortOrder: 220,
    prices: { monthly: { USD: 899, EUR: 799, GBP: 699 } },
  },
  {
    slug: "cloud-ccx23",
    type: "cloud",
    name: "Cloud CCX23",
    tagline: "4 dedicated vCPU · 16 GB RAM · 160 GB NVMe",
    description: "Dedicated vCPUs for steady workloads that need predictable performance.",
    features: ["4 dedicated vCPU", "16 GB RAM", "160 GB NVMe", "20 TB traffic", "IPv4 + IPv6"],
    module: "cloud",
    moduleConfig: { serverType: "ccx23" },
    sortOrder: 230,
    prices: { monthly: { USD: 3199, EUR: 2899, GBP: 2549 } },
  },
];

/** A demo coupon for the storefront and the browser tests: 10 % off a first order, once per customer. */
export const SEED_COUPONS = [
  { code: "WELCOME10", description: "10 % off your first order", discountType: "percent" as const, percentBps: 1000, duration: "once" as const, maxPerCustomer: 1 },
];

export async function seedBilling(): Promise<{ result: SeedModuleResult; productIds: Map<string, string> }> {
  const db = billingDb();
  return db.transaction(async (tx) => {
    const newProducts = await tx
      .insert(products)
      .values(
        SEED_PRODUCTS.map(({ prices: _prices, featured, ...p }) => ({ ...p, featured: featured ?? false, visible: true })),
      )
      .onConflictDoNothing({ target: products.slug })
      .returning({ id: products.id, slug: products.slug });
    const newSlugs = new Set(newProducts.map((p) => p.slug));

    const rows = await tx
      .select({ id: products.id, slug: products.slug })
      .from(products)
      .where(inArray(products.slug, SEED_PRODUCTS.map((p) => p.slug)));
    const productIds = new Map(rows.map((r) => [r.slug, r.id]));

    // Prices only for products created now: an admin who removed a currency or cycle keeps it removed.
    const priceRows = SEED_PRODUCTS.filter((p) => newSlugs.has(p.slug)).flatMap((p) =>
      Object.entries(p.prices).flatMap(([cycle, byCurrency]) =>
        Object.entries(byCurrency).map(([currency, amount]) => ({
          productId: productIds.get(p.slug)!,
          cycle: cycle as BillingCycle,
          currency,
          amount,
        })),
      ),
    );
    const newPrices = priceRows.length
      ? await tx.insert(prices).values(priceRows).onConflictDoNothing().returning({ id: prices.id })
      : [];

    const newCoupons = await tx.insert(coupons).values(SEED_COUPONS).onConflictDoNothing({ target: coupons.code }).returning({ id: coupons.id });

    const [productCount] = await tx.select({ n: count() }).from(products);
    const [priceCount] = await tx.select({ n: count() }).from(prices);
    return {
      productIds,
      result: {
        database: "billing",
        parts: [
          { label: "products", total: productCount!.n, inserted: newProducts.length },
          { label: "prices", total: priceCount!.n, inserted: newPrices.length },
          { label: "coupons", total: (await tx.select({ n: count() }).from(coupons))[0]!.n, inserted: newCoupons.length },
        ],
      },
    };
  });
}
