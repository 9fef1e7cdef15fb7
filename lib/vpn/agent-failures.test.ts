/**
 * The agent when things go wrong, on a real wireguard-go interface against the real agent routes (root, as CI):
 * a revoked or replaced token is refused with 401, nothing is applied and the server records the rejected contact;
 * a location disabled while its agent runs gets a clear answer and carries no peers (and only peers go: the
 * interface keeps its key and port); with the control plane down the interface keeps the last applied set (even
 * repairing drift from memory), the loop backs off, and it catches up as soon as the control plane is back.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vpnDb } from "@/db/vpn/client";
import { agentSyncState, servers } from "@/db/vpn/schema";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { listServersAdmin, updateServer } from "./admin";
import { AgentHttpError, retryDelayMs, VpnAgent } from "./agent";
import { issueAgentToken, revokeAgentToken } from "./agent-api";
import { addDevice } from "./devices";
import { generateKeyPair } from "./keys";
import { vpnProvisioningModule as vpn } from "./provisioning-module";
import { startAgentHttpServer } from "./testing/agent-http-server";
import { browserKey, createServer, customerWithPlan, setupVpnTest } from "./testing/fixtures";
import { inNs, requireWireGuardLab, sh, WgLab } from "./testing/wg-lab";

const lab = new WgLab();
const staff = { id: "staff" };
let temp: TempDatabases;
let dir: string;
let ns: string;
let ifname: string;
let serverKeys: ReturnType<typeof generateKeyPair>;

const peers = () => sh("wg", ["show", ifname, "peers"]).trim().split("\n").filter(Boolean).sort();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, logs: string[] = []): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for: ${what}\n${logs.slice(-30).join("\n")}`);
}

/** A location (the interface takes its key) with its agent token and one customer device on it. */
async function location() {
  serverKeys = generateKeyPair();
  writeFileSync(path.join(dir, "key"), serverKeys.privateKey, { mode: 0o600 });
  inNs(ns, "wg", ["set", ifname, "private-key", path.join(dir, "key"), "listen-port", "51877"]);
  const server = await createServer({ publicKey: serverKeys.publicKey, capacity: 100 });
  const { token } = await issueAgentToken(staff, server.id);
  const customer = await customerWithPlan();
  const device = await addDevice(customer.userId, { name: "laptop", keyMode: "browser", publicKey: browserKey().publicKey }, { email: null });
  return { server, token, customer, device };
}

beforeAll(async () => {
  requireWireGuardLab();
  temp = await setupVpnTest();
  dir = mkdtempSync(path.join(os.tmpdir(), "skyport-agent-failures-"));
  ns = lab.addNamespace("vofail");
  ifname = await lab.addWireGuard(ns, "vofail");
});

afterAll(async () => {
  await lab.cleanup();
  temp?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("an agent whose token was revoked or replaced", () => {
  it("is refused with 401, applies nothing, and its server shows the rejected contact", async () => {
    const http = await startAgentHttpServer();
    try {
      const { server, token, customer, device } = await location();
      const agent = new VpnAgent({ url: http.url, token, interface: ifname, netns: ns, log: () => {} });
      await agent.sync();
      expect(peers()).toEqual([device.publicKey]);

      // Staff rotate the token; the agent was not given the new one. Meanwhile the customer is suspended.
      await issueAgentToken(staff, server.id);
      await vpn.suspend(customer.ctx);
      const logs: string[] = [];
      const stale = new VpnAgent({ url: http.url, token, interface: ifname, netns: ns, log: (l) => logs.push(l) });
      const refused = await stale.sync().catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AgentHttpError);
      expect(refused).toMatchObject({ status: 401, message: expect.stringContaining("revoked or replaced") });
      // Nothing applied: not even the suspension the control plane would have sent a trusted agent.
      expect(peers()).toEqual([device.publicKey]);
      expect(await stale.tick()).toBe(false);
      expect(logs.join("\n")).toMatch(/token refused, nothing applied/);

      const [row] = (await listServersAdmin()).filter((s) => s.id === server.id);
      expect(row!.sync.rejectedCount).toBe(3); // sync, then the tick's sync and report
      expect(row!.sync.lastRejectedAt).toBeInstanceOf(Date);

      // Revoked outright: the same. A token no server ever had is refused too, and writes nothing anywhere.
      await revokeAgentToken(staff, server.id);
      const before = await vpnDb().select().from(agentSyncState);
      await expect(new VpnAgent({ url: http.url, token: `skyagent_${"x".repeat(43)}`, interface: ifname, log: () => {} }).sync()).rejects.toMatchObject({ status: 401 });
      expect(await vpnDb().select().from(agentSyncState)).toEqual(before);
      expect(peers()).toEqual([device.publicKey]);
    } finally {
      await http.close();
    }
  });
});

describe("a location disabled while its agent runs", () => {
  it("tells the agent, which then carries no peers but keeps its interface; enabling brings them back", async () => {
    const http = await startAgentHttpServer();
    try {
      const { server, token, device } = await location();
      const logs: string[] = [];
      const agent = new VpnAgent({ url: http.url, token, interface: ifname, netns: ns, log: (l) => logs.push(l) });
      await agent.sync();
      expect(peers()).toEqual([device.publicKey]);

      await updateServer(staff, server.id, { active: false });
      const result = await agent.sync();
      expect(result).toMatchObject({ applied: true, reason: "changed", peers: 0 });
      expect(logs.join("\n")).toMatch(/this server disabled: it carries no peers/);
      expect(peers()).toEqual([]);
      expect(sh("wg", ["show", ifname, "public-key"]).trim()).toBe(serverKeys.publicKey);
      expect(sh("wg", ["show", ifname, "listen-port"]).trim()).toBe("51877");
      // The agent acknowledged the empty set, so the admin sees the location in sync (and offline: it is disabled).
      const [row] = (await listServersAdmin()).filter((s) => s.id === server.id);
      expect(row).toMatchObject({ active: false, status: "offline", sync: { inSync: true, appliedSerial: result.serial } });

      await updateServer(staff, server.id, { active: true });
      await agent.sync();
      expect(peers()).toEqual([device.publicKey]);
      expect(logs.join("\n")).toMatch(/enabled again/);
    } finally {
      await http.close();
    }
  });
});

describe("a location removed from the database while its agent runs", () => {
  it("its agent is refused, applies nothing and keeps the peers it carries", async () => {
    const http = await startAgentHttpServer();
    try {
      const { server, token, device } = await location();
      const logs: string[] = [];
      const agent = new VpnAgent({ url: http.url, token, interface: ifname, netns: ns, log: (l) => logs.push(l) });
      await agent.sync();
      const carried = peers();
      expect(carried).toContain(device.publicKey);
      await vpnDb().delete(servers).where(eq(servers.id, server.id));
      expect(await agent.tick()).toBe(false);
      expect(logs.join("\n")).toMatch(/401 Invalid or revoked agent token; token refused, nothing applied, the interface keeps the \d+ peer\(s\) of serial \d+/);
      expect(peers()).toEqual(carried);
    } finally {
      await http.close();
    }
  });
});

describe("the control plane going down", () => {
  it("backs off with a capped, jittered delay", () => {
    expect(retryDelayMs(0, 10_000, 60_000, () => 0.5)).toBe(10_000);
    expect([1, 2, 3, 4, 10].map((n) => retryDelayMs(n, 10_000, 60_000, () => 0.5))).toEqual([20_000, 40_000, 60_000, 60_000, 60_000]);
    expect(retryDelayMs(1, 10_000, 60_000, () => 0)).toBe(16_000);
    expect(retryDelayMs(1, 10_000, 60_000, () => 1)).toBe(24_000);
  });

  it("keeps the last applied peers (repairing drift from memory), retries less often, and catches up when it returns", async () => {
    let http = await startAgentHttpServer();
    const port = Number(new URL(http.url).port);
    const { token, customer, device } = await location();
    const logs: string[] = [];
    const agent = new VpnAgent({ url: http.url, token, interface: ifname, netns: ns, intervalSeconds: 0.1, maxBackoffSeconds: 0.8, random: () => 0.5, log: (l) => logs.push(l) });
    const controller = new AbortController();
    const running = agent.run(controller.signal);
    try {
      await until("the first apply", () => peers().includes(device.publicKey), 5_000, logs);
      const applied = peers(); // every active customer's device (earlier tests left some) on this public location

      await http.close();
      const downAt = logs.length;
      await until("three failed attempts", () => agent.consecutiveFailures >= 3, 5_000, logs);
      // The set it last applied stays, and a peer lost meanwhile (interface restart, a stray `wg set`) comes back.
      expect(peers()).toEqual(applied);
      inNs(ns, "wg", ["set", ifname, "peer", device.publicKey, "remove"]);
      await until("the drift to be repaired without the control plane", () => logs.slice(downAt).some((l) => /control plane unreachable; restored the last applied peer set/.test(l)), 5_000, logs);
      expect(peers()).toEqual(applied);
      // Backoff: the waits grow (0.2 s, 0.4 s, then the 0.8 s cap) instead of staying at the 0.1 s interval.
      const waits = logs
        .slice(downAt)
        .map((l) => /retrying in ([\d.]+)s/.exec(l)?.[1])
        .filter(Boolean)
        .map(Number);
      expect(waits.slice(0, 3)).toEqual([0.2, 0.4, 0.8]);

      // While it is down the customer is suspended; when it is back the agent catches up on its next attempt.
      await vpn.suspend(customer.ctx);
      http = await startAgentHttpServer({ port });
      await until("the suspension to reach the interface", () => !peers().includes(device.publicKey), 5_000, logs);
      expect(peers()).toEqual(applied.filter((k) => k !== device.publicKey));
      await until("the failure count to reset", () => agent.consecutiveFailures === 0, 5_000, logs);
      expect(logs.join("\n")).toMatch(/control plane reachable again after \d+ failed attempt/);
    } finally {
      controller.abort();
      await running;
      await http.close();
    }
  });
});
