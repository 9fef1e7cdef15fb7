import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { AppError } from "@/lib/errors";
import { jobs, jobsDatabase } from "@/lib/jobs/tables";
import { auditLog } from "./definitions/system";
import { deadLetterJobAsStaff, parseJobRef, retryJobAsStaff } from "./jobs-admin";
import { forEachSelected } from "./bulk";

let temp: TempDatabases;
const staff = { id: "staff-1", email: "ops@example.test", ip: "203.0.113.9" };

beforeAll(async () => {
  process.env.AUTH_SECRET ??= "x".repeat(40);
  process.env.ENCRYPTION_KEY ??= "a".repeat(64);
  temp = await useTempDatabases();
});
afterAll(() => temp?.cleanup());

async function job(database: "billing" | "vpn", status: "queued" | "dead" | "succeeded" | "failed") {
  const [row] = await jobsDatabase(database).insert(jobs).values({ type: "test.job", payload: { token: "s3cret" }, status, attempts: 8, lastError: "boom" }).returning({ id: jobs.id });
  return `${database}:${row!.id}`;
}

const auditOf = (database: "billing" | "vpn", id: string) => jobsDatabase(database).select().from(auditLog).where(eq(auditLog.entityId, id));

describe("staff actions on jobs", () => {
  it("retries a dead job in its own database, auditing old and new state in the same database", async () => {
    const ref = await job("vpn", "dead");
    const { id } = parseJobRef(ref);
    await retryJobAsStaff(staff, ref);
    const [row] = await jobsDatabase("vpn").select().from(jobs).where(eq(jobs.id, id));
    expect(row).toMatchObject({ status: "queued", attempts: 0 });
    const audit = await auditOf("vpn", id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "job.retry", actorId: "staff-1", actorEmail: "ops@example.test", ip: "203.0.113.9", before: { status: "dead", attempts: 8, lastError: "boom" }, after: { status: "queued", attempts: 0 } });
    // The job's payload (which may hold tokens) is not copied into the audit row.
    expect(JSON.stringify(audit[0])).not.toContain("s3cret");
  });

  it("dead-letters a queued job, and refuses (changing nothing, auditing nothing) what is not in a fitting state", async () => {
    const ref = await job("billing", "queued");
    await deadLetterJobAsStaff(staff, ref);
    const { id } = parseJobRef(ref);
    expect((await jobsDatabase("billing").select({ status: jobs.status }).from(jobs).where(eq(jobs.id, id)))[0]!.status).toBe("dead");
    expect((await auditOf("billing", id)).map((a) => a.action)).toEqual(["job.dead_letter"]);

    const done = await job("billing", "succeeded");
    await expect(retryJobAsStaff(staff, done)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(deadLetterJobAsStaff(staff, done)).rejects.toBeInstanceOf(AppError);
    expect(await auditOf("billing", parseJobRef(done).id)).toEqual([]);
  });

  it("counts skipped rows in a bulk run and refuses malformed job references", async () => {
    const ok = await job("billing", "failed");
    const skipped = await job("billing", "succeeded");
    const outcome = await forEachSelected([ok, skipped], (ref) => retryJobAsStaff(staff, ref), (n) => `${n} retried.`);
    expect(outcome).toEqual({ count: 1, skipped: 1, message: "1 retried. 1 skipped (not in a state that allows it)." });
    expect(() => parseJobRef("nowhere:00000000-0000-7000-8000-000000000000")).toThrow();
    expect(() => parseJobRef("billing:' or 1=1 --")).toThrow();
  });
});
