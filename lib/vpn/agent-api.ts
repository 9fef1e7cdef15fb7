import "server-only";
/**
 * The control plane's side of the VPN agent (scripts/vpn-agent.ts), one per server.
 *
 * HTTP contract — route handlers in app/api/vpn/agent/{peers,ack,report}/route.ts can simply
 * `return handleAgentRequest("peers", request)` (plain Request → Response, no framework types). Every request
 * carries `Authorization: Bearer <agent token>`; the token alone decides which server is meant, so one server's
 * token can never read another's peers.
 *
 *   GET  /api/vpn/agent/peers            → 200 {"serial": 42,
 *                                                "peers": [{"publicKey": "<b64>", "presharedKey": "<b64>" | null,
 *                                                           "allowedIps": ["100.96.0.2/32", "fd5c:7a10:9e00::2/128"]}]}
 *   GET  /api/vpn/agent/peers?serial=42  → 200 {"serial": 42, "unchanged": true}   (nothing new since 42)
 *                                          A disabled server gets {"serial": 43, "peers": [], "disabled": true}.
 *   POST /api/vpn/agent/ack     {"serial": 42, "configHash": "<sha256 hex of the applied peer set, see peerSetHash>"}
 *                                        → 200 {"ok": true, "inSync": true}
 *   POST /api/vpn/agent/report  {"dump": "<wg show <if> dump, private key blanked>", "agentVersion": "1.0.0",
 *                                 "appliedSerial": 42}
 *                                        → 200 {"ok": true, "accepted": 12, "ignored": 0}
 *   Errors: 401 {"error": {"code": "UNAUTHENTICATED", "message": "…"}} (missing, wrong or revoked token; a server's
 *           last revoked/replaced token is recorded on that server as a rejected contact),
 *           400 {"error": {"code": "VALIDATION", …}} (malformed body), 405 for other methods.
 *   Responses carry `cache-control: no-store` (peer sets contain preshared keys).
 */
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { newId } from "@/db/columns";
import { vpnDb } from "@/db/vpn/client";
import {
  agentSyncState,
  auditLog,
  devices,
  deviceServerKeys,
  deviceUsageMonthly,
  entitlements,
  peerStatus,
  serverHealthSamples,
  servers,
  vipList,
} from "@/db/vpn/schema";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { AppError, notFound, toHttpResponse } from "@/lib/errors";
import { randomToken, sha256Hex } from "@/lib/security/tokens";
import { peerSetHash, parseWgDump, type AckResponse, type AgentPeer, type PeersResponse, type ReportResponse } from "./agent-protocol";
import { decryptPresharedKey } from "./secrets";
import { ONLINE_WINDOW_MS, serverStatus, usageMonth } from "./status";
import type { VpnExecutor } from "./db";

export type Server = typeof servers.$inferSelect;

const TOKEN_PREFIX = "skyagent_";

export { serverStatus };

// ── Tokens ──────────────────────────────────────────────────────────────────────────────────────────────────────

/** Creates (or replaces) a server's agent token. The token is returned once; only its SHA-256 and last 4 are kept. */
export async function issueAgentToken(actor: AuditActor, serverId: string): Promise<{ token: string; last4: string }> {
  const token = `${TOKEN_PREFIX}${randomToken(32)}`;
  const last4 = token.slice(-4);
  await vpnDb().transaction(async (tx) => {
    const [server] = await tx
      .select({ id: servers.id, last4: servers.agentTokenLast4, hash: servers.agentTokenHash })
      .from(servers)
      .where(eq(servers.id, serverId))
      .limit(1);
    if (!server) throw notFound("Server not found");
    await tx
      .update(servers)
      .set({
        agentTokenHash: sha256Hex(token),
        agentTokenLast4: last4,
        agentTokenRotatedAt: new Date(),
        // The replaced token is refused from now on; remembering its hash lets the page show an agent still using it.
        ...(server.hash ? { agentTokenRetiredHash: server.hash } : {}),
      })
      .where(eq(servers.id, serverId));
    await writeAudit(tx, auditLog, actor, {
      action: server.last4 ? "vpn.server.agent_token_rotate" : "vpn.server.agent_token_issue",
      entityType: "server",
      entityId: serverId,
      before: { tokenLast4: server.last4 },
      after: { tokenLast4: last4 },
    });
  });
  return { token, last4 };
}

/** Revokes a server's agent token: its agent gets 401 until staff issue a new one. */
export async function revokeAgentToken(actor: AuditActor, serverId: string): Promise<void> {
  await vpnDb().transaction(async (tx) => {
    const [server] = await tx
      .select({ id: servers.id, last4: servers.agentTokenLast4, hash: servers.agentTokenHash })
      .from(servers)
      .where(eq(servers.id, serverId))
      .limit(1);
    if (!server) throw notFound("Server not found");
    await tx
      .update(servers)
      .set({ agentTokenHash: null, agentTokenLast4: null, agentTokenRotatedAt: new Date(), ...(server.hash ? { agentTokenRetiredHash: server.hash } : {}) })
      .where(eq(servers.id, serverId));
    await writeAudit(tx, auditLog, actor, {
      action: "vpn.server.agent_token_revoke",
      entityType: "server",
      entityId: serverId,
      before: { tokenLast4: server.last4 },
    });
  });
}

/** The server an agent token (or `Authorization` header value) belongs to; anything else is UNAUTHENTICATED. */
export async function authenticateAgent(bearer: string | null | undefined): Promise<Server> {
  const token = typeof bearer === "string" ? bearer.replace(/^Bearer\s+/i, "").trim() : "";
  // Shape check first: no database round trip for junk, and nothing unbounded reaches the hash.
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200 || !/^[A-Za-z0-9_-]+$/.test(token)) throw unauthenticated();
  const hash = sha256Hex(token);
  const [server] = await vpnDb().select().from(servers).where(eq(servers.agentTokenHash, hash)).limit(1);
  if (server) return server;
  // A server's previous token: still refused, but the refusal is recorded on that server so staff see an agent
  // that was not given its new token (or should have been switched off). Unknown tokens write nothing.
  const [retired] = await vpnDb().select({ id: servers.id, slug: servers.slug }).from(servers).where(eq(servers.agentTokenRetiredHash, hash)).limit(1);
  if (retired) {
    const now = new Date();
    await vpnDb()
      .insert(agentSyncState)
      .values({ serverId: retired.id, lastRejectedAt: now, rejectedCount: 1 })
      .onConflictDoUpdate({ target: agentSyncState.serverId, set: { lastRejectedAt: now, rejectedCount: sql`${agentSyncState.rejectedCount} + 1`, updatedAt: now } });
    console.warn(`[vpn] agent of server ${retired.slug} presented its revoked or replaced token; refused`);
    throw new AppError("UNAUTHENTICATED", "This agent token was revoked or replaced: issue a new token for this server in the admin and give it to the agent");
  }
  throw unauthenticated();
}

const unauthenticated = () => new AppError("UNAUTHENTICATED", "Invalid or revoked agent token");

// ── Desired peer set ────────────────────────────────────────────────────────────────────────────────────────────

interface CarriedRow {
  deviceId: string;
  publicKey: string;
  ipv4: string;
  ipv6: string;
  presharedKeyEncrypted: string | null;
}

/**
 * Devices a server may carry: enabled, under an active entitlement, and — on a VIP-only server — an entitlement
 * with VIP access or whose email is on the VIP list. One query: a scan of devices joined through the entitlements'
 * unique service index (and the device+server key index). SQLite packs the rows into one JSON array, which is
 * several times cheaper than materialising 10,000 driver rows.
 */
async function carriedDevices(db: VpnExecutor, server: Pick<Server, "id" | "accessLevel" | "active">, withKeys: boolean): Promise<CarriedRow[]> {
  if (!server.active) return [];
  const vipRule =
    server.accessLevel === "vip"
      ? sql`and (${entitlements.vipAccess} = 1 or ${entitlements.email} in (select ${vipList.email} from ${vipList}))`
      : sql``;
  const keyJoin = withKeys
    ? sql`left join ${deviceServerKeys} on ${deviceServerKeys.deviceId} = ${devices.id} and ${deviceServerKeys.serverId} = ${server.id}`
    : sql``;
  const keyColumn = withKeys ? sql`${deviceServerKeys.presharedKeyEncrypted}` : sql`null`;
  const [row] = await db.all<{ rows: string | null }>(sql`
    select json_group_array(json_array(${devices.id}, ${devices.publicKey}, ${devices.ipv4}, ${devices.ipv6}, ${keyColumn})) as rows
    from ${devices}
    join ${entitlements} on ${entitlements.serviceId} = ${devices.serviceId} and ${entitlements.userId} = ${devices.userId}
    ${keyJoin}
    where ${devices.status} = 'active' and ${entitlements.status} = 'active' ${vipRule}`);
  const packed = JSON.parse(row?.rows ?? "[]") as Array<[string, string, string, string, string | null]>;
  return packed.map(([deviceId, publicKey, ipv4, ipv6, presharedKeyEncrypted]) => ({ deviceId, publicKey, ipv4, ipv6, presharedKeyEncrypted }));
}

export interface DesiredPeerSet {
  serial: number;
  peers: AgentPeer[];
}

/**
 * The peers a server should carry, with its current config serial. The serial is read before the peers: a change
 * committing in between then shows up as newer peers under the older serial, and the agent fetches again at the
 * next serial — never the reverse (a new serial with stale peers would stick).
 */
export async function desiredPeerSet(serverId: string, options: { now?: Date; recordFetch?: boolean } = {}): Promise<DesiredPeerSet> {
  const db = vpnDb();
  const [server] = await db.select().from(servers).where(eq(servers.id, serverId)).limit(1);
  if (!server) throw notFound("Server not found");
  const rows = await carriedDevices(db, server, true);
  const peers = rows.map((r) => ({
    publicKey: r.publicKey,
    presharedKey: r.presharedKeyEncrypted ? decryptPresharedKey(r.presharedKeyEncrypted, r.deviceId, server.id) : null,
    allowedIps: [`${r.ipv4}/32`, `${r.ipv6}/128`],
  }));
  if (options.recordFetch !== false) await recordSync(db, server.id, { servedSerial: server.configSerial, lastFetchAt: options.now ?? new Date() });
  return { serial: server.configSerial, peers };
}

async function recordSync(db: VpnExecutor, serverId: string, values: Partial<typeof agentSyncState.$inferInsert>): Promise<void> {
  await db
    .insert(agentSyncState)
    .values({ serverId, ...values })
    .onConflictDoUpdate({ target: agentSyncState.serverId, set: { ...values, updatedAt: new Date() } });
}

/** Records what the agent applied. `inSync` when it is the current serial with the desired set's hash. */
export async function acknowledgeSync(serverId: string, ack: { serial: number; configHash: string }, options: { now?: Date } = {}): Promise<AckResponse> {
  const db = vpnDb();
  const [server] = await db.select().from(servers).where(eq(servers.id, serverId)).limit(1);
  if (!server) throw notFound("Server not found");
  let inSync = false;
  let lastError: string | null = null;
  if (ack.serial === server.configSerial) {
    // Hashing 10,000 peers is not free, so it happens here (once per applied change), not on every fetch.
    const current = await desiredPeerSet(serverId, { recordFetch: false });
    inSync = current.serial === ack.serial && peerSetHash(current.peers) === ack.configHash;
    if (!inSync) lastError = `applied hash ${ack.configHash.slice(0, 12)}… differs from the desired set at serial ${ack.serial}`;
  }
  await recordSync(db, serverId, { appliedSerial: ack.serial, appliedHash: ack.configHash, ackedAt: options.now ?? new Date(), lastError });
  return { ok: true, inSync };
}

// ── Reports ─────────────────────────────────────────────────────────────────────────────────────────────────────

export interface IngestResult extends ReportResponse {
  ignoredPublicKeys: string[];
}


/**
 * Stores an agent's `wg show <if> dump`: per-peer status (last handshake, counters), the devices' last handshake,
 * monthly usage and a health sample. Usage survives counter resets (interface restart, peer re-added): a counter
 * lower than the last one seen counts from zero, adding the new value instead of a negative delta. Peers the server
 * does not carry are ignored and logged.
 */
export async function ingestReport(
  serverId: string,
  report: { dump: string; agentVersion?: string | null; appliedSerial?: number | null },
  options: { now?: Date } = {},
): Promise<IngestResult> {
  const now = options.now ?? new Date();
  const parsed = parseWgDump(report.dump);
  const db = vpnDb();
  const [server] = await db.select().from(servers).where(eq(servers.id, serverId)).limit(1);
  if (!server) throw notFound("Server not found");
  const carried = new Map((await carriedDevices(db, server, false)).map((r) => [r.publicKey, r.deviceId]));
  const month = usageMonth(now);

  const accepted = parsed.peers.filter((p) => carried.has(p.publicKey));
  const ignoredPublicKeys = parsed.peers.filter((p) => !carried.has(p.publicKey)).map((p) => p.publicKey);
  if (ignoredPublicKeys.length) {
    console.warn(
      `[vpn] server ${server.slug} reported ${ignoredPublicKeys.length} peer(s) it does not carry; ignored: ${ignoredPublicKeys
        .slice(0, 5)
        .map((k) => k.slice(0, 8) + "…")
        .join(", ")}`,
    );
  }
  const errors: string[] = [];
  if (parsed.interface?.publicKey && parsed.interface.publicKey !== server.publicKey) {
    errors.push(`interface public key ${parsed.interface.publicKey.slice(0, 8)}… is not the server's configured key`);
    console.warn(`[vpn] server ${server.slug}: ${errors[0]}`);
  }

  await db.transaction(async (tx) => {
    const [packed] = await tx.all<{ rows: string | null }>(sql`
      select json_group_array(json_array(${peerStatus.deviceId}, ${peerStatus.rxCounter}, ${peerStatus.txCounter}, ${peerStatus.lastHandshakeAt})) as rows
      from ${peerStatus} where ${peerStatus.serverId} = ${serverId}`);
    const previous = new Map(
      (JSON.parse(packed?.rows ?? "[]") as Array<[string, number, number, number | null]>).map(([deviceId, rx, txc, hs]) => [
        deviceId,
        { rx, tx: txc, handshake: hs === null ? null : new Date(hs) },
      ]),
    );
    const statusRows: Array<typeof peerStatus.$inferInsert> = [];
    const usageRows: Array<typeof deviceUsageMonthly.$inferInsert> = [];
    const handshakes: Array<{ deviceId: string; at: Date }> = [];
    for (const peer of accepted) {
      const deviceId = carried.get(peer.publicKey)!;
      const prev = previous.get(deviceId);
      const rxDelta = !prev ? peer.rxBytes : peer.rxBytes >= prev.rx ? peer.rxBytes - prev.rx : peer.rxBytes;
      const txDelta = !prev ? peer.txBytes : peer.txBytes >= prev.tx ? peer.txBytes - prev.tx : peer.txBytes;
      const handshakeChanged = (peer.latestHandshake?.getTime() ?? null) !== (prev?.handshake?.getTime() ?? null);
      // Unchanged peers cost nothing: at 10,000 mostly idle peers, rewriting every row each interval would dominate.
      if (prev && peer.rxBytes === prev.rx && peer.txBytes === prev.tx && !handshakeChanged) continue;
      statusRows.push({ serverId, deviceId, lastHandshakeAt: peer.latestHandshake, rxCounter: peer.rxBytes, txCounter: peer.txBytes, reportedAt: now });
      if (rxDelta > 0 || txDelta > 0) {
        usageRows.push({ deviceId, serverId, month, rxBytes: rxDelta, txBytes: txDelta, lastRxCounter: peer.rxBytes, lastTxCounter: peer.txBytes, updatedAt: now });
      }
      if (peer.latestHandshake && handshakeChanged) handshakes.push({ deviceId, at: peer.latestHandshake });
    }
    // A carried peer missing from the dump is off the interface: when it comes back its counters restart at zero,
    // so forget the old ones (otherwise new traffic up to the old counter would go uncounted).
    const reported = new Set(accepted.map((p) => carried.get(p.publicKey)!));
    const gone = [...previous.entries()].filter(([id, r]) => !reported.has(id) && (r.rx !== 0 || r.tx !== 0)).map(([id]) => id);
    // Bulk writes pass their rows as one JSON parameter that SQLite unpacks with json_each: one statement per table
    // instead of thousands of bound parameters built in JS.
    if (gone.length) {
      await tx.run(sql`
        update ${peerStatus} set rx_counter = 0, tx_counter = 0
        where ${peerStatus.serverId} = ${serverId} and ${peerStatus.deviceId} in (select value from json_each(${JSON.stringify(gone)}))`);
    }
    if (statusRows.length) {
      await tx.run(sql`
        insert into ${peerStatus} (server_id, device_id, last_handshake_at, rx_counter, tx_counter, reported_at)
        select ${serverId}, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), ${now.getTime()}
        from json_each(${JSON.stringify(statusRows.map((r) => [r.deviceId, r.lastHandshakeAt?.getTime() ?? null, r.rxCounter, r.txCounter]))}) where true
        on conflict (server_id, device_id) do update set
          last_handshake_at = excluded.last_handshake_at, rx_counter = excluded.rx_counter,
          tx_counter = excluded.tx_counter, reported_at = excluded.reported_at`);
    }
    if (usageRows.length) {
      // New rows get an id like every other row (UUIDv7 layout, made in JS: SQLite has no generator for it).
      await tx.run(sql`
        insert into ${deviceUsageMonthly} (id, device_id, server_id, month, rx_bytes, tx_bytes, last_rx_counter, last_tx_counter, updated_at)
        select json_extract(value, '$[0]'), json_extract(value, '$[1]'), ${serverId}, ${month}, json_extract(value, '$[2]'), json_extract(value, '$[3]'),
               json_extract(value, '$[4]'), json_extract(value, '$[5]'), ${now.getTime()}
        from json_each(${JSON.stringify(usageRows.map((u) => [newId(), u.deviceId, u.rxBytes, u.txBytes, u.lastRxCounter, u.lastTxCounter]))}) where true
        on conflict (device_id, server_id, month) do update set
          rx_bytes = rx_bytes + excluded.rx_bytes, tx_bytes = tx_bytes + excluded.tx_bytes,
          last_rx_counter = excluded.last_rx_counter, last_tx_counter = excluded.last_tx_counter, updated_at = excluded.updated_at`);
    }
    if (handshakes.length) {
      await tx.run(sql`
        update ${devices} set last_handshake_at = v.at, last_server_id = ${serverId}
        from (select json_extract(value, '$[0]') as id, json_extract(value, '$[1]') as at
              from json_each(${JSON.stringify(handshakes.map((h) => [h.deviceId, h.at.getTime()]))})) as v
        where ${devices.id} = v.id and (${devices.lastHandshakeAt} is null or ${devices.lastHandshakeAt} < v.at)`);
    }

    const activePeers = parsed.peers.filter((p) => p.latestHandshake && now.getTime() - p.latestHandshake.getTime() < ONLINE_WINDOW_MS).length;
    // Load is live use against capacity: peers with a recent handshake, in per-mille.
    const loadPermille = Math.min(1000, Math.round((activePeers * 1000) / Math.max(1, server.capacity)));
    await tx.insert(serverHealthSamples).values({
      serverId,
      online: true,
      peerCount: parsed.peers.length,
      activePeers,
      loadPermille,
      rxBytes: parsed.peers.reduce((s, p) => s + p.rxBytes, 0),
      txBytes: parsed.peers.reduce((s, p) => s + p.txBytes, 0),
      agentVersion: report.agentVersion ?? null,
      error: errors.length ? errors.join("; ") : null,
      sampledAt: now,
    });
    await tx.update(servers).set({ lastSeenAt: now, peerCount: parsed.peers.length, loadPermille }).where(eq(servers.id, serverId));
    await recordSync(tx, serverId, {
      lastReportAt: now,
      agentVersion: report.agentVersion ?? null,
      ...(report.appliedSerial != null ? { appliedSerial: report.appliedSerial } : {}),
    });
  });
  return { ok: true, accepted: accepted.length, ignored: ignoredPublicKeys.length, ignoredPublicKeys };
}

/** Peers a server carries with their last handshake and counters (admin "peers" tab). */
export async function serverPeers(serverId: string) {
  const db = vpnDb();
  const [server] = await db.select().from(servers).where(eq(servers.id, serverId)).limit(1);
  if (!server) throw notFound("Server not found");
  const carried = await carriedDevices(db, server, false);
  const status = new Map(
    (await db.select().from(peerStatus).where(eq(peerStatus.serverId, serverId))).map((r) => [r.deviceId, r]),
  );
  return carried.map((c) => ({
    deviceId: c.deviceId,
    publicKey: c.publicKey,
    ipv4: c.ipv4,
    ipv6: c.ipv6,
    lastHandshakeAt: status.get(c.deviceId)?.lastHandshakeAt ?? null,
    rxBytes: status.get(c.deviceId)?.rxCounter ?? 0,
    txBytes: status.get(c.deviceId)?.txCounter ?? 0,
    reportedAt: status.get(c.deviceId)?.reportedAt ?? null,
  }));
}

// ── HTTP glue ───────────────────────────────────────────────────────────────────────────────────────────────────

const ackSchema = z.object({ serial: z.number().int().nonnegative(), configHash: z.string().regex(/^[0-9a-f]{64}$/) });
const reportSchema = z.object({
  dump: z.string().max(20_000_000),
  agentVersion: z.string().max(64).optional(),
  appliedSerial: z.number().int().nonnegative().optional(),
});

export type AgentRoute = "peers" | "ack" | "report";

/** Handles one agent route with standard Request/Response, for the Next route handlers and tests alike. */
export async function handleAgentRequest(route: AgentRoute, request: Request): Promise<Response> {
  const headers = { "cache-control": "no-store" };
  try {
    const server = await authenticateAgent(request.headers.get("authorization"));
    if (route === "peers") {
      if (request.method !== "GET") return methodNotAllowed("GET");
      const since = new URL(request.url).searchParams.get("serial");
      if (since !== null && /^\d+$/.test(since) && Number(since) === server.configSerial) {
        await recordSync(vpnDb(), server.id, { servedSerial: server.configSerial, lastFetchAt: new Date() });
        return Response.json({ serial: server.configSerial, unchanged: true } satisfies PeersResponse, { headers });
      }
      const set = await desiredPeerSet(server.id);
      // A disabled location carries nobody; saying so lets the agent log why its peer set went empty.
      return Response.json({ serial: set.serial, peers: set.peers, ...(server.active ? {} : { disabled: true as const }) } satisfies PeersResponse, { headers });
    }
    if (request.method !== "POST") return methodNotAllowed("POST");
    const body = await readJson(request);
    if (route === "ack") {
      const ack = parseBody(ackSchema, body);
      return Response.json(await acknowledgeSync(server.id, ack), { headers });
    }
    const report = parseBody(reportSchema, body);
    const { ok, accepted, ignored } = await ingestReport(server.id, report);
    return Response.json({ ok, accepted, ignored } satisfies ReportResponse, { headers });
  } catch (error) {
    return toHttpResponse(error);
  }
}

const methodNotAllowed = (allow: string) =>
  Response.json({ error: { code: "METHOD_NOT_ALLOWED", message: `Use ${allow}` } }, { status: 405, headers: { allow } });

async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new AppError("VALIDATION", "The body must be JSON");
  }
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new AppError("VALIDATION", result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  return result.data;
}
