import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { jobs, products, provisioningRuns, services } from "@/db/billing/schema";
import { setupBillingDatabases, testClock } from "@/lib/billing/__fixtures__/setup";
import { createWorker } from "@/lib/jobs/worker";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import {
  enqueueProvisioning,
  getProvisioningModule,
  listProvisioningModules,
  listProvisioningRuns,
  ProvisioningFailedError,
  registerProvisioningModule,
  runProvisioning,
  UnknownProvisioningModuleError,
  type ProvisioningContext,
} from "./index";

let temp: TempDatabases;
const clock = testClock(Date.parse("2026-12-01T10:00:00Z"));
const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** A module that fails its first `failures` activations, logging two steps each time. */
let failures = 0;
const calls: ProvisioningContext[] = [];
registerProvisioningModule({
  name: "flaky",
  async activate(ctx) {
    calls.push(ctx);
    await ctx.log("allocate", `Allocating for ${ctx.productConfig.size}`);
    await ctx.log("allocate", "Allocated slot 7");
    await ctx.log("configure", "Writing configuration");
    if (failures > 0) {
      failures--;
      throw new Error("remote API answered 502");
    }
    return { config: { remoteId: "r-123" }, label: "flaky-7" };
  },
  async suspend(ctx) {
    await ctx.log("suspend", "Disabled");
  },
  async unsuspend(ctx) {
    await ctx.log("unsuspend", "Enabled");
  },
  async terminate(ctx) {
    await ctx.log("terminate", "Deleted");
  },
  async changePackage() {},
});

async function makeService(module: string, cycle: "monthly" | "yearly" | "one_time" = "monthly") {
  const db = billingDb();
  const [product] = await db
    .insert(products)
    .values({ slug: `p-${module}-${Math.random().toString(36).slice(2)}`, type: "other", name: module, module, moduleConfig: { size: "large" } })
    .returning();
  const [service] = await db
    .insert(services)
    .values({ customerId: "cust-1", productId: product!.id, cycle, currency: "USD", amount: 1000, config: { chosen: "x" } })
    .returning();
  return service!;
}

beforeAll(async () => {
  temp = await setupBillingDatabases({ seed: false });
});
afterAll(() => temp.cleanup());

describe("registry", () => {
  it("has the none module built in and refuses unknown names", () => {
    expect(listProvisioningModules()).toEqual(expect.arrayContaining(["none", "flaky"]));
    expect(getProvisioningModule("none").name).toBe("none");
    expect(() => getProvisioningModule("nope")).toThrow(UnknownProvisioningModuleError);
  });
});

describe("runProvisioning", () => {
  it("activates through the none module and records a visible run", async () => {
    const service = await makeService("none", "yearly");
    const outcome = await runProvisioning(service.id, "create", { now: clock });
    expect(outcome).toMatchObject({ status: "succeeded", attempt: 1 });
    const [after] = await billingDb().select().from(services).where(eq(services.id, service.id));
    expect(after).toMatchObject({ status: "active", provisioningStatus: "succeeded" });
    expect(after!.currentPeriodStart!.toISOString()).toBe("2026-12-01T10:00:00.000Z");
    expect(after!.currentPeriodEnd!.toISOString()).toBe("2027-12-01T10:00:00.000Z");
    expect(after!.nextDueAt!.getTime()).toBe(after!.currentPeriodEnd!.getTime());
    const runs = await listProvisioningRuns(service.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ action: "create", module: "none", status: "succeeded", attempt: 1, error: null });
    expect(runs[0]!.steps).toEqual([expect.objectContaining({ seq: 1, name: "activate", status: "succeeded", log: "Nothing to set up outside billing for this product." })]);
    // The same trigger again does nothing.
    expect(await runProvisioning(service.id, "create", { now: clock })).toMatchObject({ status: "skipped" });
    expect(await listProvisioningRuns(service.id)).toHaveLength(1);
    // Customers see only their own services' runs.
    expect(await listProvisioningRuns(service.id, { customerId: "someone-else" })).toEqual([]);
    expect(await listProvisioningRuns(service.id, { customerId: "cust-1" })).toHaveLength(1);
  });

  it("records a failure on the run, its step and the service, and throws (never silent)", async () => {
    const service = await makeService("flaky");
    failures = 1;
    const error = await runProvisioning(service.id, "create", { now: clock }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisioningFailedError);
    expect((error as Error).message).toMatch(/remote API answered 502/);
    const [run] = await listProvisioningRuns(service.id);
    expect(run).toMatchObject({ status: "failed", attempt: 1, error: "remote API answered 502" });
    expect(run!.steps.map((s) => [s.seq, s.name, s.status, s.log])).toEqual([
      [1, "allocate", "succeeded", "Allocating for large\nAllocated slot 7"],
      [2, "configure", "failed", "Writing configuration\nFailed: remote API answered 502"],
    ]);
    const [svc] = await billingDb().select().from(services).where(eq(services.id, service.id));
    expect(svc).toMatchObject({ status: "pending", provisioningStatus: "failed" });

    // The retry continues the same run: attempt 2, steps appended, module result stored.
    const ok = await runProvisioning(service.id, "create", { now: clock });
    expect(ok).toMatchObject({ status: "succeeded", attempt: 2 });
    const [again] = await listProvisioningRuns(service.id);
    expect(again).toMatchObject({ status: "succeeded", attempt: 2, error: null });
    expect(again!.steps.map((s) => [s.seq, s.name, s.status])).toEqual([
      [1, "allocate", "succeeded"],
      [2, "configure", "failed"],
      [3, "retry", "succeeded"],
      [4, "allocate", "succeeded"],
      [5, "configure", "succeeded"],
    ]);
    const [done] = await billingDb().select().from(services).where(eq(services.id, service.id));
    expect(done).toMatchObject({ status: "active", provisioningStatus: "succeeded", label: "flaky-7", config: { chosen: "x", remoteId: "r-123" } });
    expect(calls.at(-1)).toMatchObject({ attempt: 2, productConfig: { size: "large" }, serviceConfig: { chosen: "x" }, customerId: "cust-1" });
  });

  it("fails visibly when the product's module is not registered", async () => {
    const service = await makeService("missing-module");
    await expect(runProvisioning(service.id, "create", { now: clock })).rejects.toThrow(/No provisioning module named "missing-module"/);
    const [run] = await listProvisioningRuns(service.id);
    expect(run).toMatchObject({ status: "failed" });
    expect(run!.steps[0]).toMatchObject({ status: "failed", log: expect.stringMatching(/Failed: No provisioning module/) });
  });

  it("suspends, unsuspends and terminates with the service status following", async () => {
    const service = await makeService("flaky");
    failures = 0;
    await runProvisioning(service.id, "create", { now: clock });
    await runProvisioning(service.id, "suspend", { now: clock, reason: "overdue", idempotencyKey: `suspend:${service.id}:inv1` });
    let [svc] = await billingDb().select().from(services).where(eq(services.id, service.id));
    expect(svc).toMatchObject({ status: "suspended", suspensionReason: "overdue" });
    await runProvisioning(service.id, "unsuspend", { now: clock, idempotencyKey: `unsuspend:${service.id}:inv1` });
    [svc] = await billingDb().select().from(services).where(eq(services.id, service.id));
    expect(svc).toMatchObject({ status: "active", suspensionReason: null, suspendedAt: null });
    await runProvisioning(service.id, "terminate", { now: clock });
    [svc] = await billingDb().select().from(services).where(eq(services.id, service.id));
    expect(svc).toMatchObject({ status: "terminated" });
    expect((await listProvisioningRuns(service.id)).map((r) => r.action).sort()).toEqual(["create", "suspend", "terminate", "unsuspend"]);
  });
});

describe("provisioning.run job", () => {
  it("retries a failing module through the job's retries until it succeeds, once per key", async () => {
    const service = await makeService("flaky");
    failures = 2;
    const db = billingDb();
    const a = await enqueueProvisioning(db, { serviceId: service.id, action: "create", key: `create:${service.id}`, runAt: clock() });
    const b = await enqueueProvisioning(db, { serviceId: service.id, action: "create", key: `create:${service.id}`, runAt: clock() });
    expect(b).toBe(a);
    const worker = createWorker({ databases: ["billing"], schedules: false, clock, random: () => 0.5, logger: quietLogger, retryBaseMs: 1000 });
    for (let i = 0; i < 5; i++) {
      await worker.runOnce();
      clock.advance(60_000);
    }
    const [job] = await db.select().from(jobs).where(eq(jobs.id, a));
    expect(job).toMatchObject({ status: "succeeded", attempts: 3 });
    const runs = await db.select().from(provisioningRuns).where(eq(provisioningRuns.serviceId, service.id));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "succeeded", attempt: 3, jobId: a });
    const [svc] = await db.select().from(services).where(eq(services.id, service.id));
    expect(svc!.status).toBe("active");
  });
});
