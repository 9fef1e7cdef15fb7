/**
 * The outbox promise under real crashes: a worker process is killed with SIGKILL in the middle of a job,
 * and another worker re-runs it after the lease expires. The job's effect (applied through ctx.once) must
 * happen exactly once whether the process died after or before applying it. And several worker processes
 * draining one queue never run a job twice.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { opsDb } from "@/db/ops/client";
import { notifications } from "@/db/ops/schema";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { captureLogger, FIXTURE_DIR, setupJobDatabases, spawnTsx, waitFor, type Child } from "./__fixtures__/setup";
import { effectJob, raceJob } from "./__fixtures__/test-jobs";
import { enqueue } from "./enqueue";
import { jobEffects, jobs } from "./tables";
import { createWorker } from "./worker";

const CHILD = path.join(FIXTURE_DIR, "worker-child.ts");
const LEASE_MS = 1_000;

let temp: TempDatabases;
const children: Child[] = [];

beforeEach(async () => {
  temp = await setupJobDatabases();
});
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill("SIGKILL");
    await child.exited;
  }
  temp.cleanup();
});

function startChild(leaseMs = LEASE_MS): Child {
  const child = spawnTsx(CHILD, [String(leaseMs)], { DATA_DIR: temp.dir });
  children.push(child);
  return child;
}

const jobRow = async (id: string) => (await opsDb().select().from(jobs).where(eq(jobs.id, id)))[0]!;
const effectRows = (id: string) => opsDb().select().from(notifications).where(eq(notifications.title, id));

describe.each(["after", "before"] as const)("a worker process killed %s applying the effect", (when) => {
  it("is re-run after its lease expires and the effect happens exactly once", async () => {
    const id = await effectJob.enqueue(opsDb(), { hang: when, hangOnAttempt: 1 });
    const child = startChild();
    await child.waitForLine(`HANGING ${when}-effect job=${id}`);

    const claimed = await jobRow(id);
    expect(claimed).toMatchObject({ status: "running", attempts: 1, leaseOwner: `child-${child.process.pid}` });
    expect(await effectRows(id)).toHaveLength(when === "after" ? 1 : 0);

    child.process.kill("SIGKILL");
    expect(await child.exited).toMatchObject({ signal: "SIGKILL" });

    // A second worker (this process) with a short lease: nothing to do while the dead worker's lease lasts.
    const survivor = createWorker({ databases: ["ops"], schedules: false, leaseMs: 500, logger: captureLogger() });
    const leaseEnd = claimed.leaseExpiresAt!.getTime();
    if (Date.now() < leaseEnd - 100) expect(await survivor.runOnce()).toMatchObject({ claimed: 0 });

    await waitFor(async () => (await survivor.runOnce()).succeeded === 1, LEASE_MS * 10, "the re-run");
    expect(Date.now()).toBeGreaterThanOrEqual(leaseEnd);

    const done = await jobRow(id);
    expect(done).toMatchObject({ status: "succeeded", attempts: 2, leaseOwner: null });
    expect(done.result).toEqual({ applied: when === "before", attempt: 2 });
    const effects = await effectRows(id);
    expect(effects).toHaveLength(1);
    // Applied by the process that got there first: the killed child (after) or the survivor (before).
    expect(effects[0]!.body).toBe(String(when === "after" ? child.process.pid : process.pid));
    expect(await opsDb().select().from(jobEffects).where(eq(jobEffects.jobId, id))).toHaveLength(1);
  });
});

describe("several worker processes on one queue", () => {
  it("never run a job twice (200 jobs, 3 child processes + this one)", async () => {
    // Long leases: this test is about claims being atomic; a lease running out under CPU load would
    // legitimately re-run a job (at-least-once), which is the crash tests' subject, not this one's.
    const workers = [startChild(30_000), startChild(30_000), startChild(30_000)];
    await Promise.all(workers.map((w) => w.waitForLine("READY")));

    const db = opsDb();
    const ids = await db.transaction(async (tx) => {
      const out: string[] = [];
      for (let n = 0; n < 200; n++) out.push(await raceJob.enqueue(tx, { n }));
      return out;
    });
    // This process joins in too (one in-process worker: see the report about same-process transactions).
    const local = createWorker({ databases: ["ops"], schedules: false, leaseMs: 30_000, pollMs: 10, logger: captureLogger() });
    local.start();

    await waitFor(
      async () => {
        const [row] = await db.select({ n: sql<number>`count(*)` }).from(jobs).where(eq(jobs.status, "succeeded"));
        return row!.n === 200;
      },
      60_000,
      "all 200 jobs to succeed",
    );
    await local.stop();
    for (const w of workers) w.process.kill("SIGTERM");
    await Promise.all(workers.map((w) => w.exited));

    const runs = await db.select({ jobId: notifications.title, pid: notifications.body }).from(notifications).where(eq(notifications.kind, "run"));
    expect(runs).toHaveLength(200);
    expect(new Set(runs.map((r) => r.jobId))).toEqual(new Set(ids));
    const all = await db.select({ attempts: jobs.attempts }).from(jobs);
    expect(all.every((j) => j.attempts === 1)).toBe(true);
    // The work really was shared between processes.
    expect(new Set(runs.map((r) => r.pid)).size).toBeGreaterThanOrEqual(2);
  });
});
