/** hosting seed: the packages the hosting products sell (no WHM server: that needs a real API token). */
import { count } from "drizzle-orm";
import { hostingDb } from "@/db/hosting/client";
import { packages } from "@/db/hosting/schema";
import type { SeedModuleResult } from "./types";

/** Limits in MB / counts; null = unlimited. Slugs match billing products' moduleConfig.package. */
export const SEED_PACKAGES = [
  {
    slug: "starter",
    name: "Web Starter",
    whmPackageName: "skyport_starter",
    diskQuotaMb: 10_240,
    bandwidthMb: 102_400,
    maxEmailAccounts: 10,
    maxDatabases: 2,
    maxFtpAccounts: 2,
    maxAddonDomains: 0,
    maxSubdomains: 10,
    maxParkedDomains: 2,
    maxEmailPerHour: 100,
    shellAccess: false,
    sortOrder: 10,
  },
  {
    slug: "business",
    name: "Web Business",
    whmPackageName: "skyport_business",
    diskQuotaMb: 51_200,
    bandwidthMb: 512_000,
    maxEmailAccounts: null,
    maxDatabases: 20,
    maxFtpAccounts: 10,
    maxAddonDomains: 9,
    maxSubdomains: null,
    maxParkedDomains: 20,
    maxEmailPerHour: 300,
    shellAccess: false,
    sortOrder: 20,
  },
  {
    slug: "pro",
    name: "Web Pro",
    whmPackageName: "skyport_pro",
    diskQuotaMb: 153_600,
    bandwidthMb: null,
    maxEmailAccounts: null,
    maxDatabases: null,
    maxFtpAccounts: null,
    maxAddonDomains: null,
    maxSubdomains: null,
    maxParkedDomains: null,
    maxEmailPerHour: 500,
    shellAccess: true,
    sortOrder: 30,
  },
];

export async function seedHosting(): Promise<{ result: SeedModuleResult }> {
  const db = hostingDb();
  const inserted = await db
    .insert(packages)
    .values(SEED_PACKAGES)
    .onConflictDoNothing({ target: packages.slug })
    .returning({ id: packages.id });
  const [total] = await db.select({ n: count() }).from(packages);
  return { result: { database: "hosting", parts: [{ label: "packages", total: total!.n, inserted: inserted.length }] } };
}
