import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { identityDb } from "@/db/identity/client";
import { rateLimits } from "@/db/identity/schema";
import { AppError } from "@/lib/errors";
import { captureLogger } from "@/lib/jobs/__fixtures__/setup";
import { getJobDefinition, type JobContext } from "@/lib/jobs/define";
import "@/lib/jobs/registry";
import { SCHEDULES } from "@/lib/jobs/schedules";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { restartInstance, setupIdentity } from "./__fixtures__/identity";
import { assertRateLimit, consumeRateLimit, pruneRateLimits, RATE_LIMITS, rateLimitKey } from "./rate-limit";

let temp: TempDatabases;
beforeEach(async () => {
  temp = await setupIdentity();
});
afterEach(() => temp.cleanup());

const rule = { limit: 3, windowMs: 60_000 };
const T0 = new Date("2026-05-01T10:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

describe("consumeRateLimit", () => {
  it("allows `limit` attempts per window, then refuses with the time left", async () => {
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await consumeRateLimit("test:a", rule, at(10_000)));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0, 0]);
    expect(results[0]!.retryAfterMs).toBe(0);
    expect(results[3]!.retryAfterMs).toBe(50_000);
  });

  it("starts over in the next window, and keys are independent", async () => {
    for (let i = 0; i < 3; i++) await consumeRateLimit("test:a", rule, at(0));
    expect((await consumeRateLimit("test:a", rule, at(59_999))).allowed).toBe(false);
    expect((await consumeRateLimit("test:b", rule, at(59_999))).allowed).toBe(true);
    expect(await consumeRateLimit("test:a", rule, at(60_000))).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
  });

  it("holds across app instances: the count lives in the database, not in memory", async () => {
    await consumeRateLimit("test:shared", rule, at(0));
    restartInstance();
    await consumeRateLimit("test:shared", rule, at(1000));
    restartInstance();
    await consumeRateLimit("test:shared", rule, at(2000));
    restartInstance();
    expect((await consumeRateLimit("test:shared", rule, at(3000))).allowed).toBe(false);
    const [row] = await identityDb().select().from(rateLimits);
    expect(row).toMatchObject({ key: "test:shared", count: 4, windowStart: T0, expiresAt: at(60_000) });
  });

  it("never lets concurrent attempts share the last slot", async () => {
    const many = await Promise.all(Array.from({ length: 25 }, () => consumeRateLimit("test:race", { limit: 10, windowMs: 60_000 }, at(0))));
    expect(many.filter((r) => r.allowed)).toHaveLength(10);
  });

  it("refuses a nonsensical rule", async () => {
    await expect(consumeRateLimit("test:x", { limit: 1, windowMs: 0 })).rejects.toThrow();
  });
});

describe("assertRateLimit", () => {
  it("throws RATE_LIMITED with retryAfterMs once over the limit", async () => {
    for (let i = 0; i < 3; i++) await assertRateLimit("test:assert", rule, at(30_000));
    const error = await assertRateLimit("test:assert", rule, at(30_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "RATE_LIMITED", retryAfterMs: 30_000, status: 429 });
    expect((error as AppError).message).toMatch(/try again in 1 minute/);
  });
});

describe("rateLimitKey", () => {
  it("keeps plain identifiers and hashes anything user-typed", () => {
    expect(rateLimitKey("sign-in:ip", "203.0.113.7")).toBe("sign-in:ip:203.0.113.7");
    expect(rateLimitKey("sign-in:ip", "2001:db8::1")).toBe("sign-in:ip:2001:db8::1");
    const key = rateLimitKey("sign-in:email", "someone@example.com");
    expect(key).toMatch(/^sign-in:email:[0-9a-f]{40}$/);
    expect(key).not.toContain("someone");
    expect(rateLimitKey("sign-in:email", "x".repeat(10_000)).length).toBeLessThan(60);
  });

  it("has a rule for every protected action", () => {
    const rules = [
      RATE_LIMITS.signIn.ip,
      RATE_LIMITS.signIn.email,
      RATE_LIMITS.signUp.ip,
      RATE_LIMITS.passwordReset.ip,
      RATE_LIMITS.passwordReset.email,
      RATE_LIMITS.verificationResend.user,
      RATE_LIMITS.apiToken,
    ];
    for (const r of rules) expect(r.limit > 0 && r.windowMs > 0).toBe(true);
    expect(RATE_LIMITS.signIn.email.limit).toBeLessThan(RATE_LIMITS.signIn.ip.limit);
  });
});

describe("pruning", () => {
  it("deletes only finished windows, through the scheduled job", async () => {
    await consumeRateLimit("test:old", rule, at(0));
    await consumeRateLimit("test:current", rule, at(120_000));
    expect(await pruneRateLimits(at(150_000))).toBe(1);
    expect((await identityDb().select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key)).toEqual(["test:current"]);

    const job = getJobDefinition("identity.rate-limits.prune");
    expect(job).toBeDefined();
    const ctx = { now: () => at(10 * 60_000), logger: captureLogger() } as unknown as JobContext;
    await expect(job!.handler(job!.schema.parse({}), ctx)).resolves.toEqual({ deleted: 1 });
    expect(await identityDb().select().from(rateLimits)).toEqual([]);

    expect(SCHEDULES).toContainEqual(
      expect.objectContaining({ name: "identity.rate-limits.prune", type: "identity.rate-limits.prune", database: "identity" }),
    );
  });
});
