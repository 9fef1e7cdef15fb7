/** The notice feed returns only the asking user's rows, newest first, capped by the limit. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opsDb } from "@/db/ops/client";
import { notifications } from "@/db/ops/schema";
import { resetEnvCache } from "@/lib/env";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { listNotifications } from "./queries";

let temp: TempDatabases;

beforeAll(async () => {
  process.env.AUTH_SECRET = "test-auth-secret-that-is-long-enough-0123456789";
  process.env.ENCRYPTION_KEY = "33".repeat(32);
  resetEnvCache();
  temp = await useTempDatabases();
});

afterAll(() => temp?.cleanup());

describe("listNotifications", () => {
  it("returns only that user's notices, newest first, up to the limit", async () => {
    const base = Date.UTC(2026, 0, 1);
    const row = (userId: string, title: string, minutes: number) => ({
      userId,
      kind: "vpn.device_added",
      title,
      body: `${title} body`,
      link: "/portal/devices",
      createdAt: new Date(base + minutes * 60_000),
    });
    await opsDb()
      .insert(notifications)
      .values([row("user-a", "A old", 1), row("user-b", "B newest", 10), row("user-a", "A newest", 5), row("user-a", "A middle", 3)]);

    const mine = await listNotifications("user-a", { limit: 10 });
    expect(mine.map((n) => n.title)).toEqual(["A newest", "A middle", "A old"]);
    expect(mine[0]).toMatchObject({ kind: "vpn.device_added", body: "A newest body", link: "/portal/devices", readAt: null });
    expect(mine[0]!.createdAt).toEqual(new Date(base + 5 * 60_000));

    expect((await listNotifications("user-a", { limit: 2 })).map((n) => n.title)).toEqual(["A newest", "A middle"]);
    expect((await listNotifications("user-b", { limit: 10 })).map((n) => n.title)).toEqual(["B newest"]);
    expect(await listNotifications("nobody", { limit: 10 })).toEqual([]);
  });
});
