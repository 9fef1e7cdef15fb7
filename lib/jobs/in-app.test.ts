import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "@/lib/env";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { setupJobDatabases } from "./__fixtures__/setup";
import { startInAppWorker, stopInAppWorker } from "./in-app";

let temp: TempDatabases;
beforeEach(async () => {
  temp = await setupJobDatabases();
  vi.spyOn(console, "log").mockImplementation(() => {});
  vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(async () => {
  await stopInAppWorker();
  delete process.env.WORKER_ENABLED;
  resetEnvCache();
  vi.restoreAllMocks();
  temp.cleanup();
});

describe("startInAppWorker", () => {
  it("starts one worker per process", async () => {
    const first = startInAppWorker();
    expect(first?.running).toBe(true);
    expect(startInAppWorker()).toBe(first);
    await stopInAppWorker();
    expect(first?.running).toBe(false);
  });

  it("stays off when WORKER_ENABLED=false", () => {
    process.env.WORKER_ENABLED = "false";
    resetEnvCache();
    expect(startInAppWorker()).toBeNull();
    expect(startInAppWorker()).toBeNull();
  });
});
