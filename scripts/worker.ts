/**
 * `npm run worker`: the job worker as its own process, for deployments that run web and workers apart
 * (set WORKER_ENABLED=false on the web instances). Stops gracefully on SIGINT/SIGTERM: the job in progress
 * finishes; a second signal exits at once (the job's lease then expires and another worker re-runs it).
 */
import { closeAllDatabases } from "@/db/connection";
import { databaseEnv, EnvError, serverEnv } from "@/lib/env";
import { closeSmtpTransports } from "@/lib/email/transport";
import { createWorker } from "@/lib/jobs/worker";

function validateEnv(): ReturnType<typeof serverEnv> {
  try {
    databaseEnv();
    // Email delivery and the job handlers need the full server environment.
    return serverEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`skyport worker: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

const env = validateEnv();
const worker = createWorker({ pollMs: env.WORKER_POLL_MS });

let stopping = false;
async function shutdown(signal: NodeJS.Signals) {
  if (stopping) {
    console.error(`skyport worker: ${signal} again, exiting without waiting`);
    process.exit(1);
  }
  stopping = true;
  console.log(`skyport worker: ${signal} received, finishing the current job…`);
  await worker.stop();
  closeSmtpTransports();
  closeAllDatabases();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);

worker.start();
