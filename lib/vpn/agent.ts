import "server-only";
/**
 * The VPN agent's logic (CLI: scripts/vpn-agent.ts). Runs on each VPN server next to its WireGuard interface:
 * fetch the desired peers (only when the serial moved), apply them with `wg syncconf` — which adds and removes
 * peers without touching the sessions of the others — acknowledge, and report `wg show <if> dump`.
 *
 * Drift: after each apply the agent remembers the hash of the peer set read back from the interface. If a later
 * dump hashes differently (interface restarted, someone ran `wg set`), it re-applies the last desired set.
 *
 * Failures: the agent never applies anything it was not told. A refused token (401) or any other 4xx changes
 * nothing on the interface. When the control plane is unreachable or failing (network error, 5xx) the interface
 * keeps the last applied peer set — repaired from memory if it drifts meanwhile — and the loop retries with
 * exponential backoff (capped, jittered) until the control plane answers, then catches up at once.
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
  /** Longest wait between attempts while the control plane fails (default 60 s). */
  maxBackoffSeconds?: number;
  /** Source of jitter (tests pass a constant). */
  random?: () => number;
}

/**
 * Wait before the next attempt after `failures` failed ticks in a row: the interval doubled per failure, capped at
 * `maxMs`, ±20 % jitter so a fleet of agents does not hammer a recovering control plane in step.
 */
export function retryDelayMs(failures: number, intervalMs: number, maxMs: number, random: () => number = Math.random): number {
  if (failures <= 0) return intervalMs;
  const base = Math.min(maxMs, intervalMs * 2 ** Math.min(failures, 30));
  return Math.round(base * (0.8 + 0.4 * random()));
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
  private disabled = false;
  /** Failed ticks in a row (0 when the last tick reached the control plane). */
  private failures = 0;
  private readonly log: (line: string) => void;

  constructor(private readonly options: AgentOptions) {
    if (!/^[a-zA-Z0-9_=+.-]{1,15}$/.test(options.interface)) throw new Error(`invalid interface name ${JSON.stringify(options.interface)}`);
    this.log = options.log ?? ((line) => console.log(`[vpn-agent] ${new Date().toISOString()} ${line}`));
  }

  get currentSerial(): number | null {
    return this.serial;
  }

  get consecutiveFailures(): number {
    return this.failures;
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
      let detail = text.slice(0, 300);
      try {
        detail = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? detail;
      } catch {
        /* not JSON: keep the text */
      }
      throw new AgentHttpError(response.status, `${method} ${url.pathname} → ${response.status} ${detail}`);
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
    let response: PeersResponse;
    try {
      response = await this.request<PeersResponse>("GET", `api/vpn/agent/peers${query}`);
    } catch (error) {
      // Refused (4xx): we are not trusted or not understood, so touch nothing. Unreachable or failing (5xx): the
      // last set we were given is still the best knowledge there is, so keep it on the interface.
      if (!(error instanceof AgentHttpError && error.status < 500)) await this.holdLastApplied();
      throw error;
    }
    let reason: SyncResult["reason"] = "unchanged";
    if (!("unchanged" in response && response.unchanged)) {
      const changed = response.serial !== this.serial || this.desired === null || peerSetHash(response.peers) !== peerSetHash(this.desired);
      this.desired = response.peers;
      if (changed) reason = "changed";
      const disabled = response.disabled === true;
      if (disabled !== this.disabled) {
        this.log(disabled ? "the control plane has this server disabled: it carries no peers until staff enable it again" : "the control plane has this server enabled again");
        this.disabled = disabled;
      }
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

  /** While the control plane cannot be reached: if the interface lost the last applied set (restart, `wg set`), put it back. */
  private async holdLastApplied(): Promise<void> {
    if (this.desired === null || this.appliedHash === null) return;
    try {
      const current = await this.readInterface();
      if (current.hash === this.appliedHash) return;
      await this.apply(current, this.desired);
      this.appliedHash = (await this.readInterface()).hash;
      this.log(`control plane unreachable; restored the last applied peer set (serial ${this.serial}, ${this.desired.length} peers) after drift`);
    } catch (error) {
      this.log(`could not restore the last applied peer set: ${describe(error)}`);
    }
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

  /** One loop iteration: sync then report; errors are logged and the loop goes on. True when both succeeded. */
  async tick(): Promise<boolean> {
    let ok = true;
    try {
      await this.sync();
    } catch (error) {
      ok = false;
      this.log(`sync failed: ${describe(error)}${this.holding(error)}`);
    }
    try {
      await this.report();
    } catch (error) {
      ok = false;
      this.log(`report failed: ${describe(error)}`);
    }
    if (ok && this.failures > 0) this.log(`control plane reachable again after ${this.failures} failed attempt(s)`);
    this.failures = ok ? 0 : this.failures + 1;
    return ok;
  }

  /** What the interface does meanwhile, for the log line of a failed sync. */
  private holding(error: unknown): string {
    const peers = this.desired ? `the ${this.desired.length} peer(s) of serial ${this.serial}` : "its peers as they are";
    if (error instanceof AgentHttpError && error.status === 401) return `; token refused, nothing applied, the interface keeps ${peers}`;
    if (error instanceof AgentHttpError && error.status < 500) return `; nothing applied, the interface keeps ${peers}`;
    return `; keeping ${peers}`;
  }

  /** Loops every interval (backing off while the control plane fails) until the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const intervalMs = Math.max(0.05, this.options.intervalSeconds ?? 10) * 1000;
    const maxBackoffMs = Math.max(intervalMs, (this.options.maxBackoffSeconds ?? 60) * 1000);
    this.log(`started for ${this.options.interface}${this.options.netns ? ` in netns ${this.options.netns}` : ""} against ${this.options.url}, every ${intervalMs / 1000}s`);
    while (!signal.aborted) {
      const started = Date.now();
      await this.tick();
      let wait = Math.max(0, intervalMs - (Date.now() - started));
      if (this.failures > 0) {
        wait = retryDelayMs(this.failures, intervalMs, maxBackoffMs, this.options.random);
        this.log(`retrying in ${(wait / 1000).toFixed(1)}s (${this.failures} failed in a row)`);
      }
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
