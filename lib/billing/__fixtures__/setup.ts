/**
 * Test setup for billing, payments and provisioning: temp billing + ops + identity databases (migrated), the
 * secrets serverEnv() requires, the demo catalogue, and helpers to set settings and tax rates.
 */
import { eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { prices, products, taxRates } from "@/db/billing/schema";
import { migrateDatabase } from "@/db/migrate";
import { opsDb } from "@/db/ops/client";
import { settings } from "@/db/ops/schema";
import { seedBilling } from "@/db/seed/billing";
import { resetEnvCache } from "@/lib/env";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";

export const TEST_SECRETS = {
  AUTH_SECRET: "test-auth-secret-0123456789-abcdefghijkl",
  ENCRYPTION_KEY: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
};

const GATEWAY_ENV = [
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRET",
  "STRIPE_PUBLISHABLE_KEY",
  "STRIPE_API_BASE",
  "PAYPAL_CLIENT_ID",
  "PAYPAL_CLIENT_SECRET",
  "PAYPAL_WEBHOOK_ID",
  "PAYPAL_ENVIRONMENT",
  "SMTP_URL",
];

export async function setupBillingDatabases(options: { seed?: boolean } = {}): Promise<TempDatabases> {
  Object.assign(process.env, TEST_SECRETS);
  for (const key of GATEWAY_ENV) delete process.env[key];
  const temp = await useTempDatabases({ migrate: false });
  try {
    await migrateDatabase("billing");
    await migrateDatabase("ops");
    await migrateDatabase("identity");
    if (options.seed !== false) await seedBilling();
  } catch (error) {
    temp.cleanup();
    throw error;
  }
  resetEnvCache();
  return temp;
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await opsDb().insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } });
}

export async function addTaxRate(rate: { name: string; country: string; state?: string; rateBps: number; inclusive?: boolean }) {
  const [row] = await billingDb()
    .insert(taxRates)
    .values({ name: rate.name, country: rate.country, state: rate.state ?? "", rateBps: rate.rateBps, inclusive: rate.inclusive ?? false })
    .returning();
  return row!;
}

export async function productBySlug(slug: string) {
  const [row] = await billingDb().select().from(products).where(eq(products.slug, slug));
  if (!row) throw new Error(`no product ${slug}`);
  return row;
}

export async function priceOf(slug: string, cycle: string, currency: string) {
  const product = await productBySlug(slug);
  const rows = await billingDb().select().from(prices).where(eq(prices.productId, product.id));
  const row = rows.find((r) => r.cycle === cycle && r.currency === currency);
  if (!row) throw new Error(`no price ${slug} ${cycle} ${currency}`);
  return row;
}

export interface TestClock {
  (): Date;
  advance(ms: number): void;
  set(ms: number): void;
}

export function testClock(start: number): TestClock {
  let t = start;
  const clock = (() => new Date(t)) as TestClock;
  clock.advance = (ms) => void (t += ms);
  clock.set = (ms) => void (t = ms);
  return clock;
}

export const DAY = 86_400_000;
