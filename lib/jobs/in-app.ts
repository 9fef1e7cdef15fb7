import "server-only";
/**
 * Runs the worker inside the web server process (called from instrumentation.ts). Once per process, even
 * when Next evaluates instrumentation more than once; off when WORKER_ENABLED=false (e.g. when workers run
 * as their own processes with `npm run worker`).
 */
import { serverEnv } from "@/lib/env";
import { createWorker, type Worker } from "./worker";

const key = Symbol.for("skyport.inAppWorker");
type Holder = { [key]?: Worker | null };

export function startInAppWorker(): Worker | null {
  const holder = globalThis as Holder;
  if (holder[key] !== undefined) return holder[key];
  const env = serverEnv();
  if (!env.WORKER_ENABLED) {
    holder[key] = null;
    return null;
  }
  const worker = createWorker({ pollMs: env.WORKER_POLL_MS });
  holder[key] = worker;
  worker.start();
  return worker;
}

/** For tests and graceful shutdown. */
export async function stopInAppWorker(): Promise<void> {
  const holder = globalThis as Holder;
  const worker = holder[key];
  delete holder[key];
  if (worker) await worker.stop();
}
