import "server-only";
/** Admin tables over the vpn database (no agent token hashes or encrypted private keys are selected). */
import { eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { vpnDb } from "@/db/vpn/client";
import { ACCESS_LEVELS, agentSyncState, DEVICE_PLATFORMS, DEVICE_STATUSES, devices, servers, vipList } from "@/db/vpn/schema";
import { getVpnSettings } from "@/lib/vpn/settings";
import { serverStatus } from "@/lib/vpn/status";
import { defineTable } from "../query";
import { personIdsByEmailPrefix, withPeople } from "../people";

const prefix = (column: SQLiteColumn, term: string): SQL => sql`(${column} >= ${term} and ${column} < ${`${term}\uffff`})`;
const contains = (column: SQLiteColumn, term: string): SQL => sql`${column} like ${`%${term.replace(/[\\%_]/g, "")}%`}`;

export interface VpnServerTableRow {
  id: string;
  slug: string;
  name: string;
  countryCode: string;
  city: string;
  endpointHost: string;
  accessLevel: string;
  active: boolean;
  capacity: number;
  peerCount: number;
  loadPermille: number;
  lastSeenAt: Date | null;
  sortOrder: number;
  configSerial: number;
  /** From the last agent report (decorate). */
  status: "online" | "offline";
  appliedSerial: number;
  inSync: boolean;
}

export const vpnServersTable = defineTable<VpnServerTableRow>({
  name: "vpn-servers",
  db: vpnDb,
  table: servers,
  select: {
    id: servers.id,
    slug: servers.slug,
    name: servers.name,
    countryCode: servers.countryCode,
    city: servers.city,
    endpointHost: servers.endpointHost,
    accessLevel: servers.accessLevel,
    active: servers.active,
    capacity: servers.capacity,
    peerCount: servers.peerCount,
    loadPermille: servers.loadPermille,
    lastSeenAt: servers.lastSeenAt,
    sortOrder: servers.sortOrder,
    configSerial: servers.configSerial,
  },
  key: servers.id,
  columns: {
    name: { column: servers.name, label: "Name", sortable: true },
    countryCode: { column: servers.countryCode, label: "Country", sortable: true, filter: { kind: "text", match: "exact" } },
    accessLevel: { column: servers.accessLevel, label: "Access", filter: { kind: "enum", options: ACCESS_LEVELS } },
    loadPermille: { column: servers.loadPermille, label: "Load", sortable: true },
    lastSeenAt: { column: servers.lastSeenAt, label: "Last seen", sortable: true },
    sortOrder: { column: servers.sortOrder, label: "Order", sortable: true },
  },
  defaultSort: [{ id: "sortOrder", desc: false }],
  search: (q) => or(eq(servers.id, q), prefix(servers.slug, q.toLowerCase()), contains(servers.name, q), contains(servers.city, q)),
  decorate: async (rows) => {
    const { offlineAfterMs } = await getVpnSettings();
    const ids = rows.map((r) => r.id as string);
    const sync = ids.length
      ? await vpnDb().select({ serverId: agentSyncState.serverId, appliedSerial: agentSyncState.appliedSerial, lastError: agentSyncState.lastError }).from(agentSyncState).where(inArray(agentSyncState.serverId, ids))
      : [];
    const now = new Date();
    return rows.map((r) => {
      const s = sync.find((x) => x.serverId === r.id);
      const row = r as unknown as VpnServerTableRow;
      return { ...row, status: serverStatus(row, now, offlineAfterMs), appliedSerial: s?.appliedSerial ?? 0, inSync: (s?.appliedSerial ?? 0) === row.configSerial && !s?.lastError };
    });
  },
});

export interface VpnDeviceTableRow {
  id: string;
  userId: string;
  userEmail: string | null;
  serviceId: string;
  name: string;
  platform: string;
  publicKey: string;
  keyMode: string;
  ipv4: string;
  ipv6: string;
  status: string;
  disabledReason: string | null;
  lastHandshakeAt: Date | null;
  createdAt: Date;
}

export const vpnDevicesTable = defineTable<VpnDeviceTableRow>({
  name: "vpn-devices",
  db: vpnDb,
  table: devices,
  select: {
    id: devices.id,
    userId: devices.userId,
    serviceId: devices.serviceId,
    name: devices.name,
    platform: devices.platform,
    publicKey: devices.publicKey,
    keyMode: devices.keyMode,
    ipv4: devices.ipv4,
    ipv6: devices.ipv6,
    status: devices.status,
    disabledReason: devices.disabledReason,
    lastHandshakeAt: devices.lastHandshakeAt,
    createdAt: devices.createdAt,
  },
  key: devices.id,
  columns: {
    status: { column: devices.status, label: "Status", filter: { kind: "enum", options: DEVICE_STATUSES } },
    platform: { column: devices.platform, label: "Platform", filter: { kind: "enum", options: DEVICE_PLATFORMS } },
    lastHandshakeAt: { column: devices.lastHandshakeAt, label: "Last handshake", sortable: true, filter: { kind: "date" } },
    createdAt: { column: devices.createdAt, label: "Added", sortable: true, filter: { kind: "date" } },
  },
  defaultSort: [{ id: "createdAt", desc: true }],
  search: async (q) => {
    const owners = await personIdsByEmailPrefix(q, 200);
    return or(eq(devices.id, q), prefix(devices.publicKey, q), eq(devices.ipv4, q), eq(devices.ipv6, q), contains(devices.name, q), owners.length ? inArray(devices.userId, owners) : undefined);
  },
  decorate: (rows) => withPeople<VpnDeviceTableRow>(rows, "userId", "user"),
});

export interface VipTableRow {
  id: string;
  email: string;
  note: string | null;
  addedBy: string | null;
  addedByEmail: string | null;
  createdAt: Date;
}

export const vipTable = defineTable<VipTableRow>({
  name: "vip",
  db: vpnDb,
  table: vipList,
  select: { id: vipList.id, email: vipList.email, note: vipList.note, addedBy: vipList.addedBy, createdAt: vipList.createdAt },
  key: vipList.id,
  columns: {
    // Not "Email": the add form on the same page owns that label.
    email: { column: vipList.email, label: "Email starts with", sortable: true, filter: { kind: "text", match: "prefix", lowercase: true } },
    createdAt: { column: vipList.createdAt, label: "Added", sortable: true, filter: { kind: "date" } },
  },
  defaultSort: [{ id: "email", desc: false }],
  search: (q) => or(prefix(vipList.email, q.toLowerCase()), contains(vipList.note, q)),
  decorate: (rows) => withPeople<VipTableRow>(rows, "addedBy", "addedBy"),
});
