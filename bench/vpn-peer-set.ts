/**
 * Desired peer set for one server carrying 10,000 devices (each with its encrypted preshared key): the query +
 * decryption the agent's GET /api/vpn/agent/peers does, timed cold and warm, next to the cheap `unchanged` answer
 * and the ingestion of a 10,000-peer `wg show dump` report. Target: peer set < 100 ms.
 *
 *   npx tsx --conditions=react-server bench/vpn-peer-set.ts [devices]
 */
import { sql } from "drizzle-orm";
import { vpnDb } from "@/db/vpn/client";
import { servers } from "@/db/vpn/schema";
import { desiredPeerSet, handleAgentRequest, ingestReport, issueAgentToken } from "@/lib/vpn/agent-api";
import { generateKeyPair } from "@/lib/vpn/keys";
import { benchDatabases, bulkDevices, median, ms } from "./vpn-bench-support";

const COUNT = Number(process.argv[2] ?? 10_000);
const temp = await benchDatabases();
try {
  const [server] = await vpnDb()
    .insert(servers)
    .values({ slug: "bench", name: "Bench", countryCode: "DE", city: "Bench", endpointHost: "bench.test", publicKey: generateKeyPair().publicKey })
    .returning();
  const t0 = performance.now();
  await bulkDevices(COUNT, server!.id);
  console.log(`vpn-peer-set: seeded ${COUNT} devices with preshared keys in ${ms(performance.now() - t0)}`);

  const times: number[] = [];
  let peers = 0;
  for (let i = 0; i < 11; i++) {
    const s = performance.now();
    const set = await desiredPeerSet(server!.id);
    times.push(performance.now() - s);
    peers = set.peers.length;
  }
  if (peers !== COUNT) throw new Error(`expected ${COUNT} peers, got ${peers}`);
  const plan = await vpnDb().all<{ detail: string }>(sql`explain query plan
    select json_group_array(json_array(d.id, d.public_key, d.ipv4, d.ipv6, k.preshared_key_encrypted))
    from devices d join entitlements e on e.service_id = d.service_id and e.user_id = d.user_id
    left join device_server_keys k on k.device_id = d.id and k.server_id = ${server!.id}
    where d.status = 'active' and e.status = 'active'`);
  console.log(`  desiredPeerSet(${COUNT} peers): first ${ms(times[0]!)} (decrypts every preshared key), median of 10 warm ${ms(median(times.slice(1)))} (target < 100 ms)`);
  console.log(`  query plan: ${plan.map((p) => p.detail).join(" | ")}`);

  const { token } = await issueAgentToken({ id: "bench" }, server!.id);
  const request = (query = "") => new Request(`http://cp/api/vpn/agent/peers${query}`, { headers: { authorization: `Bearer ${token}` } });
  const httpTimes: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    const body = await (await handleAgentRequest("peers", request())).text();
    httpTimes.push(performance.now() - s);
    bytes = body.length;
  }
  const serial = (JSON.parse(await (await handleAgentRequest("peers", request())).text()) as { serial: number }).serial;
  const unchangedTimes: number[] = [];
  for (let i = 0; i < 20; i++) {
    const s = performance.now();
    await (await handleAgentRequest("peers", request(`?serial=${serial}`))).text();
    unchangedTimes.push(performance.now() - s);
  }
  console.log(`  GET peers (auth + set + JSON, ${(bytes / 1024 / 1024).toFixed(2)} MB): median ${ms(median(httpTimes))}; unchanged (?serial=current): median ${ms(median(unchangedTimes))}`);

  // A report from a busy server: every peer with a handshake and traffic.
  const set = await desiredPeerSet(server!.id, { recordFetch: false });
  const now = Math.floor(Date.now() / 1000);
  const dump = (scale: number) =>
    [`(hidden)\t${server!.publicKey}\t51820\toff`, ...set.peers.map((p, i) => `${p.publicKey}\t(hidden)\t198.51.100.${i % 250}:${10000 + i}\t${p.allowedIps.join(",")}\t${now - (i % 100)}\t${(i + 1) * 1000 * scale}\t${(i + 1) * 500 * scale}\t25`)].join("\n");
  const r1 = performance.now();
  await ingestReport(server!.id, { dump: dump(1) });
  const first = performance.now() - r1;
  const r2 = performance.now();
  await ingestReport(server!.id, { dump: dump(2) });
  const second = performance.now() - r2;
  const r3 = performance.now();
  await ingestReport(server!.id, { dump: dump(2) });
  const idle = performance.now() - r3;
  console.log(`  ingestReport(${COUNT} peers): first ${ms(first)}, all counters moved ${ms(second)}, nothing moved ${ms(idle)}`);
} finally {
  temp.cleanup();
}
