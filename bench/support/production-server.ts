/**
 * A production build (`next start`) serving temporary databases (never ./data), for benchmarks that measure the
 * web tier over HTTP. Builds into `distDir` unless a build is already there, migrates and seeds a fresh data
 * folder, and cleans everything up on exit.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DATABASE_NAMES } from "@/lib/env";
import { buildProduction } from "./build";

export interface ProductionServer {
  base: string;
  dataDir: string;
  /** The environment the server runs with (the bench process uses the same one to reach its databases). */
  env: Record<string, string>;
  /** Resident set of the server process and its children, in MiB (from /proc). */
  residentMiB(): number;
  /**
   * CPU time (user + system) the server process and its children have used so far, in ms (from /proc). Per request,
   * it is the figure a loaded machine distorts least: waiting for a core adds latency, not CPU time.
   */
  cpuMs(): number;
  stop(): void;
}

const children: ChildProcess[] = [];
const dataDirs: string[] = [];
function cleanup() {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
}
process.on("exit", cleanup);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

export async function waitForUrl(url: string, timeoutMs = 120_000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not come up`);
}

/** Builds when needed; `reuse` keeps an existing build in `distDir` (set it when the tree has not changed). */
export function ensureBuild(distDir: string, log: (message: string) => void, reuse: boolean): void {
  if (reuse && existsSync(path.join(process.cwd(), distDir, "BUILD_ID"))) return;
  log(`building into ${distDir} (npm run build)…`);
  if (!buildProduction(distDir).ok) throw new Error("npm run build failed");
}

/**
 * Points this process at a fresh data folder, migrates and seeds it. Call before importing anything that opens a
 * database, then `startProductionServer` on the same folder.
 */
export async function prepareDatabases(port: number, distDir: string, log: (message: string) => void): Promise<Record<string, string>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "skyport-bench-"));
  dataDirs.push(dataDir);
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    NODE_ENV: "production",
    APP_URL: `http://127.0.0.1:${port}`,
    AUTH_SECRET: randomBytes(33).toString("base64url"),
    AUTH_TRUST_HOST: "true",
    ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    NEXT_DIST_DIR: distDir,
    // The bench measures the web tier; background jobs would only add noise.
    WORKER_ENABLED: "false",
  };
  Object.assign(process.env, env);
  for (const name of DATABASE_NAMES) delete process.env[`DATABASE_URL_${name.toUpperCase()}`];
  const { migrateAll } = await import("@/db/migrate");
  const { seedAll } = await import("@/db/seed");
  await migrateAll();
  await seedAll({ adminEmail: "admin@bench.test", adminPassword: `Adm1n-${randomBytes(9).toString("base64url")}`, log: () => undefined });
  log(`databases ready in ${dataDir}`);
  return env;
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

/** utime + stime of a process tree, in clock ticks (USER_HZ, 100 on Linux). */
function treeCpuTicks(pid: number): number {
  let ticks = 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted from the state field (3).
    ticks += Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
  for (const child of childrenOf(pid)) ticks += treeCpuTicks(child);
  return ticks;
}

function treeResidentKiB(pid: number): number {
  let total = 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
  for (const child of childrenOf(pid)) total += treeResidentKiB(child);
  return total;
}

export async function startProductionServer(port: number, env: Record<string, string>): Promise<ProductionServer> {
  const processEnv = { ...process.env, ...env };
  for (const name of DATABASE_NAMES) delete processEnv[`DATABASE_URL_${name.toUpperCase()}`];
  const child = spawn(path.join("node_modules", ".bin", "next"), ["start", "-p", String(port), "-H", "127.0.0.1"], { stdio: ["ignore", "ignore", "inherit"], env: processEnv });
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  await waitForUrl(`${base}/api/health`);
  return {
    base,
    dataDir: env.DATA_DIR!,
    env,
    residentMiB: () => treeResidentKiB(child.pid!) / 1024,
    cpuMs: () => treeCpuTicks(child.pid!) * 10,
    stop: () => {
      if (child.exitCode === null) child.kill("SIGTERM");
    },
  };
}
