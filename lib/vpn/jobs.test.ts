import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vpnDb } from "@/db/vpn/client";
import { entitlements, serverHealthSamples } from "@/db/vpn/schema";
import { confirmEmailChange, requestEmailChange } from "@/lib/auth/accounts";
import { captureLogger } from "@/lib/jobs/__fixtures__/setup";
import { SCHEDULES } from "@/lib/jobs/schedules";
import { createWorker } from "@/lib/jobs/worker";
import { createUser, ctx, linkToken, outbox, PASSWORD } from "@/lib/security/__fixtures__/identity";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { activateEntitlement, getEntitlementSummary } from "./entitlements";
import { addVip, createServer, setupVpnTest } from "./testing/fixtures";

let temp: TempDatabases;
beforeAll(async () => {
  process.env.APP_URL ??= "https://skyport.test";
  temp = await setupVpnTest();
});
afterAll(() => temp.cleanup());

const worker = (databases: Array<"identity" | "vpn">, now?: Date) =>
  createWorker({ databases, schedules: false, logger: captureLogger(), ...(now ? { clock: () => now } : {}) });

describe("VPN follow-up jobs", () => {
  it("an email change reaches the VPN's VIP rule through the identity queue", async () => {
    const user = await createUser({ email: "plain@example.com" });
    await activateEntitlement({ serviceId: "svc-email-sync", userId: user.id, email: user.email, config: { deviceLimit: 3, vipAccess: false } });
    await addVip("vip@example.com");
    expect((await getEntitlementSummary(user.id)).vipAccess).toBe(false);

    await requestEmailChange(user.id, { newEmail: "VIP@example.com", password: PASSWORD }, ctx());
    const token = linkToken((await outbox()).find((m) => m.toAddress === "vip@example.com")!.text, "/verify");
    await confirmEmailChange(token);

    const stats = await worker(["identity"]).runOnce();
    expect(stats.succeeded).toBeGreaterThanOrEqual(1);
    const [row] = await vpnDb().select({ email: entitlements.email }).from(entitlements).where(eq(entitlements.userId, user.id));
    expect(row!.email).toBe("vip@example.com");
    expect((await getEntitlementSummary(user.id)).vipAccess).toBe(true);
  });

  it("prunes health samples older than 30 days, daily", async () => {
    const server = await createServer();
    const now = new Date("2026-11-22T04:23:00.000Z");
    const day = 24 * 60 * 60_000;
    await vpnDb()
      .insert(serverHealthSamples)
      .values([
        { serverId: server.id, online: true, sampledAt: new Date(now.getTime() - 31 * day) },
        { serverId: server.id, online: true, sampledAt: new Date(now.getTime() - 29 * day) },
      ]);
    const schedule = SCHEDULES.find((s) => s.type === "vpn.health-samples.prune");
    expect(schedule).toMatchObject({ database: "vpn" });
    await createWorker({ databases: ["vpn"], schedules: [schedule!], clock: () => now, logger: captureLogger() }).runOnce();
    const left = await vpnDb().select({ sampledAt: serverHealthSamples.sampledAt }).from(serverHealthSamples).where(eq(serverHealthSamples.serverId, server.id));
    expect(left.map((r) => r.sampledAt.getTime())).toEqual([now.getTime() - 29 * day]);
  });
});
