import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { vpnDb } from "@/db/vpn/client";
import { agentSyncState, auditLog, deviceUsageMonthly, devices, peerStatus, serverHealthSamples, servers } from "@/db/vpn/schema";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import {
  acknowledgeSync,
  authenticateAgent,
  desiredPeerSet,
  handleAgentRequest,
  ingestReport,
  issueAgentToken,
  revokeAgentToken,
  serverPeers,
  serverStatus,
} from "./agent-api";
import { parseWgDump, peerSetHash, redactDump, renderSyncConfig, type AgentPeer } from "./agent-protocol";
import { addDevice, getDeviceConfig, listDevices, setDeviceEnabled } from "./devices";
import { vpnProvisioningModule as vpn } from "./provisioning-module";
import { listPublicLocations } from "./locations";
import { addVipEmail, removeVipEmail } from "./admin";
import { addVip, browserKey, createServer, customerWithPlan, setupVpnTest } from "./testing/fixtures";

let temp: TempDatabases;
const staff = { id: "staff-1", email: "ops@skyport.test" };

beforeAll(async () => {
  temp = await setupVpnTest();
});
afterAll(() => temp?.cleanup());

const add = (userId: string, name = "dev") => addDevice(userId, { name, keyMode: "browser", publicKey: browserKey().publicKey }, { email: null });
const get = (route: "peers" | "ack" | "report", token: string | null, init: { query?: string; body?: unknown; method?: string } = {}) =>
  handleAgentRequest(
    route,
    new Request(`http://cp.test/api/vpn/agent/${route}${init.query ?? ""}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" },
      body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
    }),
  );

describe("agent tokens", () => {
  it("are shown once, stored hashed, rotatable and revocable, with an audit trail", async () => {
    const server = await createServer();
    const { token, last4 } = await issueAgentToken(staff, server.id);
    expect(token).toMatch(/^skyagent_[A-Za-z0-9_-]{43}$/);
    const [row] = await vpnDb().select().from(servers).where(eq(servers.id, server.id));
    expect(row!.agentTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.agentTokenHash).not.toContain(token);
    expect(row!.agentTokenLast4).toBe(last4);
    expect((await authenticateAgent(`Bearer ${token}`)).id).toBe(server.id);
    expect((await authenticateAgent(token)).id).toBe(server.id);

    const rotated = await issueAgentToken(staff, server.id);
    await expect(authenticateAgent(`Bearer ${token}`)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect((await authenticateAgent(`Bearer ${rotated.token}`)).id).toBe(server.id);
    await revokeAgentToken(staff, server.id);
    await expect(authenticateAgent(`Bearer ${rotated.token}`)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    for (const junk of [null, undefined, "", "Bearer", "Bearer nope", `Bearer skyagent_${"x".repeat(300)}`, "Bearer skyagent_' or 1=1 --"]) {
      await expect(authenticateAgent(junk)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    }
    const actions = (await vpnDb().select().from(auditLog).where(eq(auditLog.entityId, server.id))).map((a) => a.action);
    expect(actions).toEqual(["vpn.server.agent_token_issue", "vpn.server.agent_token_rotate", "vpn.server.agent_token_revoke"]);
    expect(JSON.stringify(await vpnDb().select().from(auditLog))).not.toContain(rotated.token);
  });

  it("routes answer 401 to wrong or revoked tokens and a token only ever sees its own server", async () => {
    const a = await createServer();
    const b = await createServer({ accessLevel: "vip" });
    const ta = (await issueAgentToken(staff, a.id)).token;
    const tb = (await issueAgentToken(staff, b.id)).token;
    const { userId } = await customerWithPlan();
    const device = await add(userId);

    for (const token of [null, "skyagent_wrong", ta.slice(0, -1) + (ta.endsWith("A") ? "B" : "A")]) {
      const res = await get("peers", token);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
      expect((await get("report", token, { body: { dump: "" } })).status).toBe(401);
      expect((await get("ack", token, { body: { serial: 1, configHash: "0".repeat(64) } })).status).toBe(401);
    }
    const peersA = (await (await get("peers", ta)).json()) as { peers: Array<{ publicKey: string }> };
    const peersB = (await (await get("peers", tb)).json()) as { peers: Array<{ publicKey: string }> };
    expect(peersA.peers.map((p) => p.publicKey)).toContain(device.publicKey);
    expect(peersB.peers.map((p) => p.publicKey)).not.toContain(device.publicKey); // B is VIP-only: the token decides the server
    // There is no way to name another server: query parameters are ignored.
    const sneaky = (await (await get("peers", tb, { query: `?serverId=${a.id}` })).json()) as { peers: unknown[] };
    expect(sneaky.peers).toEqual(peersB.peers);
    await revokeAgentToken(staff, a.id);
    expect((await get("peers", ta)).status).toBe(401);
    expect((await get("peers", tb, { method: "POST", body: {} })).status).toBe(405);
    expect((await get("ack", tb, { body: "{not json" })).status).toBe(400);
    expect((await get("ack", tb, { body: { serial: -1, configHash: "x" } })).status).toBe(400);
  });
});

describe("desired peer set", () => {
  it("carries enabled devices under active entitlements, honours VIP rules, and serials rise with every change", async () => {
    const pub = await createServer();
    const vipServer = await createServer({ accessLevel: "vip" });
    const regular = await customerWithPlan({ deviceLimit: 5 });
    const listed = await customerWithPlan({ email: "listed@example.test" });
    const suspended = await customerWithPlan();
    const r1 = await add(regular.userId, "r1");
    const r2 = await add(regular.userId, "r2");
    const l1 = await add(listed.userId, "l1");
    const s1 = await add(suspended.userId, "s1");
    await vpn.suspend(suspended.ctx);
    await setDeviceEnabled(regular.userId, r2.id, false);

    const set = await desiredPeerSet(pub.id);
    const keys = set.peers.map((p) => p.publicKey);
    expect(keys).toEqual(expect.arrayContaining([r1.publicKey, l1.publicKey]));
    expect(keys).not.toContain(r2.publicKey);
    expect(keys).not.toContain(s1.publicKey);
    expect(set.peers.find((p) => p.publicKey === r1.publicKey)).toEqual({
      publicKey: r1.publicKey,
      presharedKey: null,
      allowedIps: [`${r1.ipv4}/32`, `${r1.ipv6}/128`],
    });

    expect((await desiredPeerSet(vipServer.id)).peers.map((p) => p.publicKey)).toEqual([]);
    const vipSerial = (await desiredPeerSet(vipServer.id)).serial;
    const entry = await addVipEmail(staff, { email: " Listed@Example.test ", note: "friend of the house" });
    const withVip = await desiredPeerSet(vipServer.id);
    expect(withVip.peers.map((p) => p.publicKey)).toEqual([l1.publicKey]);
    expect(withVip.serial).toBe(vipSerial + 1);
    await expect(addVipEmail(staff, { email: "listed@example.test" })).rejects.toMatchObject({ code: "VALIDATION" });
    await removeVipEmail(staff, entry.id);
    expect(await desiredPeerSet(vipServer.id)).toMatchObject({ serial: vipSerial + 2, peers: [] });
    await addVip("listed@example.test");

    // Serials: a preshared key made at config download rises the serial and appears in the set.
    const before = set.serial;
    const config = await getDeviceConfig(regular.userId, r1.id, pub.slug, { email: regular.email, purpose: "view" });
    const psk = /PresharedKey = (\S+)/.exec(config.text)![1];
    const after = await desiredPeerSet(pub.id);
    expect(after.serial).toBe(before + 1);
    expect(after.peers.find((p) => p.publicKey === r1.publicKey)?.presharedKey).toBe(psk);
    await add(regular.userId, "r3");
    expect((await desiredPeerSet(pub.id)).serial).toBe(before + 2);
    const [sync] = await vpnDb().select().from(agentSyncState).where(eq(agentSyncState.serverId, pub.id));
    expect(sync!.servedSerial).toBe(before + 2);

    // An inactive server carries nobody.
    await vpnDb().update(servers).set({ active: false }).where(eq(servers.id, pub.id));
    expect((await desiredPeerSet(pub.id)).peers).toEqual([]);
    await vpnDb().update(servers).set({ active: true }).where(eq(servers.id, pub.id));
  });

  it("answers `unchanged` when the agent already has the serial, and records acknowledgements", async () => {
    const server = await createServer();
    const { token } = await issueAgentToken(staff, server.id);
    const { userId } = await customerWithPlan();
    await add(userId);
    const body = (await (await get("peers", token)).json()) as { serial: number; peers: AgentPeer[] };
    const full = { ...body, hash: peerSetHash(body.peers) };
    expect(full.peers.length).toBeGreaterThan(0);
    const again = await (await get("peers", token, { query: `?serial=${full.serial}` })).json();
    expect(again).toEqual({ serial: full.serial, unchanged: true });
    const stale = (await (await get("peers", token, { query: `?serial=${full.serial - 1}` })).json()) as { peers: unknown[] };
    expect(stale.peers).toHaveLength(full.peers.length);

    expect(await (await get("ack", token, { body: { serial: full.serial, configHash: full.hash } })).json()).toEqual({ ok: true, inSync: true });
    const [state] = await vpnDb().select().from(agentSyncState).where(eq(agentSyncState.serverId, server.id));
    expect(state).toMatchObject({ appliedSerial: full.serial, appliedHash: full.hash, lastError: null });
    expect(await acknowledgeSync(server.id, { serial: full.serial, configHash: "f".repeat(64) })).toEqual({ ok: true, inSync: false });
    expect((await vpnDb().select().from(agentSyncState).where(eq(agentSyncState.serverId, server.id)))[0]!.lastError).toMatch(/differs/);
  });
});

/** A `wg show <if> dump` as wireguard-tools prints it. */
function dump(serverPublicKey: string, peers: Array<{ key: string; handshake?: number; rx: number; tx: number; ips?: string }>): string {
  return [
    ["(hidden)", serverPublicKey, "51820", "off"].join("\t"),
    ...peers.map((p) => [p.key, "(none)", "198.51.100.7:40000", p.ips ?? "100.96.0.9/32", String(p.handshake ?? 0), String(p.rx), String(p.tx), "off"].join("\t")),
  ].join("\n") + "\n";
}

describe("reports", () => {
  it("parse and redact wg dumps", () => {
    const raw = "PRIVATEKEY=\tPUB=\t51820\toff\nPEER=\tPSK=\t(none)\t100.96.0.2/32,fd5c:7a10:9e00::2/128\t1700000000\t10\t20\t25\n";
    expect(redactDump(raw)).toBe("(hidden)\tPUB=\t51820\toff\nPEER=\t(hidden)\t(none)\t100.96.0.2/32,fd5c:7a10:9e00::2/128\t1700000000\t10\t20\t25\n");
    expect(parseWgDump(raw)).toEqual({
      interface: { publicKey: "PUB=", listenPort: 51820, fwmark: null },
      peers: [
        {
          publicKey: "PEER=",
          hasPresharedKey: true,
          endpoint: null,
          allowedIps: ["100.96.0.2/32", "fd5c:7a10:9e00::2/128"],
          latestHandshake: new Date(1_700_000_000_000),
          rxBytes: 10,
          txBytes: 20,
          persistentKeepalive: 25,
        },
      ],
    });
    expect(parseWgDump("garbage\n\nx\ty\n").peers).toEqual([]);
    expect(renderSyncConfig({ privateKey: "K", listenPort: 51820, peers: [{ publicKey: "P", presharedKey: null, allowedIps: ["a", "b"] }] })).toBe(
      "[Interface]\nPrivateKey = K\nListenPort = 51820\n\n[Peer]\nPublicKey = P\nAllowedIPs = a, b\n",
    );
  });

  it("store handshakes, usage robust to counter resets, health, and ignore (and log) peers the server does not carry", async () => {
    const server = await createServer({ capacity: 10 });
    const { userId } = await customerWithPlan();
    const device = await add(userId, "reporting");
    const other = await customerWithPlan();
    const stranger = await add(other.userId, "stranger");
    await vpn.suspend(other.ctx); // still exists, but this server must not carry it
    const t0 = new Date("2030-01-31T23:58:00Z");
    const hs = Math.floor(t0.getTime() / 1000) - 10;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});

    const r1 = await ingestReport(
      server.id,
      { dump: dump(server.publicKey, [{ key: device.publicKey, handshake: hs, rx: 1000, tx: 500 }, { key: stranger.publicKey, rx: 1, tx: 1 }, { key: browserKey().publicKey, rx: 5, tx: 5 }]), agentVersion: "1.0.0" },
      { now: t0 },
    );
    expect(r1).toMatchObject({ ok: true, accepted: 1, ignored: 2 });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("does not carry"));
    warn.mockRestore();
    expect(await vpnDb().select().from(peerStatus).where(eq(peerStatus.serverId, server.id))).toHaveLength(1);
    const [d] = await vpnDb().select().from(devices).where(eq(devices.id, device.id));
    expect(d!.lastHandshakeAt).toEqual(new Date(hs * 1000));
    expect(d!.lastServerId).toBe(server.id);

    // Counters grow: the delta is added.
    await ingestReport(server.id, { dump: dump(server.publicKey, [{ key: device.publicKey, handshake: hs, rx: 1500, tx: 700 }]) }, { now: new Date(t0.getTime() + 30_000) });
    // Interface restarted: counters fall to 300/100. That is a reset: add 300/100, never a negative delta.
    await ingestReport(server.id, { dump: dump(server.publicKey, [{ key: device.publicKey, handshake: hs, rx: 300, tx: 100 }]) }, { now: new Date(t0.getTime() + 60_000) });
    const january = await vpnDb().select().from(deviceUsageMonthly).where(and(eq(deviceUsageMonthly.deviceId, device.id), eq(deviceUsageMonthly.month, "2030-01")));
    expect(january).toHaveLength(1);
    expect(january[0]).toMatchObject({ rxBytes: 1000 + 500 + 300, txBytes: 500 + 200 + 100, lastRxCounter: 300, lastTxCounter: 100 });

    // Next month: a new row continues from the last counters (no double counting across the boundary).
    const feb = new Date("2030-02-01T00:01:00Z");
    await ingestReport(server.id, { dump: dump(server.publicKey, [{ key: device.publicKey, handshake: hs, rx: 350, tx: 100 }]) }, { now: feb });
    const [february] = await vpnDb().select().from(deviceUsageMonthly).where(and(eq(deviceUsageMonthly.deviceId, device.id), eq(deviceUsageMonthly.month, "2030-02")));
    expect(february).toMatchObject({ rxBytes: 50, txBytes: 0 });
    const listed = await listDevices(userId, { now: feb });
    expect(listed[0]!.usage).toEqual({ month: "2030-02", rxBytes: 50, txBytes: 0 });

    // A peer that drops off the interface and comes back starts from zero: its new traffic counts in full.
    await ingestReport(server.id, { dump: dump(server.publicKey, []) }, { now: new Date(feb.getTime() + 10_000) });
    await ingestReport(server.id, { dump: dump(server.publicKey, [{ key: device.publicKey, handshake: hs, rx: 400, tx: 40 }]) }, { now: new Date(feb.getTime() + 20_000) });
    const [feb2] = await vpnDb().select().from(deviceUsageMonthly).where(and(eq(deviceUsageMonthly.deviceId, device.id), eq(deviceUsageMonthly.month, "2030-02")));
    expect(feb2).toMatchObject({ rxBytes: 50 + 400, txBytes: 40 });

    const samples = await vpnDb().select().from(serverHealthSamples).where(eq(serverHealthSamples.serverId, server.id));
    expect(samples).toHaveLength(6);
    expect(samples[0]).toMatchObject({ online: true, peerCount: 3, activePeers: 1, loadPermille: 100, agentVersion: "1.0.0" });
    const peers = await serverPeers(server.id);
    expect(peers.find((p) => p.deviceId === device.id)).toMatchObject({ publicKey: device.publicKey, rxBytes: 400, lastHandshakeAt: new Date(hs * 1000) });
    expect(peers.map((p) => p.deviceId)).not.toContain(stranger.id);
  });

  it("flags an interface whose key is not the server's", async () => {
    const server = await createServer();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await ingestReport(server.id, { dump: dump(browserKey().publicKey, []) });
    warn.mockRestore();
    const [sample] = await vpnDb().select().from(serverHealthSamples).where(eq(serverHealthSamples.serverId, server.id));
    expect(sample!.error).toMatch(/not the server's configured key/);
  });

  it("a server is online iff it reported in the last 2 minutes, on the storefront too", async () => {
    const server = await createServer({ slug: "zz-status", name: "Status test" });
    const { token } = await issueAgentToken(staff, server.id);
    const now = new Date();
    expect(serverStatus(server, now)).toBe("offline");
    const res = await get("report", token, { body: { dump: dump(server.publicKey, []), agentVersion: "1.0.0" } });
    expect(await res.json()).toEqual({ ok: true, accepted: 0, ignored: 0 });
    const [row] = await vpnDb().select().from(servers).where(eq(servers.id, server.id));
    expect(serverStatus(row!, new Date(row!.lastSeenAt!.getTime() + 119_000))).toBe("online");
    expect(serverStatus(row!, new Date(row!.lastSeenAt!.getTime() + 120_000))).toBe("offline");
    expect(serverStatus({ ...row!, active: false }, row!.lastSeenAt!)).toBe("offline");
    const storefront = await listPublicLocations(new Date(row!.lastSeenAt!.getTime() + 1000));
    expect(storefront.find((l) => l.slug === "zz-status")).toMatchObject({ status: "online" });
    expect(storefront.filter((l) => l.recommended).map((l) => l.status)).toEqual(["online"]);
    const later = await listPublicLocations(new Date(row!.lastSeenAt!.getTime() + 121_000));
    expect(later.find((l) => l.slug === "zz-status")).toMatchObject({ status: "offline", recommended: false });
  });
});
