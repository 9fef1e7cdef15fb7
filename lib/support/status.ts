import "server-only";
/**
 * The public status page and the portal's notices: VPN locations with live health and 24-hour uptime (from the
 * agents' health samples), maintenance windows (now, upcoming, past = incident history) and announcements.
 * A window's shown state follows the clock (scheduled → in progress → completed) unless staff cancelled it.
 */
import { and, asc, desc, eq, gte, inArray, isNull, lte, ne, or, sql } from "drizzle-orm";
import { supportDb } from "@/db/support/client";
import { announcements, maintenanceWindows } from "@/db/support/schema";
import { vpnDb } from "@/db/vpn/client";
import { serverHealthSamples, servers } from "@/db/vpn/schema";
import { renderMarkdown } from "@/lib/markdown/render";
import { getVpnSettings } from "@/lib/vpn/settings";
import { serverStatus } from "@/lib/vpn/status";

export type WindowState = "scheduled" | "in_progress" | "completed" | "cancelled";

export interface MaintenanceView {
  id: string;
  title: string;
  html: string;
  descriptionMarkdown: string | null;
  type: "planned" | "emergency";
  state: WindowState;
  affects: string[];
  startsAt: Date;
  endsAt: Date;
}

export function windowState(w: { status: string; startsAt: Date; endsAt: Date }, now: Date): WindowState {
  if (w.status === "cancelled") return "cancelled";
  if (w.status === "completed") return "completed";
  if (now < w.startsAt) return w.status === "in_progress" ? "in_progress" : "scheduled";
  if (now < w.endsAt) return "in_progress";
  return "completed";
}

function view(w: typeof maintenanceWindows.$inferSelect, now: Date): MaintenanceView {
  return {
    id: w.id,
    title: w.title,
    descriptionMarkdown: w.descriptionMarkdown,
    html: renderMarkdown(w.descriptionMarkdown ?? ""),
    type: w.type,
    state: windowState(w, now),
    affects: w.affects ?? [],
    startsAt: w.startsAt,
    endsAt: w.endsAt,
  };
}

/** Windows still ahead or under way (not cancelled), soonest first; upcoming ones within `horizonDays`. */
export async function listCurrentMaintenance(now: Date = new Date(), horizonDays = 30): Promise<MaintenanceView[]> {
  const rows = await supportDb()
    .select()
    .from(maintenanceWindows)
    .where(
      and(
        inArray(maintenanceWindows.status, ["scheduled", "in_progress"]),
        gte(maintenanceWindows.endsAt, now),
        lte(maintenanceWindows.startsAt, new Date(now.getTime() + horizonDays * 86_400_000)),
      ),
    )
    .orderBy(asc(maintenanceWindows.startsAt));
  return rows.map((w) => view(w, now));
}

/** Incident history: windows that ended (or were completed) in the last `days` days, newest first. */
export async function listPastMaintenance(now: Date = new Date(), days = 30): Promise<MaintenanceView[]> {
  const rows = await supportDb()
    .select()
    .from(maintenanceWindows)
    .where(
      and(
        ne(maintenanceWindows.status, "cancelled"),
        gte(maintenanceWindows.endsAt, new Date(now.getTime() - days * 86_400_000)),
        or(eq(maintenanceWindows.status, "completed"), lte(maintenanceWindows.endsAt, now)),
      ),
    )
    .orderBy(desc(maintenanceWindows.startsAt))
    .limit(50);
  return rows.map((w) => view(w, now));
}

export interface AnnouncementView {
  id: string;
  slug: string;
  title: string;
  html: string;
  level: "info" | "warning" | "critical";
  publishAt: Date | null;
  createdAt: Date;
}

/** Published, in their window, for this audience (`everyone` for the public page; customers also see `customers`). */
export async function listLiveAnnouncements(audience: "public" | "customer", now: Date = new Date()): Promise<AnnouncementView[]> {
  const rows = await supportDb()
    .select()
    .from(announcements)
    .where(
      and(
        eq(announcements.published, true),
        inArray(announcements.audience, audience === "public" ? ["everyone"] : ["everyone", "customers"]),
        or(isNull(announcements.publishAt), lte(announcements.publishAt, now)),
        or(isNull(announcements.expiresAt), gte(announcements.expiresAt, now)),
      ),
    )
    .orderBy(desc(sql`coalesce(${announcements.publishAt}, ${announcements.createdAt})`))
    .limit(20);
  return rows.map((a) => ({ id: a.id, slug: a.slug, title: a.title, html: renderMarkdown(a.bodyMarkdown), level: a.level, publishAt: a.publishAt, createdAt: a.createdAt }));
}

export interface LocationHealth {
  slug: string;
  name: string;
  city: string;
  countryCode: string;
  /** `unknown`: the agent has never reported (a new location), which is not an outage. */
  status: "online" | "offline" | "maintenance" | "unknown";
  lastSeenAt: Date | null;
  loadPermille: number;
  /** Share of health samples online in the last 24 h, 0–1000, or null with no samples. */
  uptimePermille: number | null;
  maintenance: MaintenanceView | null;
}

/** `vpn:<slug>`, `vpn:*` and `*` affect a VPN location. */
export const affectsLocation = (affects: string[], slug: string) => affects.some((a) => a === "*" || a === "vpn:*" || a === `vpn:${slug}`);

export async function listLocationHealth(now: Date = new Date(), maintenance?: MaintenanceView[]): Promise<LocationHealth[]> {
  const { offlineAfterMs } = await getVpnSettings();
  const db = vpnDb();
  const rows = await db
    .select({ id: servers.id, slug: servers.slug, name: servers.name, city: servers.city, countryCode: servers.countryCode, lastSeenAt: servers.lastSeenAt, active: servers.active, loadPermille: servers.loadPermille })
    .from(servers)
    .where(and(eq(servers.active, true), eq(servers.accessLevel, "public")))
    .orderBy(asc(servers.sortOrder), asc(servers.name));
  const since = new Date(now.getTime() - 86_400_000);
  const uptime = rows.length
    ? await db
        .select({ serverId: serverHealthSamples.serverId, total: sql<number>`count(*)`, up: sql<number>`sum(case when ${serverHealthSamples.online} then 1 else 0 end)` })
        .from(serverHealthSamples)
        .where(and(inArray(serverHealthSamples.serverId, rows.map((r) => r.id)), gte(serverHealthSamples.sampledAt, since)))
        .groupBy(serverHealthSamples.serverId)
    : [];
  const windows = (maintenance ?? (await listCurrentMaintenance(now))).filter((w) => w.state === "in_progress");
  return rows.map((s) => {
    const u = uptime.find((x) => x.serverId === s.id);
    const inMaintenance = windows.find((w) => affectsLocation(w.affects, s.slug)) ?? null;
    const live = serverStatus(s, now, offlineAfterMs);
    return {
      slug: s.slug,
      name: s.name,
      city: s.city,
      countryCode: s.countryCode,
      status: live === "offline" && inMaintenance ? "maintenance" : !s.lastSeenAt ? "unknown" : live,
      lastSeenAt: s.lastSeenAt,
      loadPermille: s.loadPermille,
      uptimePermille: u && Number(u.total) > 0 ? Math.round((Number(u.up) * 1000) / Number(u.total)) : null,
      maintenance: inMaintenance,
    };
  });
}

export async function getStatusPage(now: Date = new Date()) {
  const current = await listCurrentMaintenance(now);
  const [locations, past, news] = await Promise.all([listLocationHealth(now, current), listPastMaintenance(now), listLiveAnnouncements("public", now)]);
  const reporting = locations.filter((l) => l.status !== "unknown");
  const offline = reporting.filter((l) => l.status === "offline").length;
  const overall: "operational" | "maintenance" | "degraded" | "outage" | "unknown" =
    reporting.length === 0 && locations.length > 0
      ? "unknown"
      : reporting.length > 0 && offline === reporting.length
        ? "outage"
        : offline > 0
          ? "degraded"
          : current.some((w) => w.state === "in_progress")
            ? "maintenance"
            : "operational";
  return { overall, locations, maintenance: current, history: past, announcements: news };
}

/** For the portal: announcements for customers and maintenance now or ahead. */
export async function getCustomerNotices(now: Date = new Date()) {
  const [maintenance, news] = await Promise.all([listCurrentMaintenance(now, 14), listLiveAnnouncements("customer", now)]);
  return { maintenance, announcements: news };
}
