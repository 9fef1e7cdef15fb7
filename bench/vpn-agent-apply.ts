/**
 * The agent applying big peer-set changes to a real wireguard-go interface (root; a private network namespace):
 * 0 → 10,000 peers, then a change touching 5,000 of them (half removed), then back to 10,000. Each is one
 * `wg syncconf` of the full desired set, timed from fetch to acknowledged. Target: a 10,000-peer change < 5 s.
 *
 *   sudo npx tsx --conditions=react-server bench/vpn-agent-apply.ts [peers]
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { vpnDb } from "@/db/vpn/client";
import { devices, servers } from "@/db/vpn/schema";
import { VpnAgent } from "@/lib/vpn/agent";
import { issueAgentToken } from "@/lib/vpn/agent-api";
import { generateKeyPair } from "@/lib/vpn/keys";
import { startAgentHttpServer } from "@/lib/vpn/testing/agent-http-server";
import { inNs, requireWireGuardLab, sh, WgLab } from "@/lib/vpn/testing/wg-lab";
import { benchDatabases, bulkDevices, ms } from "./vpn-bench-support";

const COUNT = Number(process.argv[2] ?? 10_000);
requireWireGuardLab();
const temp = await benchDatabases();
const lab = new WgLab();
const dir = mkdtempSync(path.join(os.tmpdir(), "skyport-bench-agent-"));
let http: Awaited<ReturnType<typeof startAgentHttpServer>> | undefined;
try {
  const ns = lab.addNamespace("skybench");
  const ifname = await lab.addWireGuard(ns, "skybench");
  const keys = generateKeyPair();
  writeFileSync(path.join(dir, "key"), keys.privateKey, { mode: 0o600 });
  inNs(ns, "wg", ["set", ifname, "private-key", path.join(dir, "key"), "listen-port", "51830"]);
  const [server] = await vpnDb()
    .insert(servers)
    .values({ slug: "bench", name: "Bench", countryCode: "DE", city: "Bench", endpointHost: "bench.test", publicKey: keys.publicKey, capacity: COUNT })
    .returning();
  await bulkDevices(COUNT, server!.id);
  const { token } = await issueAgentToken({ id: "bench" }, server!.id);
  http = await startAgentHttpServer();
  const agent = new VpnAgent({ url: http.url, token, interface: ifname, log: () => {} });
  const peersOnInterface = () => sh("wg", ["show", ifname, "peers"]).trim().split("\n").filter(Boolean).length;
  const bump = () => vpnDb().update(servers).set({ configSerial: sql`${servers.configSerial} + 1` }).where(eq(servers.id, server!.id));

  const step = async (label: string) => {
    const started = performance.now();
    const result = await agent.sync();
    const total = performance.now() - started;
    console.log(`  ${label}: ${ms(total)} end to end (wg syncconf + read-back ${ms(result.applyMs ?? 0)}), interface now has ${peersOnInterface()} peers`);
    return total;
  };

  console.log(`vpn-agent-apply: ${COUNT} devices on one server`);
  const t1 = await step(`0 → ${COUNT} peers`);
  await vpnDb().run(sql`update ${devices} set status = 'disabled' where rowid % 2 = 0`);
  await bump();
  const t2 = await step(`${COUNT} → ${COUNT / 2} peers (half removed)`);
  await vpnDb().update(devices).set({ status: "active" });
  await bump();
  const t3 = await step(`${COUNT / 2} → ${COUNT} peers (re-added)`);
  const unchanged = performance.now();
  await agent.sync();
  console.log(`  unchanged tick: ${ms(performance.now() - unchanged)}`);
  console.log(`  slowest change ${ms(Math.max(t1, t2, t3))} (target < 5000 ms)`);
} finally {
  await http?.close();
  await lab.cleanup();
  temp.cleanup();
  rmSync(dir, { recursive: true, force: true });
}
