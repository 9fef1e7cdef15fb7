/**
 * What every reliability scenario shares: temporary data folders (migrated and seeded in this process, never
 * ./data), the production build started with `next start` as a real child process (killable with SIGKILL),
 * the Stripe API stand-in (lib/payments/testing/stripe-server.ts) with signed events, table checksums of the
 * libSQL files, and the summary table the run prints at the end.
 *
 * Ports: RELIABILITY_PORT (default 3440) and the next nine; the scenarios take fixed offsets from it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { createClient } from "@libsql/client";

export const BASE_PORT = Number(process.env.RELIABILITY_PORT ?? 3440);
export const PORTS = {
  app: BASE_PORT,
  stripe: BASE_PORT + 1,
  restored: BASE_PORT + 2,
  outage: BASE_PORT + 3,
  fuzz: BASE_PORT + 4,
} as const;

export const STRIPE_SECRET_KEY = "sk_test_reliability_standin";
export const STRIPE_WEBHOOK_SECRET = "whsec_reliability_standin";
export const ADMIN_EMAIL = "admin@reliability.test";
export const ADMIN_PASSWORD = `Adm1n-${randomBytes(12).toString("base64url")}`;
const AUTH_SECRET = randomBytes(33).toString("base64url");
const ENCRYPTION_KEY = randomBytes(32).toString("hex");

export const log = (scenario: string, message: string) => console.log(`[reliability:${scenario}] ${message}`);

/* ─── Results ─── */

export interface CheckRow {
  scenario: string;
  check: string;
  figure: string;
  ok: boolean;
}
export const results: CheckRow[] = [];

/** Records one assertion for the summary table; never throws, so a scenario reports every failed check. */
export function check(scenario: string, name: string, ok: boolean, figure: string): boolean {
  results.push({ scenario, check: name, figure, ok });
  console.log(`[reliability:${scenario}] ${ok ? "ok  " : "FAIL"} ${name}: ${figure}`);
  return ok;
}

/* ─── Temporary data folders ─── */

const folders: string[] = [];

export function tempFolder(label: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `skyport-reliability-${label}-`));
  folders.push(dir);
  return dir;
}

export function removeTempFolders(): void {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Points this process's database clients at `dir` (lib/env reads DATA_DIR; clients are cached per URL). */
export async function useDataDir(dir: string): Promise<void> {
  const { closeAllDatabases } = await import("@/db/connection");
  const { resetEnvCache } = await import("@/lib/env");
  closeAllDatabases();
  process.env.DATA_DIR = dir;
  for (const key of Object.keys(process.env)) if (key.startsWith("DATABASE_URL_")) delete process.env[key];
  Object.assign(process.env, {
    AUTH_SECRET,
    ENCRYPTION_KEY,
    APP_URL: `http://127.0.0.1:${PORTS.app}`,
    STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET,
  });
  resetEnvCache();
}

/** A fresh data folder, migrated and seeded like the e2e server's (scripts/e2e-server.ts). */
export async function seededDataDir(label: string): Promise<string> {
  const dir = tempFolder(label);
  await useDataDir(dir);
  const { migrateAll } = await import("@/db/migrate");
  const { seedAll } = await import("@/db/seed");
  await migrateAll();
  await seedAll({ adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD, log: () => undefined });
  return dir;
}

/* ─── The app as a child process ─── */

export interface AppProcess {
  url: string;
  pid: number;
  output: () => string;
  exited: Promise<number | null>;
  /** SIGKILL to the whole process group: no shutdown hooks, no flushing, like a power cut. */
  kill9: () => Promise<void>;
  stop: () => Promise<void>;
}

export function appEnv(dataDir: string, port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/root",
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    AUTH_SECRET,
    AUTH_TRUST_HOST: "true",
    ENCRYPTION_KEY,
    APP_URL: `http://127.0.0.1:${port}`,
    // The scenarios drain the outbox themselves (one worker run), so they can count what it did.
    WORKER_ENABLED: "false",
    ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
    ...extra,
  };
}

export function stripeEnv(stripeUrl: string): Record<string, string> {
  return { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_BASE: stripeUrl };
}

const running = new Set<AppProcess>();

/** SIGKILLs every app this process started and has not stopped (run.ts on SIGINT/SIGTERM). */
export async function stopAllApps(): Promise<void> {
  await Promise.all([...running].map((app) => app.kill9()));
}

/** `next start` of the production build (the same binary `npm start` runs), waiting until /api/health answers. */
export async function startApp(port: number, env: Record<string, string>, options: { waitMs?: number } = {}): Promise<AppProcess> {
  // A leftover server on the port would answer the health check in place of ours.
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", () => reject(new Error(`port ${port} is in use: stop whatever listens there (a leftover server of an earlier run?)`)));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
  let output = "";
  const child: ChildProcess = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  void exited.then(() => running.delete(app));
  const app: AppProcess = {
    url,
    pid: child.pid!,
    output: () => output,
    exited,
    kill9: async () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
      await exited;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        return;
      }
      const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
      if (!done) await app.kill9();
    },
  };
  running.add(app);
  const deadline = Date.now() + (options.waitMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output.slice(-2000)}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) });
      await res.body?.cancel();
      return app;
    } catch {
      if (Date.now() > deadline) {
        await app.kill9();
        throw new Error(`next start on ${port} did not answer within ${options.waitMs ?? 90_000} ms:\n${output.slice(-2000)}`);
      }
      await sleep(250);
    }
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/* ─── Stripe events ─── */

const signer = new Stripe("sk_test_signer_only");

/** POSTs one event, signed now exactly as Stripe signs it, to the app's webhook. Null when no answer came. */
export async function deliverStripeEvent(baseUrl: string, payload: string, timeoutMs = 30_000): Promise<{ status: number; body: string } | null> {
  const header = signer.webhooks.generateTestHeaderString({ payload, secret: STRIPE_WEBHOOK_SECRET });
  try {
    const res = await fetch(`${baseUrl}/api/webhooks/stripe`, {
      method: "POST",
      headers: { "stripe-signature": header, "content-type": "application/json" },
      body: payload,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, body: await res.text() };
  } catch {
    return null;
  }
}

/** Runs `worker` over `items` with `concurrency` in flight; stops taking new items once `stop()` returns true. */
export async function pool<T>(items: T[], concurrency: number, worker: (item: T, index: number) => Promise<void>, stop: () => boolean = () => false): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length && !stop()) {
        const i = next++;
        await worker(items[i]!, i);
      }
    }),
  );
}

/** Deterministic shuffle (seeded LCG), so a failing run can be repeated. */
export function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/* ─── Looking into the files ─── */

/** Rows of one query against a database file of `dir`, through its own connection. */
export async function query<T = Record<string, unknown>>(dir: string, db: string, sql: string, args: Array<string | number | null> = []): Promise<T[]> {
  const client = createClient({ url: `file:${path.join(dir, `${db}.db`)}` });
  try {
    return (await client.execute({ sql, args })).rows as unknown as T[];
  } finally {
    client.close();
  }
}

const jsonSafe = (_: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v instanceof ArrayBuffer ? Buffer.from(v).toString("hex") : v);

/**
 * sha256 and row count of every table of every database file in `dir` (rows sorted, so the physical order does
 * not matter). Two folders with the same map hold the same data.
 */
export async function tableChecksums(dir: string, options: { ignoreTables?: string[]; ignoreColumns?: string[] } = {}): Promise<Map<string, { rows: number; sha: string }>> {
  const out = new Map<string, { rows: number; sha: string }>();
  const ignoreTables = new Set(options.ignoreTables ?? []);
  const ignoreColumns = new Set(options.ignoreColumns ?? []);
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".db")).sort()) {
    const db = file.replace(/\.db$/, "");
    const client = createClient({ url: `file:${path.join(dir, file)}` });
    try {
      const tables = await client.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name");
      for (const { name } of tables.rows as unknown as Array<{ name: string }>) {
        if (ignoreTables.has(name)) continue;
        const result = await client.execute(`select * from "${name.replace(/"/g, '""')}"`);
        const rows = (result.rows as unknown as Array<Record<string, unknown>>)
          .map((row) => JSON.stringify(Object.entries(row).filter(([c]) => !ignoreColumns.has(`${name}.${c}`)), jsonSafe))
          .sort();
        out.set(`${db}.${name}`, { rows: rows.length, sha: createHash("sha256").update(rows.join("\n")).digest("hex").slice(0, 16) });
      }
    } finally {
      client.close();
    }
  }
  return out;
}

export function checksumDifferences(a: Map<string, { rows: number; sha: string }>, b: Map<string, { rows: number; sha: string }>): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => a.get(k)?.sha !== b.get(k)?.sha).map((k) => `${k} (${a.get(k)?.rows ?? "-"} → ${b.get(k)?.rows ?? "-"} rows)`);
}

/**
 * Verified customer accounts without passwords (what an OAuth sign-up leaves), inserted in one transaction: the
 * scenarios need real identity rows (provisioning reads the customer's email), not hundreds of argon2 hashes.
 */
export async function createCustomers(count: number, label: string): Promise<string[]> {
  const { identityDb } = await import("@/db/identity/client");
  const { users } = await import("@/db/identity/schema");
  const now = new Date();
  const rows = Array.from({ length: count }, (_, i) => ({ email: `${label}-${i}@reliability.test`, name: `${label} ${i}`, role: "customer" as const, emailVerified: now, createdAt: now, updatedAt: now }));
  const ids: string[] = [];
  await identityDb().transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 200) {
      for (const r of await tx.insert(users).values(rows.slice(i, i + 200)).returning({ id: users.id })) ids.push(r.id);
    }
  });
  return ids;
}
