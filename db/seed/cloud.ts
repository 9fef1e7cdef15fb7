/** cloud seed: datacenters, server types (linked to their billing products) and system images. */
import { count } from "drizzle-orm";
import { cloudDb } from "@/db/cloud/client";
import { datacenters, images, serverTypes } from "@/db/cloud/schema";
import type { SeedModuleResult } from "./types";

/** Coordinates in micro-degrees. */
export const SEED_DATACENTERS = [
  { code: "fsn1", name: "Falkenstein DC Park 1", city: "Falkenstein", country: "DE", continent: "Europe", networkZone: "eu-central", latitudeMicro: 50_476_120, longitudeMicro: 12_370_710 },
  { code: "nbg1", name: "Nuremberg DC Park 1", city: "Nuremberg", country: "DE", continent: "Europe", networkZone: "eu-central", latitudeMicro: 49_452_102, longitudeMicro: 11_076_665 },
  { code: "hel1", name: "Helsinki DC Park 1", city: "Helsinki", country: "FI", continent: "Europe", networkZone: "eu-central", latitudeMicro: 60_169_855, longitudeMicro: 24_938_379 },
  { code: "ash", name: "Ashburn, VA", city: "Ashburn", country: "US", continent: "North America", networkZone: "us-east", latitudeMicro: 39_043_757, longitudeMicro: -77_487_442 },
  { code: "hil", name: "Hillsboro, OR", city: "Hillsboro", country: "US", continent: "North America", networkZone: "us-west", latitudeMicro: 45_542_095, longitudeMicro: -122_949_825 },
];

/** EUR; hourly in thousandths of a cent (the monthly price is the cap). */
export const SEED_SERVER_TYPES = [
  { code: "cx22", productSlug: "cloud-cx22", name: "CX22", category: "shared" as const, cores: 2, memoryMb: 4096, diskGb: 40, priceMonthly: 499, priceHourlyMilli: 800 },
  { code: "cx32", productSlug: "cloud-cx32", name: "CX32", category: "shared" as const, cores: 4, memoryMb: 8192, diskGb: 80, priceMonthly: 799, priceHourlyMilli: 1_280 },
  { code: "ccx23", productSlug: "cloud-ccx23", name: "CCX23", category: "dedicated" as const, cores: 4, memoryMb: 16_384, diskGb: 160, priceMonthly: 2899, priceHourlyMilli: 4_650 },
];

export const SEED_IMAGES = [
  { name: "ubuntu-24.04", description: "Ubuntu 24.04 LTS", osFlavor: "ubuntu", osVersion: "24.04", diskSizeGb: 5 },
  { name: "debian-12", description: "Debian 12 (bookworm)", osFlavor: "debian", osVersion: "12", diskSizeGb: 5 },
  { name: "rocky-9", description: "Rocky Linux 9", osFlavor: "rocky", osVersion: "9", diskSizeGb: 5 },
];

export async function seedCloud(productIds: Map<string, string>): Promise<{ result: SeedModuleResult }> {
  const db = cloudDb();
  return db.transaction(async (tx) => {
    const newDatacenters = await tx
      .insert(datacenters)
      .values(SEED_DATACENTERS.map((d, i) => ({ ...d, sortOrder: (i + 1) * 10 })))
      .onConflictDoNothing({ target: datacenters.code })
      .returning({ id: datacenters.id });
    const newTypes = await tx
      .insert(serverTypes)
      .values(
        SEED_SERVER_TYPES.map(({ productSlug, ...t }, i) => ({
          ...t,
          currency: "EUR",
          productId: productIds.get(productSlug) ?? null,
          sortOrder: (i + 1) * 10,
        })),
      )
      .onConflictDoNothing({ target: serverTypes.code })
      .returning({ id: serverTypes.id });
    // The system-image key is a partial unique index (owner_id is null), so no explicit conflict target.
    const newImages = await tx
      .insert(images)
      .values(SEED_IMAGES.map((img) => ({ ...img, type: "system" as const, architecture: "x86" as const })))
      .onConflictDoNothing()
      .returning({ id: images.id });

    const [dcCount] = await tx.select({ n: count() }).from(datacenters);
    const [typeCount] = await tx.select({ n: count() }).from(serverTypes);
    const [imageCount] = await tx.select({ n: count() }).from(images);
    return {
      result: {
        database: "cloud",
        parts: [
          { label: "datacenters", total: dcCount!.n, inserted: newDatacenters.length },
          { label: "server types", total: typeCount!.n, inserted: newTypes.length },
          { label: "images", total: imageCount!.n, inserted: newImages.length },
        ],
      },
    };
  });
}
