/**
 * Starts a second `next start` of the same build with a different environment, for tests about start-up and
 * outages that must not disturb the main test server.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export interface ExtraServer {
  url: string;
  output: () => string;
  exited: Promise<number | null>;
  stop: () => Promise<void>;
}

export function baseServerEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/root",
    NODE_ENV: "production",
    DATA_DIR: process.env.E2E_DATA_DIR!,
    AUTH_SECRET: process.env.E2E_AUTH_SECRET!,
    AUTH_TRUST_HOST: "true",
    ENCRYPTION_KEY: process.env.E2E_ENCRYPTION_KEY!,
    WORKER_ENABLED: "false",
  };
}

export function startExtraServer(port: number, env: Record<string, string>): ExtraServer {
  let log = "";
  const child: ChildProcess = spawn(path.join("node_modules", ".bin", "next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...env, APP_URL: `http://127.0.0.1:${port}` } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => log,
    exited,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await fetch(url);
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}
