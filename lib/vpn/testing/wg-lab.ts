/**
 * Test-only helpers for real WireGuard: network namespaces with Debian's userspace `wireguard-go`. Every resource
 * gets a per-run name (process id + counter) and is torn down by pid/name, never by pattern, so parallel runs and
 * the host are left alone. wireguard-go's UAPI sockets live in /var/run/wireguard, shared by all namespaces, hence
 * the distinct interface names.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";

let counter = 0;

/** Fails with a clear message unless we can run the real thing (root + tools). */
export function requireWireGuardLab(): void {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) {
    throw new Error("These tests drive real WireGuard in network namespaces and must run as root (CI runs them as root).");
  }
  for (const tool of ["wg", "wg-quick", "wireguard-go", "ip", "ping"]) {
    try {
      execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" });
    } catch {
      throw new Error(`${tool} is missing: apt-get install -y wireguard-tools wireguard-go iproute2 iputils-ping`);
    }
  }
}

/** A short unique name (≤ 15 characters, valid for interfaces and namespaces). */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}${process.pid % 100000}${counter}`.slice(0, 15);
}

export function sh(cmd: string, args: string[], options: { input?: string } = {}): string {
  return execFileSync(cmd, args, { input: options.input, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
}

export function inNs(ns: string, cmd: string, args: string[], options: { input?: string } = {}): string {
  return sh("ip", ["netns", "exec", ns, cmd, ...args], options);
}

export class WgLab {
  readonly namespaces: string[] = [];
  readonly processes: ChildProcess[] = [];
  readonly interfaces: string[] = [];

  addNamespace(prefix = "skyns"): string {
    const ns = uniqueName(prefix);
    sh("ip", ["netns", "add", ns]);
    this.namespaces.push(ns);
    inNs(ns, "ip", ["link", "set", "lo", "up"]);
    return ns;
  }

  /** Starts `wireguard-go <ifname>` in the foreground inside `ns` and waits for its UAPI socket. */
  async addWireGuard(ns: string, prefix = "skywg"): Promise<string> {
    const ifname = uniqueName(prefix);
    const child = spawn("ip", ["netns", "exec", ns, "wireguard-go", ifname], {
      env: { ...process.env, WG_PROCESS_FOREGROUND: "1", LOG_LEVEL: "error" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (d) => (stderr += String(d)));
    this.processes.push(child);
    this.interfaces.push(ifname);
    const socket = `/var/run/wireguard/${ifname}.sock`;
    for (let i = 0; i < 100 && !existsSync(socket); i++) {
      if (child.exitCode !== null) throw new Error(`wireguard-go ${ifname} exited: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!existsSync(socket)) throw new Error(`wireguard-go ${ifname} did not start: ${stderr}`);
    return ifname;
  }

  /** A veth pair between two namespaces with the given addresses (CIDR), both ends up. */
  addVeth(nsA: string, addrA: string, nsB: string, addrB: string): { a: string; b: string } {
    const a = uniqueName("vetha");
    const b = uniqueName("vethb");
    sh("ip", ["link", "add", a, "netns", nsA, "type", "veth", "peer", "name", b, "netns", nsB]);
    inNs(nsA, "ip", ["addr", "add", addrA, "dev", a]);
    inNs(nsB, "ip", ["addr", "add", addrB, "dev", b]);
    inNs(nsA, "ip", ["link", "set", a, "up"]);
    inNs(nsB, "ip", ["link", "set", b, "up"]);
    return { a, b };
  }

  track(child: ChildProcess): ChildProcess {
    this.processes.push(child);
    return child;
  }

  /** Kills what we started (by pid) and deletes our namespaces (by name). Safe to call twice. */
  async cleanup(): Promise<void> {
    for (const child of this.processes.splice(0)) {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        const exited = new Promise((r) => child.once("exit", r));
        try {
          process.kill(child.pid, "SIGTERM");
        } catch {
          /* already gone */
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
        if (child.exitCode === null && child.signalCode === null) {
          try {
            process.kill(child.pid, "SIGKILL");
          } catch {
            /* already gone */
          }
        }
      }
    }
    for (const ns of this.namespaces.splice(0)) {
      try {
        sh("ip", ["netns", "del", ns]);
      } catch {
        /* already gone */
      }
    }
  }
}
