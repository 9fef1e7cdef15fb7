import "server-only";
/**
 * The VPN's settings live in the ops `settings` table (keys `vpn.*`, defaults seeded from db/seed/ops.ts). Missing
 * or malformed values fall back to the seeded defaults so a half-configured install still hands out addresses.
 */
import { like } from "drizzle-orm";
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { opsDb } from "@/db/ops/client";
import { settings } from "@/db/ops/schema";
import { DEFAULT_SETTINGS } from "@/db/seed/ops";

const cidr = (family: "ipv4" | "ipv6") =>
  z.string().refine((v) => {
    try {
      const [addr] = ipaddr.parseCIDR(v);
      return addr.kind() === family;
    } catch {
      return false;
    }
  }, `must be an ${family} CIDR`);

const schema = z.object({
  "vpn.ipv4Pool": cidr("ipv4"),
  "vpn.ipv6Pool": cidr("ipv6"),
  "vpn.dns": z.array(z.string().refine((v) => ipaddr.isValid(v))),
  /** Optional named DNS profiles (e.g. `{ "filtering": ["9.9.9.11"] }`) a customer may pick instead of the default. */
  "vpn.dnsProfiles": z.record(z.string(), z.array(z.string().refine((v) => ipaddr.isValid(v)))),
  "vpn.mtu": z.number().int().min(576).max(9000).nullable(),
  "vpn.persistentKeepalive": z.number().int().min(0).max(65535),
  "vpn.addressQuarantineDays": z.number().min(0),
  "vpn.offlineAfterSeconds": z.number().int().positive(),
  "vpn.agentReportIntervalSeconds": z.number().int().positive(),
});

type Raw = z.infer<typeof schema>;

export interface VpnSettings {
  ipv4Pool: string;
  ipv6Pool: string;
  dns: string[];
  dnsProfiles: Record<string, string[]>;
  mtu: number | null;
  persistentKeepalive: number;
  addressQuarantineDays: number;
  offlineAfterMs: number;
  agentReportIntervalSeconds: number;
}

const FALLBACK: Raw = {
  "vpn.ipv4Pool": "100.96.0.0/16",
  "vpn.ipv6Pool": "fd5c:7a10:9e00::/64",
  "vpn.dns": [],
  "vpn.dnsProfiles": {},
  "vpn.mtu": 1420,
  "vpn.persistentKeepalive": 25,
  "vpn.addressQuarantineDays": 7,
  "vpn.offlineAfterSeconds": 120,
  "vpn.agentReportIntervalSeconds": 30,
};

export async function getVpnSettings(): Promise<VpnSettings> {
  const rows = await opsDb().select({ key: settings.key, value: settings.value }).from(settings).where(like(settings.key, "vpn.%"));
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  const raw = {} as Record<keyof Raw, unknown>;
  for (const key of Object.keys(schema.shape) as Array<keyof Raw>) {
    const field = schema.shape[key];
    const candidates = [stored.get(key), DEFAULT_SETTINGS[key], FALLBACK[key]];
    raw[key] = candidates.find((c) => c !== undefined && field.safeParse(c).success) ?? FALLBACK[key];
  }
  const v = raw as Raw;
  return {
    ipv4Pool: v["vpn.ipv4Pool"],
    ipv6Pool: v["vpn.ipv6Pool"],
    dns: v["vpn.dns"],
    dnsProfiles: v["vpn.dnsProfiles"],
    mtu: v["vpn.mtu"],
    persistentKeepalive: v["vpn.persistentKeepalive"],
    addressQuarantineDays: v["vpn.addressQuarantineDays"],
    offlineAfterMs: v["vpn.offlineAfterSeconds"] * 1000,
    agentReportIntervalSeconds: v["vpn.agentReportIntervalSeconds"],
  };
}
