import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { opsDb } from "@/db/ops/client";
import { scheduleRuns } from "@/db/ops/schema";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { captureLogger, setupJobDatabases, testClock } from "./__fixtures__/setup";
import "./__fixtures__/test-jobs";
import { enqueue } from "./enqueue";
import { enqueueDueSchedules, latestTick, SCHEDULES, type Schedule } from "./schedules";
import { jobs } from "./tables";
import { createWorker } from "./worker";

let temp: TempDatabases;
beforeEach(async () => {
  temp = await setupJobDatabases();
});
afterEach(() => temp.cleanup());

const everyFiveMinutes: Schedule = { name: "test.five", cron: "*/5 * * * *", type: "test.effect", payload: {}, database: "billing" };
const at = (iso: string) => new Date(iso);

describe("latestTick", () => {
  it("includes a tick at exactly now and is UTC", () => {
    expect(latestTick("*/5 * * * *", at("2026-03-01T10:10:00.000Z"))).toEqual(at("2026-03-01T10:10:00.000Z"));
    expect(latestTick("*/5 * * * *", at("2026-03-01T10:09:59.999Z"))).toEqual(at("2026-03-01T10:05:00.000Z"));
    expect(latestTick("17 3 * * *", at("2026-03-01T01:00:00Z"))).toEqual(at("2026-02-28T03:17:00.000Z"));
  });

  it("the built-in schedules parse and include the daily cleanup", () => {
    for (const s of SCHEDULES) expect(latestTick(s.cron, new Date())).toBeInstanceOf(Date);
    expect(SCHEDULES).toContainEqual(expect.objectContaining({ name: "system.cleanup", type: "system.cleanup", database: "ops" }));
    expect(new Set(SCHEDULES.map((s) => s.name)).size).toBe(SCHEDULES.length);
  });
});

describe("enqueueDueSchedules", () => {
  it("two schedulers ticking the same minute enqueue one job", async () => {
    const now = at("2026-03-01T10:12:30Z");
    const [a, b] = await Promise.all([
      enqueueDueSchedules({ schedules: [everyFiveMinutes], now, seen: new Map() }),
      enqueueDueSchedules({ schedules: [everyFiveMinutes], now, seen: new Map() }),
    ]);
    const billingJobs = await billingDb().select().from(jobs);
    expect(billingJobs).toHaveLength(1);
    expect(billingJobs[0]).toMatchObject({
      type: "test.effect",
      uniqueKey: "schedule:test.five:2026-03-01T10:10:00.000Z",
      runAt: at("2026-03-01T10:10:00Z"),
    });
    expect([...a, ...b].every((id) => id === billingJobs[0]!.id)).toBe(true);
    const runs = await opsDb().select().from(scheduleRuns);
    expect(runs).toEqual([expect.objectContaining({ name: "test.five", tickAt: at("2026-03-01T10:10:00Z"), jobId: billingJobs[0]!.id })]);
  });

  it("catches up only the latest missed tick, and schedules each new tick once", async () => {
    await enqueueDueSchedules({ schedules: [everyFiveMinutes], now: at("2026-03-01T10:00:00Z") });
    // Down for three hours: one catch-up job, not 36.
    await enqueueDueSchedules({ schedules: [everyFiveMinutes], now: at("2026-03-01T13:02:00Z") });
    await enqueueDueSchedules({ schedules: [everyFiveMinutes], now: at("2026-03-01T13:04:59Z") });
    await enqueueDueSchedules({ schedules: [everyFiveMinutes], now: at("2026-03-01T13:05:00Z") });
    const keys = (await billingDb().select({ k: jobs.uniqueKey }).from(jobs)).map((r) => r.k).sort();
    expect(keys).toEqual([
      "schedule:test.five:2026-03-01T10:00:00.000Z",
      "schedule:test.five:2026-03-01T13:00:00.000Z",
      "schedule:test.five:2026-03-01T13:05:00.000Z",
    ]);
  });

  it("does not schedule a tick again after its job was pruned", async () => {
    const now = at("2026-03-01T10:12:30Z");
    const [id] = await enqueueDueSchedules({ schedules: [everyFiveMinutes], now });
    await billingDb().delete(jobs).where(eq(jobs.id, id!));
    expect(await enqueueDueSchedules({ schedules: [everyFiveMinutes], now })).toEqual([]);
    expect(await billingDb().select().from(jobs)).toHaveLength(0);
  });

  it("recovers from a crash between enqueueing a tick and recording it", async () => {
    const now = at("2026-03-01T10:12:30Z");
    const orphan = await enqueue(billingDb(), {
      type: "test.effect",
      payload: {},
      uniqueKey: "schedule:test.five:2026-03-01T10:10:00.000Z",
    });
    expect(await enqueueDueSchedules({ schedules: [everyFiveMinutes], now })).toEqual([orphan]);
    expect(await billingDb().select().from(jobs)).toHaveLength(1);
    expect(await opsDb().select().from(scheduleRuns)).toEqual([expect.objectContaining({ jobId: orphan })]);
  });
});

describe("workers with a schedule", () => {
  it("several workers in the same minute run the scheduled job once", async () => {
    const clock = testClock(at("2030-05-05T05:05:20Z").getTime());
    const schedules: Schedule[] = [{ name: "test.minutely", cron: "* * * * *", type: "test.effect", payload: {}, database: "ops" }];
    const make = () => createWorker({ databases: ["ops", "billing"], schedules, clock, logger: captureLogger() });
    const [w1, w2, w3] = [make(), make(), make()];
    const stats = [await w1.runOnce(), await w2.runOnce(), await w3.runOnce()];
    expect(stats.reduce((n, s) => n + s.succeeded, 0)).toBe(1);
    clock.advance(60_000);
    await w2.runOnce();
    await w1.runOnce();
    const ran = await opsDb().select({ key: jobs.uniqueKey, status: jobs.status }).from(jobs);
    expect(ran).toEqual(
      expect.arrayContaining([
        { key: "schedule:test.minutely:2030-05-05T05:05:00.000Z", status: "succeeded" },
        { key: "schedule:test.minutely:2030-05-05T05:06:00.000Z", status: "succeeded" },
      ]),
    );
    expect(ran).toHaveLength(2);
  });
});
