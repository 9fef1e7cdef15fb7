import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { identityDb } from "@/db/identity/client";
import { authEvents } from "@/db/identity/schema";
import { createUser, setupIdentity } from "@/lib/security/__fixtures__/identity";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { captureLogger } from "@/lib/jobs/__fixtures__/setup";
import { SCHEDULES } from "@/lib/jobs/schedules";
import { createWorker } from "@/lib/jobs/worker";
import { listAuthEvents, listAuthEventsForUser, recordAuthEvent } from "./events";

let temp: TempDatabases;
beforeEach(async () => {
  temp = await setupIdentity();
});
afterEach(() => temp.cleanup());

const T0 = new Date("2026-05-01T10:00:00.000Z").getTime();

describe("recordAuthEvent", () => {
  it("stores a normalised row", async () => {
    const id = await recordAuthEvent(identityDb(), {
      type: "sign_in_failure",
      reason: "bad_password",
      userId: "u1",
      email: "  Someone@Example.COM ",
      ip: "::ffff:203.0.113.7",
      userAgent: "UA\r\n".padEnd(2000, "x"),
      metadata: { method: "totp" },
    });
    const [row] = await identityDb().select().from(authEvents);
    expect(row).toMatchObject({ id, type: "sign_in_failure", reason: "bad_password", userId: "u1", email: "someone@example.com", ip: "203.0.113.7", metadata: { method: "totp" } });
    expect(row!.userAgent!.length).toBeLessThanOrEqual(512);
    expect(row!.userAgent).not.toMatch(/[\r\n]/);
  });

  it("never keeps a secret: redacts secret-looking metadata and drops a non-email typed into the email box", async () => {
    const password = "hunter2-my-actual-password";
    await recordAuthEvent(identityDb(), {
      type: "sign_in_failure",
      reason: "unknown_email",
      email: password,
      metadata: { password, token: "tok_abc", nested: { recoveryCode: "abcde-fghij", ok: 1 } },
    });
    const [row] = await identityDb().select().from(authEvents);
    expect(row!.email).toBeNull();
    expect(JSON.stringify(row)).not.toContain(password);
    expect(JSON.stringify(row)).not.toContain("tok_abc");
    expect(JSON.stringify(row)).not.toContain("abcde-fghij");
    expect(row!.metadata).toEqual({ password: "[redacted]", token: "[redacted]", nested: { recoveryCode: "[redacted]", ok: 1 } });
  });

  it("keeps reasons machine-readable, bounds metadata, refuses unknown types", async () => {
    await recordAuthEvent(identityDb(), { type: "locked", reason: "<script>alert(1)</script>", metadata: { blob: "x".repeat(10_000) } });
    const [row] = await identityDb().select().from(authEvents);
    expect(row).toMatchObject({ reason: "other", metadata: { truncated: true } });
    await expect(recordAuthEvent(identityDb(), { type: "made_up" as never })).rejects.toThrow();
  });
});

describe("listAuthEventsForUser", () => {
  it("returns only the user's own events, newest first, shaped", async () => {
    const me = await createUser({ password: null });
    const other = await createUser({ password: null });
    for (let i = 0; i < 5; i++) {
      await recordAuthEvent(identityDb(), { type: "sign_in_success", userId: me.id, email: me.email, ip: `203.0.113.${i}`, at: new Date(T0 + i * 1000) });
    }
    await recordAuthEvent(identityDb(), { type: "sign_in_success", userId: other.id, email: other.email, ip: "198.51.100.1" });

    const mine = await listAuthEventsForUser(me.id, { limit: 3 });
    expect(mine.map((e) => e.ip)).toEqual(["203.0.113.4", "203.0.113.3", "203.0.113.2"]);
    expect(Object.keys(mine[0]!).sort()).toEqual(["createdAt", "id", "ip", "reason", "type", "userAgent"]);
    expect(await listAuthEventsForUser(me.id, { limit: 100_000 })).toHaveLength(5);
    expect(await listAuthEventsForUser("nobody")).toEqual([]);
  });
});

describe("listAuthEvents (staff)", () => {
  it("filters and pages through every event exactly once", async () => {
    for (let i = 0; i < 23; i++) {
      await recordAuthEvent(identityDb(), {
        type: i % 2 ? "sign_in_failure" : "sign_in_success",
        email: `u${i % 3}@example.com`,
        ip: "203.0.113.9",
        // Several events share a millisecond: the cursor must still not skip or repeat any.
        at: new Date(T0 + Math.floor(i / 4) * 1000),
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof listAuthEvents>> = await listAuthEvents({ limit: 5, cursor });
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(23);

    const failures = await listAuthEvents({ type: "sign_in_failure", limit: 100 });
    expect(failures.items).toHaveLength(11);
    expect(failures.items.every((e) => e.type === "sign_in_failure")).toBe(true);
    expect((await listAuthEvents({ email: "U1@example.com" })).items).toHaveLength(8);
    expect((await listAuthEvents({ ip: "203.0.113.9", limit: 1 })).nextCursor).not.toBeNull();
    expect((await listAuthEvents({ ip: "not an ip" })).items).toEqual([]);
    expect((await listAuthEvents({ cursor: "garbage!!" })).items).toHaveLength(23);
  });
});

describe("retention", () => {
  it("the daily job deletes sign-in history older than a year and keeps the rest", async () => {
    const user = await createUser();
    const now = new Date(T0);
    const old = await recordAuthEvent(identityDb(), { type: "sign_in_success", userId: user.id, email: user.email, at: new Date(T0 - 366 * 86_400_000) });
    const recent = await recordAuthEvent(identityDb(), { type: "sign_in_success", userId: user.id, email: user.email, at: new Date(T0 - 364 * 86_400_000) });
    const schedule = SCHEDULES.find((s) => s.type === "identity.auth-events.prune");
    expect(schedule).toMatchObject({ database: "identity" });
    await createWorker({ databases: ["identity"], schedules: [schedule!], clock: () => now, logger: captureLogger() }).runOnce();
    const ids = (await identityDb().select({ id: authEvents.id }).from(authEvents)).map((r) => r.id);
    expect(ids).toContain(recent);
    expect(ids).not.toContain(old);
  });
});
