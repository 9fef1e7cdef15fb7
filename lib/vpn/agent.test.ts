import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vpnDb } from "@/db/vpn/client";
import { agentSyncState, peerStatus, serverHealthSamples } from "@/db/vpn/schema";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { AgentHttpError, VpnAgent } from "./agent";
import { issueAgentToken } from "./agent-api";
import { addDevice, getDeviceConfig } from "./devices";
import { generateKeyPair } from "./keys";
import { vpnProvisioningModule as vpn } from "./provisioning-module";
import { startAgentHttpServer } from "./testing/agent-http-server";
import { browserKey, createServer, customerWithPlan, setupVpnTest } from "./testing/fixtures";
import { inNs, requireWireGuardLab, sh, WgLab } from "./testing/wg-lab";

const lab = new WgLab();
let temp: TempDatabases;
let http: Awaited<ReturnType<typeof startAgentHttpServer>>;
let ns: string;
let ifname: string;
let dir: string;
let server: Awaited<ReturnType<typeof createServer>>;
let token: string;

const peersOnInterface = () =>
  sh("wg", ["show", ifname, "dump"])
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split("\t"))
    .map((f) => ({ publicKey: f[0]!, psk: f[1]!, allowedIps: f[3]!.split(",").sort() }))
    // `wg show` lists peers in no guaranteed order.
    .sort((a, b) => a.publicKey.localeCompare(b.publicKey));

beforeAll(async () => {
  requireWireGuardLab();
  temp = await setupVpnTest();
  dir = mkdtempSync(path.join(os.tmpdir(), "skyport-agent-test-"));
  ns = lab.addNamespace("skyagt");
  ifname = await lab.addWireGuard(ns, "skyagt");
  const keys = generateKeyPair();
  writeFileSync(path.join(dir, "key"), keys.privateKey, { mode: 0o600 });
  inNs(ns, "wg", ["set", ifname, "private-key", path.join(dir, "key"), "listen-port", "51899"]);
  server = await createServer({ publicKey: keys.publicKey, capacity: 100 });
  token = (await issueAgentToken({ id: "staff" }, server.id)).token;
  http = await startAgentHttpServer();
});

afterAll(async () => {
  await http?.close();
  await lab.cleanup();
  temp?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the agent on a real wireguard-go interface", () => {
  it("applies the desired peers with wg syncconf, acknowledges, follows changes and repairs drift", async () => {
    const agent = new VpnAgent({ url: http.url, token, interface: ifname, netns: ns, log: () => {} });
    const alice = await customerWithPlan({ deviceLimit: 3 });
    const bob = await customerWithPlan();
    const a1 = await addDevice(alice.userId, { name: "a1", keyMode: "browser", publicKey: browserKey().publicKey }, { email: null });
    const b1 = await addDevice(bob.userId, { name: "b1", keyMode: "browser", publicKey: browserKey().publicKey }, { email: null });
    const config = await getDeviceConfig(alice.userId, a1.id, server.slug, { email: null, purpose: "view" });
    const psk = /PresharedKey = (\S+)/.exec(config.text)![1]!;

    const first = await agent.sync();
    expect(first).toMatchObject({ applied: true, reason: "changed", peers: 2 });
    expect(peersOnInterface()).toEqual(
      expect.arrayContaining([
        { publicKey: a1.publicKey, psk, allowedIps: [`${a1.ipv4}/32`, `${a1.ipv6}/128`].sort() },
        { publicKey: b1.publicKey, psk: "(none)", allowedIps: [`${b1.ipv4}/32`, `${b1.ipv6}/128`].sort() },
      ]),
    );
    // The interface keeps its own key and port: the agent only manages peers.
    expect(sh("wg", ["show", ifname, "public-key"]).trim()).toBe(server.publicKey);
    expect(sh("wg", ["show", ifname, "listen-port"]).trim()).toBe("51899");
    const [state] = await vpnDb().select().from(agentSyncState).where(eq(agentSyncState.serverId, server.id));
    expect(state).toMatchObject({ appliedSerial: first.serial, appliedHash: first.hash, lastError: null });

    expect(await agent.sync()).toMatchObject({ applied: false, reason: "unchanged", serial: first.serial });

    await vpn.suspend(bob.ctx);
    const afterSuspend = await agent.sync();
    expect(afterSuspend).toMatchObject({ applied: true, reason: "changed", peers: 1 });
    expect(afterSuspend.serial).toBeGreaterThan(first.serial);
    expect(peersOnInterface().map((p) => p.publicKey)).toEqual([a1.publicKey]);

    // Someone removes a peer by hand (or the interface restarts): the next tick puts it back.
    inNs(ns, "wg", ["set", ifname, "peer", a1.publicKey, "remove"]);
    expect(peersOnInterface()).toEqual([]);
    expect(await agent.sync()).toMatchObject({ applied: true, reason: "drift" });
    expect(peersOnInterface().map((p) => p.publicKey)).toEqual([a1.publicKey]);

    await vpn.unsuspend(bob.ctx);
    await agent.sync();
    expect(peersOnInterface().map((p) => p.publicKey).sort()).toEqual([a1.publicKey, b1.publicKey].sort());
  });

  it("reports the interface dump without its private key, and the control plane stores it", async () => {
    const agent = new VpnAgent({ url: http.url, token, interface: ifname, log: () => {} }); // no netns: the UAPI socket is shared
    await agent.sync();
    const result = await agent.report();
    expect(result.ok).toBe(true);
    expect(result.accepted).toBe(peersOnInterface().length);
    expect(result.ignored).toBe(0);
    const rows = await vpnDb().select().from(peerStatus).where(eq(peerStatus.serverId, server.id));
    expect(rows).toHaveLength(result.accepted);
    const [sample] = await vpnDb().select().from(serverHealthSamples).where(eq(serverHealthSamples.serverId, server.id));
    expect(sample).toMatchObject({ online: true, peerCount: result.accepted, agentVersion: "1.0.0", error: null });
  });

  it("fails loudly with a wrong token and keeps the interface as it was", async () => {
    const before = peersOnInterface();
    const agent = new VpnAgent({ url: http.url, token: "skyagent_wrong", interface: ifname, log: () => {} });
    await expect(agent.sync()).rejects.toBeInstanceOf(AgentHttpError);
    await expect(agent.sync()).rejects.toMatchObject({ status: 401 });
    expect(peersOnInterface()).toEqual(before);
  });

  it("the CLI (npm run vpn-agent) runs one tick with --once and --netns", async () => {
    const { userId } = await customerWithPlan();
    const device = await addDevice(userId, { name: "cli", keyMode: "browser", publicKey: browserKey().publicKey }, { email: null });
    const tokenFile = path.join(dir, "token");
    writeFileSync(tokenFile, token + "\n", { mode: 0o600 });
    const child = lab.track(
      spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/vpn-agent.ts", "--url", http.url, "--token-file", tokenFile, "--interface", ifname, "--netns", ns, "--once"], {
        cwd: path.resolve(import.meta.dirname, "../.."),
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code, output).toBe(0);
    expect(output).toMatch(/applied serial \d+/);
    expect(peersOnInterface().map((p) => p.publicKey)).toContain(device.publicKey);
  });
});
