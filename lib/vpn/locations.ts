import "server-only";
/** Locations as customers see them: the storefront's list with live status and load, and a user's own list. */
import { and, asc, eq } from "drizzle-orm";
import { vpnDb } from "@/db/vpn/client";
import { servers, type AccessLevel } from "@/db/vpn/schema";
import { serverStatus } from "./status";
import { userHasVip } from "./db";
import { getVpnSettings } from "./settings";

export interface LocationView {
  id: string;
  slug: string;
  name: string;
  countryCode: string;
  city: string;
  description: string | null;
  accessLevel: AccessLevel;
  status: "online" | "offline";
  lastSeenAt: Date | null;
  /** Live use against capacity, 0–1000. */
  loadPermille: number;
  /** The online location with the most room; one per list. */
  recommended: boolean;
}

async function list(includeVip: boolean, now: Date): Promise<LocationView[]> {
  const { offlineAfterMs } = await getVpnSettings();
  const rows = await vpnDb()
    .select()
    .from(servers)
    .where(and(eq(servers.active, true), includeVip ? undefined : eq(servers.accessLevel, "public")))
    .orderBy(asc(servers.sortOrder), asc(servers.name));
  const views: LocationView[] = rows.map((s) => ({
    id: s.id,
    slug: s.slug,
    name: s.name,
    countryCode: s.countryCode,
    city: s.city,
    description: s.description,
    accessLevel: s.accessLevel,
    status: serverStatus(s, now, offlineAfterMs),
    lastSeenAt: s.lastSeenAt,
    loadPermille: s.loadPermille,
    recommended: false,
  }));
  const best = views.filter((v) => v.status === "online").sort((a, b) => a.loadPermille - b.loadPermille)[0];
  if (best) best.recommended = true;
  return views;
}

/** Public locations for the storefront (VIP-only ones are never advertised). */
export function listPublicLocations(now: Date = new Date()): Promise<LocationView[]> {
  return list(false, now);
}

/**
 * Locations a signed-in customer may use: public ones, plus VIP-only ones when their email is on the VIP list or a
 * plan grants VIP access. The email comes from the session (identity lives in another database).
 */
export async function listLocationsForUser(userId: string, email: string | null, now: Date = new Date()): Promise<LocationView[]> {
  return list(await userHasVip(vpnDb(), userId, email), now);
}
