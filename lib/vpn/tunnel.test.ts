/**
 * The real thing, end to end (root, as CI runs it): two network namespaces — a VPN server and a customer's
 * machine — joined by veth (192.0.2.1/24 ↔ 192.0.2.2/24), Debian's wireguard-go in each, the control plane's agent
 * routes served from the server namespace, and the agent (scripts/vpn-agent.ts) applying peers there every second.
 * A customer with a plan adds a browser-keyed device, downloads its config, brings it up and pings the server's
 * tunnel address; suspension takes the peer away within one agent interval; unsuspension lets traffic flow again.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { issueAgentToken } from "./agent-api";
import { PRIVATE_KEY_PLACEHOLDER } from "./config";
import { addDevice, getDeviceConfig, listDevices } from "./devices";
import { generateKeyPair } from "./keys";
import { vpnProvisioningModule as vpn } from "./provisioning-module";
import { createServer, customerWithPlan, setupVpnTest } from "./testing/fixtures";
import { inNs, requireWireGuardLab, sh, WgLab } from "./testing/wg-lab";

const ROOT = path.resolve(import.meta.dirname, "../..");
const INTERVAL_SECONDS = 1;
const lab = new WgLab();
let temp: TempDatabases;
let dir: string;
let serverNs: string;
let clientNs: string;
let serverIf: string;
let clientIf: string;
const logs: string[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ping = (target: string) => spawnSync("ip", ["netns", "exec", clientNs, "ping", "-c", "1", "-W", "1", target], { encoding: "utf8" }).status === 0;
const serverPeers = () => sh("wg", ["show", serverIf, "peers"]).trim().split("\n").filter(Boolean);

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 100): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) {
      logs.push(`[test] ${what}: ${Date.now() - started} ms\n`);
      return Date.now() - started;
    }
    await sleep(stepMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}\n--- logs ---\n${logs.join("")}`);
}

function node(ns: string, args: string[], label: string): ChildProcess {
  const child = lab.track(
    spawn("ip", ["netns", "exec", ns, process.execPath, "--import", "tsx", "--conditions=react-server", ...args], {
      cwd: ROOT,
      env: { ...process.env },
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  child.stdout!.on("data", (d) => logs.push(`[${label}] ${d}`));
  child.stderr!.on("data", (d) => logs.push(`[${label}!] ${d}`));
  return child;
}

beforeAll(async () => {
  requireWireGuardLab();
  temp = await setupVpnTest(); // DATA_DIR etc. are inherited by the child processes below
  dir = mkdtempSync(path.join(os.tmpdir(), "skyport-tunnel-"));

  serverNs = lab.addNamespace("skysrv");
  clientNs = lab.addNamespace("skycli");
  lab.addVeth(serverNs, "192.0.2.1/24", clientNs, "192.0.2.2/24");
  serverIf = await lab.addWireGuard(serverNs, "skwgs");
  clientIf = await lab.addWireGuard(clientNs, "skwgc");

  // The VPN server's interface: its own key and port, the servers' tunnel addresses. Peers are the agent's job.
  const serverKeys = generateKeyPair();
  writeFileSync(path.join(dir, "server.key"), serverKeys.privateKey, { mode: 0o600 });
  inNs(serverNs, "wg", ["set", serverIf, "private-key", path.join(dir, "server.key"), "listen-port", "51820"]);
  inNs(serverNs, "ip", ["addr", "add", "100.96.0.1/16", "dev", serverIf]);
  inNs(serverNs, "ip", ["-6", "addr", "add", "fd5c:7a10:9e00::1/64", "dev", serverIf, "nodad"]);
  inNs(serverNs, "ip", ["link", "set", serverIf, "up"]);

  const server = await createServer({ slug: "lab", name: "Lab", endpointHost: "192.0.2.1", endpointPort: 51820, publicKey: serverKeys.publicKey });
  const { token } = await issueAgentToken({ id: "staff", email: "ops@skyport.test" }, server.id);
  writeFileSync(path.join(dir, "agent.token"), token, { mode: 0o600 });

  // The control plane's agent routes, reachable from the server namespace at 127.0.0.1.
  const controlPlane = node(serverNs, ["lib/vpn/testing/agent-http-server.ts"], "control-plane");
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    controlPlane.stdout!.on("data", (d) => {
      out += d;
      const match = /LISTENING (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    controlPlane.on("exit", (code) => reject(new Error(`control plane exited with ${code}: ${logs.join("")}`)));
  });
  node(
    serverNs,
    ["scripts/vpn-agent.ts", "--url", `http://127.0.0.1:${port}`, "--token-file", path.join(dir, "agent.token"), "--interface", serverIf, "--interval", String(INTERVAL_SECONDS)],
    "agent",
  );
}, 60_000);

afterAll(async () => {
  await lab.cleanup();
  temp?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("real WireGuard tunnel", () => {
  it("connects with the downloaded config, stops on suspension within one agent interval, and flows again after payment", async () => {
    // A customer buys a plan and adds a device; the key pair is made "in the browser" (here), never sent.
    const { userId, email, ctx } = await customerWithPlan({ deviceLimit: 2 });
    const keys = generateKeyPair();
    const device = await addDevice(userId, { name: "Lab laptop", platform: "linux", keyMode: "browser", publicKey: keys.publicKey }, { email });
    const config = await getDeviceConfig(userId, device.id, "lab", { email });
    expect(config.text).toContain(`PrivateKey = ${PRIVATE_KEY_PLACEHOLDER}`);
    expect(config.text).toContain("Endpoint = 192.0.2.1:51820");

    // The preshared key was made at download time; the agent puts the peer on the server within an interval.
    const psk = /PresharedKey = (\S+)/.exec(config.text)![1]!;
    await until("the agent to put the device (with its preshared key) on the server", () => sh("wg", ["show", serverIf, "preshared-keys"]).includes(`${keys.publicKey}\t${psk}`), 10_000);

    // The browser fills in its private key and offers the file; the customer brings the interface up from it.
    // (Bringing it up before the agent applied works too: WireGuard simply retries the handshake 5 s later.)
    const file = path.join(dir, config.filename);
    writeFileSync(file, config.text.replace(PRIVATE_KEY_PLACEHOLDER, keys.privateKey), { mode: 0o600 });
    const stripped = path.join(dir, "client-stripped.conf");
    writeFileSync(stripped, sh("wg-quick", ["strip", file]), { mode: 0o600 });
    inNs(clientNs, "wg", ["setconf", clientIf, stripped]);
    inNs(clientNs, "ip", ["addr", "add", `${device.ipv4}/32`, "dev", clientIf]);
    inNs(clientNs, "ip", ["-6", "addr", "add", `${device.ipv6}/128`, "dev", clientIf, "nodad"]);
    inNs(clientNs, "ip", ["link", "set", clientIf, "up"]);
    // What wg-quick does for AllowedIPs = 0.0.0.0/0, ::/0, minus the policy routing: the veth's /24 stays direct.
    inNs(clientNs, "ip", ["route", "add", "default", "dev", clientIf]);
    inNs(clientNs, "ip", ["-6", "route", "add", "default", "dev", clientIf]);

    await until("ping 100.96.0.1 through the tunnel", () => ping("100.96.0.1"), 15_000, 200);
    expect(ping("fd5c:7a10:9e00::1")).toBe(true);
    // The agent's reports reach the portal: online with a handshake and some bytes this month.
    await until("the handshake to be reported", async () => (await listDevices(userId)).some((d) => d.online && d.usage.rxBytes > 0), 5_000, 200);

    // Another customer's device changes the server's peer set: wg syncconf leaves this session alone (same
    // handshake, endpoint still known), traffic keeps flowing without a new handshake.
    const handshake = () => sh("wg", ["show", serverIf, "latest-handshakes"]).split("\n").find((l) => l.startsWith(keys.publicKey));
    const endpoint = () => sh("wg", ["show", serverIf, "endpoints"]).split("\n").find((l) => l.startsWith(keys.publicKey));
    const [handshakeBefore, endpointBefore] = [handshake(), endpoint()];
    expect(endpointBefore).toContain("192.0.2.2:");
    const neighbour = await customerWithPlan();
    const other = await addDevice(neighbour.userId, { name: "Neighbour", keyMode: "browser", publicKey: generateKeyPair().publicKey }, { email: neighbour.email });
    await until("the neighbour's peer to be applied", () => serverPeers().includes(other.publicKey), (INTERVAL_SECONDS + 2) * 1000, 50);
    expect(ping("100.96.0.1")).toBe(true);
    expect([handshake(), endpoint()]).toEqual([handshakeBefore, endpointBefore]);

    // Staff suspend the service: within one agent interval the peer is gone and traffic stops.
    await vpn.suspend(ctx);
    const goneAfter = await until("the peer to leave the server", () => !serverPeers().includes(keys.publicKey), (INTERVAL_SECONDS + 2) * 1000, 50);
    expect(goneAfter).toBeLessThan(INTERVAL_SECONDS * 1000 + 1500);
    expect(ping("100.96.0.1")).toBe(false);

    // Payment arrives: unsuspended, the peer returns and traffic flows again once the client re-handshakes (WireGuard
    // does so 15 s after its first unanswered packet — the client was never told it had been cut off).
    await vpn.unsuspend(ctx);
    await until("the peer to return", () => serverPeers().includes(keys.publicKey), (INTERVAL_SECONDS + 2) * 1000, 50);
    await until("ping 100.96.0.1 again", () => ping("100.96.0.1"), 30_000, 200);
  }, 90_000);
});
