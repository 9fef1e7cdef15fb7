/** `npm run worker` as a process: refuses a bad environment, serves jobs, stops cleanly on SIGTERM. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import path from "node:path";
import { eq } from "drizzle-orm";
import { opsDb } from "@/db/ops/client";
import { emailOutbox } from "@/db/ops/schema";
import { sendEmail } from "@/lib/email/send";
import { setupJobDatabases, spawnTsx, waitFor, type Child } from "@/lib/jobs/__fixtures__/setup";
import type { TempDatabases } from "@/lib/testing/temp-databases";

const SCRIPT = path.resolve(import.meta.dirname, "worker.ts");
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

describe("scripts/worker.ts", () => {
  it("exits 1 with a message naming the bad variable", async () => {
    const child = spawnTsx(SCRIPT, [], { DATA_DIR: temp.dir, AUTH_SECRET: "short" });
    children.push(child);
    expect(await child.exited).toMatchObject({ code: 1 });
    expect(child.output()).toContain("AUTH_SECRET must be at least 32 characters");
  });

  it("delivers queued work and stops gracefully on SIGTERM", async () => {
    const id = await sendEmail({ to: "ops@example.com", subject: "Worker smoke test", text: "hello" });
    const child = spawnTsx(SCRIPT, [], { DATA_DIR: temp.dir, WORKER_POLL_MS: "50", LOG_LEVEL: "info" });
    children.push(child);
    await child.waitForLine("worker started");
    await waitFor(
      async () => (await opsDb().select().from(emailOutbox).where(eq(emailOutbox.id, id)))[0]?.status === "captured",
      20_000,
      "the email to be captured",
    );
    child.process.kill("SIGTERM");
    expect(await child.exited).toMatchObject({ code: 0 });
    expect(child.output()).toContain("SIGTERM received");
    expect(child.output()).toContain("worker stopped");
  });
});
