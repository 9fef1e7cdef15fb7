import "server-only";
/**
 * The VPN agent's logic (CLI: scripts/vpn-agent.ts). Runs on each VPN server next to its WireGuard interface:
 * fetch the desired peers (only when the serial moved), apply them with `wg syncconf` — which adds and removes
 * peers without touching the sessions of the others — acknowledge, and report `wg show <if> dump`.
 *
 * Drift: after each apply the agent remembers the hash of the peer set read back from the interface. If a later
 * dump hashes differently (interface restarted, someone ran `wg set`), it re-applies the last desired set.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parseWgDump, peerSetHash, redactDump, renderSyncConfig, type AgentPeer, type PeersResponse, type ReportResponse } from "./agent-protocol";

const run = promisify(execFile);

export const AGENT_VERSION = "1.0.0";

export interface AgentOptions {
  /** Control plane base URL, e.g. https://skyport.example. */
  url: string;
  token: string;
  interface: string;
  intervalSeconds?: number;
  /** Run `wg` inside this network namespace (`ip netns exec <name> wg …`). */
  netns?: string;
  log?: (line: string) => void;
  /** Request timeout for calls to the control plane. */
  timeoutMs?: number;
}

export interface SyncResult {
  serial: number;
  applied: boolean;
  reason: "changed" | "drift" | "unchanged";
  peers: number;
  hash: string | null;
  applyMs?: number;
}

export class VpnAgent {
  private serial: number | null = null;
  private desired: AgentPeer[] | null = null;
  private appliedHash: string | null = null;
  private readonly log: (line: string) => void;

  constructor(private readonly options: AgentOptions) {
    if (!/^[a-zA-Z0-9_=+.-]{1,15}$/.test(options.interface)) throw new Error(`invalid interface name ${JSON.stringify(options.interface)}`);
    this.log = options.log ?? ((line) => console.log(`[vpn-agent] ${new Date().toISOString()} ${line}`));
  }

  get currentSerial(): number | null {
    return this.serial;
  }

  /** Runs `wg …` (inside the namespace when configured) and returns stdout. */
  async wg(args: string[]): Promise<string> {
    const [cmd, argv] = this.options.netns ? ["ip", ["netns", "exec", this.options.netns, "wg", ...args]] : ["wg", args];
    const { stdout } = await run(cmd, argv, { maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  }

  private async request<T>(method: "GET" | "POST", route: string, body?: unknown): Promise<T> {
    const url = new URL(route, this.options.url.endsWith("/") ? this.options.url : `${this.options.url}/`);
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${this.options.token}`, ...(body ? { "content-type": "application/json" } : {}), "user-agent": `skyport-vpn-agent/${AGENT_VERSION}` },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
    });
    if (!response.ok) {
      const text = await response.text().catch(() => "");
      throw new AgentHttpError(response.status, `${method} ${url.pathname} → ${response.status} ${text.slice(0, 300)}`);
    }
    return (await response.json()) as T;
  }

  /** The interface's dump and the hash of its peer set (same formula as the control plane's). */
  async readInterface(): Promise<{ dump: string; hash: string; privateKey: string | null; listenPort: number | null; fwmark: string | null }> {
    const dump = await this.wg(["show", this.options.interface, "dump"]);
    const firstLine = dump.split("\n")[0]?.split("\t") ?? [];
    const parsed = parseWgDump(dump);
    // The dump shows preshared keys; hash what the interface really carries, as the control plane hashes its set.
    const peers = dump
      .split("\n")
      .slice(1)
      .map((l) => l.split("\t"))
      .filter((f) => f.length === 8)
      .map((f) => ({ publicKey: f[0]!, presharedKey: f[1] === "(none)" ? null : f[1]!, allowedIps: f[3] === "(none)" ? [] : f[3]!.split(",") }));
    return {
      dump,
      hash: peerSetHash(peers),
      privateKey: firstLine[0] && firstLine[0] !== "(none)" ? firstLine[0] : null,
      listenPort: parsed.interface?.listenPort ?? null,
      fwmark: parsed.interface?.fwmark ?? null,
    };
  }

  /** One sync: fetch (if the serial moved), apply on change or drift, acknowledge. */
  async sync(): Promise<SyncResult> {
    const query = this.serial !== null && this.desired ? `?serial=${this.serial}` : "";
    const response = await this.request<PeersResponse>("GET", `api/vpn/agent/peers${query}`);
    let reason: SyncResult["reason"] = "unchanged";
    if (!("unchanged" in response && response.unchanged)) {
      const changed = response.serial !== this.serial || this.desired === null || peerSetHash(response.peers) !== peerSetHash(this.desired);
      this.desired = response.peers;
      if (changed) reason = "changed";
    }
    this.serial = response.serial;
    const current = await this.readInterface();
    if (reason === "unchanged" && this.appliedHash !== null && current.hash !== this.appliedHash) reason = "drift";
    if (reason === "unchanged" && this.appliedHash === null) reason = "changed";
    if (reason === "unchanged") return { serial: this.serial, applied: false, reason, peers: this.desired!.length, hash: this.appliedHash };

    const started = performance.now();
    await this.apply(current, this.desired!);
    const after = await this.readInterface();
    const applyMs = Math.round(performance.now() - started);
    this.appliedHash = after.hash;
    await this.request("POST", "api/vpn/agent/ack", { serial: this.serial, configHash: after.hash });
    this.log(`applied serial ${this.serial} (${this.desired!.length} peers, ${reason}) in ${applyMs} ms`);
    return { serial: this.serial, applied: true, reason, peers: this.desired!.length, hash: after.hash, applyMs };
  }

  /** Writes the interface's own key and port plus the desired peers to a private temp file and runs `wg syncconf`. */
  private async apply(current: { privateKey: string | null; listenPort: number | null; fwmark: string | null }, peers: AgentPeer[]): Promise<void> {
    if (!current.privateKey) throw new Error(`interface ${this.options.interface} has no private key; configure it first (wg set ${this.options.interface} private-key …)`);
    const dir = await mkdtemp(path.join(os.tmpdir(), "skyport-agent-"));
    const file = path.join(dir, `${this.options.interface}.conf`);
    try {
      await writeFile(file, renderSyncConfig({ privateKey: current.privateKey, listenPort: current.listenPort, fwmark: current.fwmark, peers }), { mode: 0o600 });
      await this.wg(["syncconf", this.options.interface, file]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Sends the interface dump (private and preshared keys blanked). */
  async report(): Promise<ReportResponse> {
    const { dump } = await this.readInterface();
    return this.request<ReportResponse>("POST", "api/vpn/agent/report", {
      dump: redactDump(dump),
      agentVersion: AGENT_VERSION,
      ...(this.serial !== null ? { appliedSerial: this.serial } : {}),
    });
  }

  /** One loop iteration: sync then report; errors are logged and the loop goes on. */
  async tick(): Promise<void> {
    try {
      await this.sync();
    } catch (error) {
      this.log(`sync failed: ${describe(error)}`);
    }
    try {
      await this.report();
    } catch (error) {
      this.log(`report failed: ${describe(error)}`);
    }
  }

  /** Loops every interval until the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const intervalMs = Math.max(1, this.options.intervalSeconds ?? 10) * 1000;
    this.log(`started for ${this.options.interface}${this.options.netns ? ` in netns ${this.options.netns}` : ""} against ${this.options.url}, every ${intervalMs / 1000}s`);
    while (!signal.aborted) {
      const started = Date.now();
      await this.tick();
      const wait = Math.max(0, intervalMs - (Date.now() - started));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
    this.log("stopped");
  }
}

export class AgentHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "AgentHttpError";
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message + (error.cause instanceof Error ? ` (${error.cause.message})` : "");
  return String(error);
}
