import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { billingDb } from "@/db/billing/client";
import { opsDb } from "@/db/ops/client";
import { notifications } from "@/db/ops/schema";
import { resetEnvCache } from "@/lib/env";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { captureLogger, setupJobDatabases, testClock, waitFor, type TestClock } from "./__fixtures__/setup";
import { effectJob } from "./__fixtures__/test-jobs";
import { defineJob, PermanentJobError, registeredJobTypes, type JobContext } from "./define";
import { enqueue, retryJob } from "./enqueue";
import { jobEffects, jobs, type JobExecutor } from "./tables";
import { backoffDelay, createWorker } from "./worker";

let temp: TempDatabases;
let clock: TestClock;

beforeEach(async () => {
  temp = await setupJobDatabases();
  clock = testClock();
});
afterEach(() => {
  delete process.env.DATABASE_URL_VPN;
  temp.cleanup();
});

const jobRow = async (id: string, db: JobExecutor = opsDb()) => (await db.select().from(jobs).where(eq(jobs.id, id)))[0]!;

/** A handler whose behaviour each test sets; records the contexts it was called with. */
const calls: Array<{ payload: unknown; ctx: JobContext }> = [];
let behaviour: (payload: unknown, ctx: JobContext) => Promise<unknown> = async () => "ok";
defineJob("test.scripted", z.unknown(), async (payload, ctx) => {
  calls.push({ payload, ctx });
  return behaviour(payload, ctx);
});
beforeEach(() => {
  calls.length = 0;
  behaviour = async () => "ok";
});

const worker = (extra: Parameters<typeof createWorker>[0] = {}) =>
  createWorker({ databases: ["ops", "billing"], schedules: false, clock, random: () => 0.5, logger: captureLogger(), ...extra });

describe("enqueue", () => {
  it("stores the job and dedupes by uniqueKey, returning the first job's id", async () => {
    const db = opsDb();
    const a = await enqueue(db, { type: "test.scripted", payload: { n: 1 }, uniqueKey: "renew:svc1:2026-01" });
    const b = await enqueue(db, { type: "test.scripted", payload: { n: 2 }, uniqueKey: "renew:svc1:2026-01" });
    const c = await enqueue(db, { type: "test.scripted", payload: { n: 3 } });
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    const rows = await db.select().from(jobs);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.id === a)).toMatchObject({ status: "queued", payload: { n: 1 }, attempts: 0, maxAttempts: 8 });
  });

  it("is part of the caller's transaction (transactional outbox)", async () => {
    const db = billingDb();
    await expect(
      db.transaction(async (tx) => {
        await enqueue(tx, { type: "test.scripted", payload: "rolled back" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const committed = await db.transaction((tx) => enqueue(tx, { type: "test.scripted", payload: "committed" }));
    const rows = await db.select({ id: jobs.id, payload: jobs.payload }).from(jobs);
    expect(rows).toEqual([{ id: committed, payload: "committed" }]);
  });

  it("validates payloads at enqueue time for defined jobs", async () => {
    await expect(effectJob.enqueue(opsDb(), { hang: "sideways" } as never)).rejects.toThrow();
    expect(registeredJobTypes()).toEqual(expect.arrayContaining(["email.deliver", "system.cleanup", "test.effect"]));
  });
});

describe("worker", () => {
  it("runs a job with its context and records the result", async () => {
    const id = await enqueue(billingDb(), { type: "test.scripted", payload: { hello: "world" } });
    behaviour = async () => ({ done: true });
    const stats = await worker().runOnce();
    expect(stats).toMatchObject({ claimed: 1, succeeded: 1, retried: 0, dead: 0, unavailable: [] });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.payload).toEqual({ hello: "world" });
    expect(calls[0]!.ctx).toMatchObject({ jobId: id, attempt: 1, database: "billing", maxAttempts: 8, isLastAttempt: false });
    expect(calls[0]!.ctx.now().getTime()).toBe(clock.ms());
    expect(await jobRow(id, billingDb())).toMatchObject({
      status: "succeeded",
      attempts: 1,
      result: { done: true },
      leaseOwner: null,
      leaseExpiresAt: null,
      finishedAt: clock(),
    });
  });

  it("does not run a job before its runAt, and runs higher priority first", async () => {
    const db = opsDb();
    const later = await enqueue(db, { type: "test.scripted", payload: "later", runAt: new Date(clock.ms() + 10_000) });
    await enqueue(db, { type: "test.scripted", payload: "low", runAt: clock() });
    await enqueue(db, { type: "test.scripted", payload: "high", runAt: clock(), priority: 5 });
    await worker().runOnce();
    expect(calls.map((c) => c.payload)).toEqual(["high", "low"]);
    expect((await jobRow(later)).status).toBe("queued");
    clock.advance(10_000);
    await worker().runOnce();
    expect(calls.map((c) => c.payload)).toEqual(["high", "low", "later"]);
  });

  it("retries with exponential backoff, then dead-letters after maxAttempts", async () => {
    const id = await enqueue(opsDb(), { type: "test.scripted", payload: null, maxAttempts: 3, runAt: clock() });
    behaviour = async (_p, ctx) => {
      throw new Error(`smtp down (attempt ${ctx.attempt})`);
    };
    const w = worker({ retryBaseMs: 1_000, retryMaxMs: 60_000 });

    expect(await w.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    let row = await jobRow(id);
    // random() = 0.5 → jitter factor exactly 1: delay = base · 2^(attempt-1)
    expect(row).toMatchObject({ status: "failed", attempts: 1, leaseOwner: null, runAt: new Date(clock.ms() + 1_000) });
    expect(row.lastError).toContain("smtp down (attempt 1)");

    clock.advance(999);
    expect(await w.runOnce()).toMatchObject({ claimed: 0 });
    clock.advance(1);
    expect(await w.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    row = await jobRow(id);
    expect(row).toMatchObject({ status: "failed", attempts: 2, runAt: new Date(clock.ms() + 2_000) });

    clock.advance(2_000);
    expect(await w.runOnce()).toMatchObject({ claimed: 1, dead: 1 });
    row = await jobRow(id);
    expect(row).toMatchObject({ status: "dead", attempts: 3, finishedAt: clock() });
    expect(row.lastError).toContain("smtp down (attempt 3)");
    expect(calls.map((c) => [c.ctx.attempt, c.ctx.isLastAttempt])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);

    clock.advance(24 * 3600_000);
    expect(await w.runOnce()).toMatchObject({ claimed: 0 });
  });

  it("computes capped, jittered backoff", () => {
    expect(backoffDelay(1, 1_000, 60_000, () => 0.5)).toBe(1_000);
    expect(backoffDelay(4, 1_000, 60_000, () => 0.5)).toBe(8_000);
    expect(backoffDelay(30, 1_000, 60_000, () => 0.5)).toBe(60_000);
    expect(backoffDelay(30, 1_000, 60_000, () => 0.999)).toBe(60_000);
    expect(backoffDelay(3, 1_000, 60_000, () => 0)).toBe(3_200);
    expect(backoffDelay(3, 1_000, 60_000, () => 0.999)).toBeCloseTo(4_800, -1);
  });

  it("dead-letters unknown job types, invalid payloads and permanent errors at once", async () => {
    const db = opsDb();
    const unknown = await enqueue(db, { type: "nobody.handles.this", payload: {}, runAt: clock() });
    const invalid = await enqueue(db, { type: "test.effect", payload: { hang: 42 }, runAt: clock() });
    const permanent = await enqueue(db, { type: "test.scripted", payload: null, runAt: clock() });
    behaviour = async () => {
      throw new PermanentJobError("customer no longer exists");
    };
    expect(await worker().runOnce()).toMatchObject({ claimed: 3, dead: 3 });
    const u = await jobRow(unknown);
    expect(u).toMatchObject({ status: "dead", attempts: 1 });
    expect(u.lastError).toContain('Unknown job type "nobody.handles.this"');
    expect(u.lastError).toContain("lib/jobs/registry.ts");
    expect((await jobRow(invalid)).lastError).toContain('Invalid payload for "test.effect"');
    expect(await jobRow(permanent)).toMatchObject({ status: "dead", attempts: 1 });
  });

  it("lets another worker take an expired lease, fences the old owner out, and ctx.once applies the effect once", async () => {
    const id = await enqueue(opsDb(), { type: "test.scripted", payload: null, runAt: clock() });
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    behaviour = async (_p, ctx) => {
      await ctx.once("grant", opsDb(), (tx) => tx.insert(notifications).values({ userId: "u", kind: "grant", title: ctx.jobId }));
      if (ctx.attempt === 1) await released; // the first worker stalls (GC pause, network partition…)
      return `attempt ${ctx.attempt}`;
    };
    // Long real-time lease: no heartbeat fires during the test, so only the injected clock moves it.
    const a = worker({ owner: "A", leaseMs: 60_000 });
    const b = worker({ owner: "B", leaseMs: 60_000 });
    const runA = a.runOnce();
    // Wait until A's effect has committed: B's claim must not overlap A's open transaction in this process
    // (a same-process write during an open libSQL transaction blocks the event loop; see the report).
    await waitFor(async () => (await opsDb().select().from(notifications)).length === 1, 5_000, "A's effect");
    expect(await jobRow(id)).toMatchObject({ status: "running", leaseOwner: "A", attempts: 1 });
    expect(await b.runOnce()).toMatchObject({ claimed: 0, unavailable: [] });

    clock.advance(60_001);
    expect(await b.runOnce()).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(await jobRow(id)).toMatchObject({ status: "succeeded", attempts: 2, result: "attempt 2" });

    release();
    expect(await runA).toMatchObject({ claimed: 1, succeeded: 0 });
    expect(await jobRow(id)).toMatchObject({ status: "succeeded", attempts: 2, result: "attempt 2" });
    expect(await opsDb().select().from(notifications).where(eq(notifications.kind, "grant"))).toHaveLength(1);
    expect(await opsDb().select().from(jobEffects)).toEqual([expect.objectContaining({ key: `${id}:grant`, jobId: id })]);
  });

  it("rolls back a failed once() so the retry applies it", async () => {
    const id = await enqueue(opsDb(), { type: "test.scripted", payload: null, runAt: clock() });
    behaviour = async (_p, ctx) => {
      const r = await ctx.once("step", opsDb(), async (tx) => {
        await tx.insert(notifications).values({ userId: "u", kind: "step", title: ctx.jobId });
        if (ctx.attempt === 1) throw new Error("failed halfway through the effect");
        return "applied";
      });
      const again = await ctx.once("step", opsDb(), async () => "never");
      return [r, again];
    };
    const w = worker({ retryBaseMs: 10 });
    await w.runOnce();
    expect(await opsDb().select().from(notifications)).toHaveLength(0);
    clock.advance(1_000);
    await w.runOnce();
    expect(await jobRow(id)).toMatchObject({
      status: "succeeded",
      result: [{ applied: true, value: "applied" }, { applied: false }],
    });
    expect(await opsDb().select().from(notifications)).toHaveLength(1);
  });

  it("heartbeats extend the lease of a long-running job", async () => {
    const id = await enqueue(opsDb(), { type: "test.scripted", payload: null });
    let release!: () => void;
    behaviour = () => new Promise((r) => (release = () => r("done")));
    const w = createWorker({ databases: ["ops"], schedules: false, leaseMs: 300, logger: captureLogger() });
    const run = w.runOnce();
    const first = await waitFor(async () => (await jobRow(id)).leaseExpiresAt, 5_000, "claim");
    await waitFor(async () => ((await jobRow(id)).leaseExpiresAt?.getTime() ?? 0) > first.getTime() + 150, 5_000, "heartbeat");
    // Well past the first lease's end, yet nobody else may take the job.
    await new Promise((r) => setTimeout(r, 400));
    expect(await createWorker({ databases: ["ops"], schedules: false, logger: captureLogger() }).runOnce()).toMatchObject({ claimed: 0 });
    release();
    await run;
    expect(await jobRow(id)).toMatchObject({ status: "succeeded", attempts: 1 });
  });

  it("gives up on a job whose every attempt ended with an expired lease", async () => {
    const id = await enqueue(opsDb(), { type: "test.scripted", payload: null, maxAttempts: 2, runAt: clock() });
    // Simulate two crashed attempts: running, lease long gone.
    await opsDb()
      .update(jobs)
      .set({ status: "running", attempts: 2, leaseOwner: "crashed", leaseExpiresAt: new Date(clock.ms() - 1) })
      .where(eq(jobs.id, id));
    expect(await worker().runOnce()).toMatchObject({ claimed: 1, dead: 1 });
    expect(calls).toHaveLength(0);
    expect((await jobRow(id)).lastError).toContain("Gave up after 2 attempts");
  });

  it("retryJob puts a dead job back with fresh attempts", async () => {
    const id = await enqueue(opsDb(), { type: "test.scripted", payload: null, maxAttempts: 1, runAt: clock() });
    behaviour = async () => {
      throw new Error("boom");
    };
    await worker().runOnce();
    expect((await jobRow(id)).status).toBe("dead");
    expect(await retryJob(opsDb(), id, clock())).toBe(true);
    expect(await jobRow(id)).toMatchObject({ status: "queued", attempts: 0 });
    behaviour = async () => "fixed";
    await worker().runOnce();
    expect(await jobRow(id)).toMatchObject({ status: "succeeded", attempts: 1, result: "fixed" });
    expect(await retryJob(opsDb(), id)).toBe(false);
  });

  it("keeps serving other databases when one is unavailable, logging once per failure streak", async () => {
    process.env.DATABASE_URL_VPN = `file:${temp.dir}/missing/dir/vpn.db`;
    resetEnvCache();
    const logger = captureLogger();
    const w = createWorker({ databases: ["vpn", "ops"], schedules: false, clock, logger });
    for (let i = 0; i < 3; i++) {
      await enqueue(opsDb(), { type: "test.scripted", payload: i, runAt: clock() });
      const stats = await w.runOnce();
      expect(stats).toMatchObject({ succeeded: 1, unavailable: ["vpn"] });
    }
    const errors = logger.lines.filter((l) => l.level === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]!.fields).toMatchObject({ db: "vpn" });
    expect(String(errors[0]!.fields!.reason)).toContain('Database "vpn"');
  });

  it("stop() waits for the running job", async () => {
    const id = await enqueue(opsDb(), { type: "test.scripted", payload: null });
    let release!: () => void;
    behaviour = () => new Promise((r) => (release = () => r("finished")));
    const w = createWorker({ databases: ["ops"], schedules: false, pollMs: 10, logger: captureLogger() });
    w.start();
    await waitFor(() => calls.length === 1, 5_000, "job to start");
    let stopped = false;
    const stopping = w.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(w.running).toBe(false);
    expect(await jobRow(id)).toMatchObject({ status: "succeeded", result: "finished" });
  });
});

describe("system.cleanup", () => {
  it("prunes old succeeded jobs in every database and keeps dead and recent ones", async () => {
    const day = 24 * 3600_000;
    const old = new Date(clock.ms() - 8 * day);
    const recent = new Date(clock.ms() - day);
    for (const db of [opsDb(), billingDb()]) {
      await db.insert(jobs).values([
        { type: "x", payload: 1, status: "succeeded", finishedAt: old },
        { type: "x", payload: 2, status: "succeeded", finishedAt: recent },
        { type: "x", payload: 3, status: "dead", finishedAt: old },
      ]);
    }
    const id = await enqueue(opsDb(), { type: "system.cleanup", payload: { databases: ["ops", "billing"] }, runAt: clock() });
    await worker().runOnce();
    expect(await jobRow(id)).toMatchObject({ status: "succeeded", result: { deleted: { ops: 1, billing: 1 } } });
    for (const db of [opsDb(), billingDb()]) {
      const left = await db.select({ payload: jobs.payload }).from(jobs).where(sql`${jobs.type} = 'x'`);
      expect(left.map((r) => r.payload).sort()).toEqual([2, 3]);
    }
  });
});
