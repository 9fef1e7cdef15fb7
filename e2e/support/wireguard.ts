/**
 * Real WireGuard for the browser tests (root, as CI runs them): the namespaces + wireguard-go lab shared with the
 * unit-level tunnel test, plus the agent process and small polling helpers. Everything is torn down by pid/name.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { inNs, requireWireGuardLab, sh, uniqueName, WgLab } from "../../lib/vpn/testing/wg-lab";

export { inNs, requireWireGuardLab, sh, uniqueName, WgLab };

export const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

export function wgKeyPair(): { privateKey: string; publicKey: string } {
  const privateKey = sh("wg", ["genkey"]).trim();
  const publicKey = sh("wg", ["pubkey"], { input: `${privateKey}\n` }).trim();
  return { privateKey, publicKey };
}

export function canPing(ns: string, target: string): boolean {
  return spawnSync("ip", ["netns", "exec", ns, "ping", "-c", "1", "-W", "1", target], { encoding: "utf8" }).status === 0;
}

export function peersOf(ns: string, ifname: string): string[] {
  return inNs(ns, "wg", ["show", ifname, "peers"]).trim().split("\n").filter(Boolean);
}

export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 200, logs: string[] = []): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}\n--- logs ---\n${logs.slice(-60).join("")}`);
}

/**
 * The agent as operators run it (`npm run vpn-agent -- …`), started directly with the same tsx flags so its pid is
 * the agent's own and cleanup can stop it by pid. It stays in the root namespace (reaches the app on 127.0.0.1) and
 * runs `wg` inside the server namespace via --netns.
 */
export function startAgent(lab: WgLab, options: { url: string; tokenFile: string; ifname: string; netns: string; interval: number; once?: boolean }, logs: string[]): ChildProcess {
  const root = process.cwd();
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--conditions=react-server",
      "scripts/vpn-agent.ts",
      "--url",
      options.url,
      "--token-file",
      options.tokenFile,
      "--interface",
      options.ifname,
      "--interval",
      String(options.interval),
      "--netns",
      options.netns,
      ...(options.once ? ["--once"] : []),
    ],
    { cwd: root, env: { ...process.env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  lab.track(child);
  child.stdout?.on("data", (d) => logs.push(`[agent] ${d}`));
  child.stderr?.on("data", (d) => logs.push(`[agent!] ${d}`));
  return child;
}

/** One agent tick (`--once`), as an operator's health check runs it: its exit code and everything it printed. */
export async function runAgentOnce(lab: WgLab, options: { url: string; tokenFile: string; ifname: string; netns: string }): Promise<{ code: number | null; output: string }> {
  const logs: string[] = [];
  const child = startAgent(lab, { ...options, interval: 1, once: true }, logs);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  return { code, output: logs.join("") };
}
