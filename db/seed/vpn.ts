/**
 * vpn seed: demo locations. Endpoints use the reserved `.test` TLD (RFC 2606) so nothing real is ever dialled.
 * Each server gets a genuine X25519 public key (the private half is thrown away; a real deployment replaces the
 * key with the server's own). No agent token is seeded: staff create one per server, shown once.
 */
import { generateKeyPairSync } from "node:crypto";
import { count } from "drizzle-orm";
import { vpnDb } from "@/db/vpn/client";
import { servers, vipList, type AccessLevel } from "@/db/vpn/schema";
import type { SeedModuleResult } from "./types";

/** A WireGuard public key: the raw 32-byte X25519 public key, base64 (44 characters). */
export function generateWireGuardPublicKey(): string {
  const { publicKey } = generateKeyPairSync("x25519");
  const jwk = publicKey.export({ format: "jwk" });
  return Buffer.from(jwk.x!, "base64url").toString("base64");
}

export const SEED_SERVERS: Array<{
  slug: string;
  name: string;
  countryCode: string;
  city: string;
  description: string;
  accessLevel: AccessLevel;
  capacity: number;
  provider: string;
  monthlyCost: number;
  monthlyCostCurrency: string;
}> = [
  {
    slug: "de-fra",
    name: "Frankfurt",
    countryCode: "DE",
    city: "Frankfurt",
    description: "Central Europe, close to the DE-CIX exchange.",
    accessLevel: "public",
    capacity: 500,
    provider: "Hetzner",
    monthlyCost: 583,
    monthlyCostCurrency: "EUR",
  },
  {
    slug: "nl-ams",
    name: "Amsterdam",
    countryCode: "NL",
    city: "Amsterdam",
    description: "Western Europe, well connected to the UK and Nordics.",
    accessLevel: "public",
    capacity: 500,
    provider: "Vultr",
    monthlyCost: 600,
    monthlyCostCurrency: "USD",
  },
  {
    slug: "gb-lon",
    name: "London",
    countryCode: "GB",
    city: "London",
    description: "United Kingdom.",
    accessLevel: "public",
    capacity: 400,
    provider: "Vultr",
    monthlyCost: 600,
    monthlyCostCurrency: "USD",
  },
  {
    slug: "us-nyc",
    name: "New York",
    countryCode: "US",
    city: "New York",
    description: "US East coast.",
    accessLevel: "public",
    capacity: 500,
    provider: "DigitalOcean",
    monthlyCost: 600,
    monthlyCostCurrency: "USD",
  },
  {
    slug: "sg-sin",
    name: "Singapore",
    countryCode: "SG",
    city: "Singapore",
    description: "South-East Asia and Oceania.",
    accessLevel: "public",
    capacity: 300,
    provider: "Vultr",
    monthlyCost: 600,
    monthlyCostCurrency: "USD",
  },
  {
    slug: "us-stl",
    name: "St. Louis (VIP)",
    countryCode: "US",
    city: "St. Louis",
    description: "Dedicated server for VIP customers.",
    accessLevel: "vip",
    capacity: 50,
    provider: "Contabo",
    monthlyCost: 615,
    monthlyCostCurrency: "USD",
  },
];

export const SEED_VIP_EMAILS = [{ email: "vip@skyport.test", note: "Demo VIP account (sees the VIP-only location)" }];

export async function seedVpn(): Promise<{ result: SeedModuleResult }> {
  const db = vpnDb();
  return db.transaction(async (tx) => {
    const newServers = await tx
      .insert(servers)
      .values(
        SEED_SERVERS.map((s, i) => ({
          ...s,
          endpointHost: `${s.slug}.vpn.skyport.test`,
          endpointPort: 51820,
          publicKey: generateWireGuardPublicKey(),
          active: true,
          sortOrder: (i + 1) * 10,
        })),
      )
      .onConflictDoNothing({ target: servers.slug })
      .returning({ id: servers.id });
    const newVip = await tx.insert(vipList).values(SEED_VIP_EMAILS).onConflictDoNothing({ target: vipList.email }).returning({ id: vipList.id });

    const [serverCount] = await tx.select({ n: count() }).from(servers);
    const [vipCount] = await tx.select({ n: count() }).from(vipList);
    return {
      result: {
        database: "vpn",
        parts: [
          { label: "locations", total: serverCount!.n, inserted: newServers.length },
          { label: "VIP emails", total: vipCount!.n, inserted: newVip.length },
        ],
      },
    };
  });
}
