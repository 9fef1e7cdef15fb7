import "server-only";
/**
 * What the control plane and the agent (scripts/vpn-agent.ts) share: the peer shape, the hash both sides compute
 * over a peer set, the `wg show <if> dump` parser and the `wg syncconf` file renderer. Pure functions, no database,
 * so the agent can import them on a VPN server.
 */
import { createHash } from "node:crypto";

export interface AgentPeer {
  publicKey: string;
  presharedKey: string | null;
  /** The device's two host routes, e.g. ["100.96.0.2/32", "fd5c:7a10:9e00::2/128"]. */
  allowedIps: string[];
}

/** SHA-256 (hex) of a peer set, independent of order: the agent acknowledges it, the control plane compares. */
export function peerSetHash(peers: AgentPeer[]): string {
  const lines = peers
    .map((p) => `${p.publicKey} ${p.presharedKey ?? "-"} ${[...p.allowedIps].sort().join(",")}`)
    .sort();
  return createHash("sha256").update(lines.join("\n")).digest("hex");
}

export interface DumpInterface {
  publicKey: string | null;
  listenPort: number | null;
  fwmark: string | null;
}

export interface DumpPeer {
  publicKey: string;
  /** True when a preshared key is set (the dump shows it; we never keep it). */
  hasPresharedKey: boolean;
  endpoint: string | null;
  allowedIps: string[];
  /** Null when the peer never completed a handshake. */
  latestHandshake: Date | null;
  rxBytes: number;
  txBytes: number;
  persistentKeepalive: number | null;
}

export interface ParsedDump {
  interface: DumpInterface | null;
  peers: DumpPeer[];
}

const none = (value: string | undefined) => (value === undefined || value === "(none)" || value === "off" ? null : value);

/**
 * Parses `wg show <if> dump`: a tab-separated interface line (private-key, public-key, listen-port, fwmark) then
 * one line per peer (public-key, preshared-key, endpoint, allowed-ips, latest-handshake, rx, tx, keepalive).
 * Unparseable lines are skipped rather than failing the whole report.
 */
export function parseWgDump(text: string): ParsedDump {
  const lines = text.split("\n").map((l) => l.replace(/\r$/, "")).filter((l) => l.trim() !== "");
  let iface: DumpInterface | null = null;
  const peers: DumpPeer[] = [];
  for (const line of lines) {
    const f = line.split("\t");
    if (f.length === 4 && iface === null && peers.length === 0) {
      const port = Number(f[2]);
      iface = { publicKey: none(f[1]), listenPort: Number.isInteger(port) ? port : null, fwmark: none(f[3]) };
      continue;
    }
    if (f.length !== 8) continue;
    const handshake = Number(f[4]);
    const rx = Number(f[5]);
    const tx = Number(f[6]);
    const keepalive = Number(f[7]);
    if (!Number.isFinite(handshake) || !Number.isSafeInteger(rx) || !Number.isSafeInteger(tx) || rx < 0 || tx < 0) continue;
    peers.push({
      publicKey: f[0]!,
      hasPresharedKey: none(f[1]) !== null,
      endpoint: none(f[2]),
      allowedIps: none(f[3])?.split(",").filter(Boolean) ?? [],
      latestHandshake: handshake > 0 ? new Date(handshake * 1000) : null,
      rxBytes: rx,
      txBytes: tx,
      persistentKeepalive: Number.isInteger(keepalive) && keepalive > 0 ? keepalive : null,
    });
  }
  return { interface: iface, peers };
}

/** The dump with the interface's private key (and peers' preshared keys) blanked: what the agent sends home. */
export function redactDump(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      const f = line.split("\t");
      if (f.length === 4) f[0] = "(hidden)";
      else if (f.length === 8 && f[1] !== "(none)") f[1] = "(hidden)";
      return f.join("\t");
    })
    .join("\n");
}

/** A `wg setconf`/`wg syncconf` file: the interface's own key and port, then the desired peers. */
export function renderSyncConfig(input: { privateKey: string; listenPort: number | null; fwmark?: string | null; peers: AgentPeer[] }): string {
  const out = ["[Interface]", `PrivateKey = ${input.privateKey}`];
  if (input.listenPort) out.push(`ListenPort = ${input.listenPort}`);
  if (input.fwmark) out.push(`FwMark = ${input.fwmark}`);
  for (const peer of input.peers) {
    out.push("", "[Peer]", `PublicKey = ${peer.publicKey}`);
    if (peer.presharedKey) out.push(`PresharedKey = ${peer.presharedKey}`);
    out.push(`AllowedIPs = ${peer.allowedIps.join(", ")}`);
  }
  return out.join("\n") + "\n";
}

/** Request and response bodies of the agent routes (see lib/vpn/agent-api.ts). */
export type PeersResponse =
  | { serial: number; unchanged: true }
  /** `disabled`: staff switched the location off, so it carries no peers until it is active again. */
  | { serial: number; unchanged?: false; peers: AgentPeer[]; disabled?: true };
export interface AckRequest {
  serial: number;
  configHash: string;
}
export interface AckResponse {
  ok: true;
  /** True when the acknowledged serial is the current one and its hash matches the desired set. */
  inSync: boolean;
}
export interface ReportRequest {
  /** `wg show <if> dump`, private key blanked (redactDump). */
  dump: string;
  agentVersion?: string;
  appliedSerial?: number;
}
export interface ReportResponse {
  ok: true;
  accepted: number;
  ignored: number;
}
