/**
 * A worker in its own process, for the crash and race tests. Runs on the databases under DATA_DIR.
 *   worker-child.ts <leaseMs>   serve the ops queue until SIGTERM (graceful) or SIGKILL (crash)
 */
import { createWorker } from "../worker";
import "./test-jobs";

const leaseMs = Number(process.argv[2] ?? 1_000);
const worker = createWorker({ databases: ["ops"], leaseMs, pollMs: 10, schedules: false, owner: `child-${process.pid}` });
process.on("SIGTERM", () => {
  void worker.stop().then(() => process.exit(0));
});
// Touch the database before announcing readiness, so the test races warm workers.
await worker.runOnce();
console.log(`READY pid=${process.pid}`);
worker.start();
