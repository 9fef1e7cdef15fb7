/**
 * Test setup for the job and email tests: temp ops + billing databases (the two the tests use; migrating
 * only those keeps the tests independent of the other schemas), the secrets serverEnv() requires, and a
 * controllable clock.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { migrateDatabase } from "@/db/migrate";
import { resetEnvCache } from "@/lib/env";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import type { Logger, LogFields } from "../log";

export const TEST_SECRETS = {
  AUTH_SECRET: "test-auth-secret-0123456789-abcdefghijkl",
  ENCRYPTION_KEY: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
};

export async function setupJobDatabases(): Promise<TempDatabases> {
  Object.assign(process.env, TEST_SECRETS);
  delete process.env.SMTP_URL;
  const temp = await useTempDatabases({ migrate: false });
  try {
    await migrateDatabase("ops");
    await migrateDatabase("billing");
  } catch (error) {
    temp.cleanup();
    throw error;
  }
  resetEnvCache();
  return temp;
}

export interface TestClock {
  (): Date;
  advance(ms: number): void;
  set(ms: number): void;
  ms(): number;
}

/** Starts a minute ahead of real time so jobs enqueued "now" (by the database's clock) are already due. */
export function testClock(start = Date.now() + 60_000): TestClock {
  let t = start;
  const clock = (() => new Date(t)) as TestClock;
  clock.advance = (ms) => {
    t += ms;
  };
  clock.set = (ms) => {
    t = ms;
  };
  clock.ms = () => t;
  return clock;
}

export interface LogLine {
  level: keyof Logger;
  message: string;
  fields?: LogFields;
}

export function captureLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: keyof Logger) => (message: string, fields?: LogFields) => void lines.push({ level, message, fields });
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export async function waitFor<T>(check: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 15_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const ROOT = path.resolve(import.meta.dirname, "../../..");

export interface Child {
  process: ChildProcess;
  output: () => string;
  /** Resolves with the first stdout line containing `marker`. */
  waitForLine(marker: string, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs a TypeScript file the way `npm run worker` does (tsx, react-server condition), on the test's temp
 * databases. Through `node --import tsx` rather than the tsx CLI: the CLI runs the script in a second
 * process, and a SIGKILL sent to the CLI would leave the real worker running.
 */
export function spawnTsx(script: string, args: string[], env: Record<string, string | undefined> = {}): Child {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => {
      for (const l of listeners) l();
      resolve({ code, signal });
    }),
  );
  return {
    process: child,
    output: () => out,
    exited,
    waitForLine(marker, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = out.split("\n").find((l) => l.includes(marker));
          if (line !== undefined) {
            cleanup();
            resolve(line);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            cleanup();
            reject(new Error(`child exited before printing "${marker}". Output:\n${out}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for "${marker}". Output:\n${out}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
  };
}

export const FIXTURE_DIR = import.meta.dirname;
