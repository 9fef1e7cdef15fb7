/**
 * VPN notices go through the vpn database's outbox: queued in the transaction of the change, delivered at once
 * when ops is available and by the `vpn.notice` job otherwise, one feed row and one email per event however many
 * times delivery runs.
 */
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/db/columns";
import { opsDb } from "@/db/ops/client";
import { emailOutbox, notifications } from "@/db/ops/schema";
import { vpnDb } from "@/db/vpn/client";
import { jobs } from "@/db/vpn/schema";
import { captureLogger } from "@/lib/jobs/__fixtures__/setup";
import { createWorker } from "@/lib/jobs/worker";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import { addDevice, listDevices } from "./devices";
import { vpnNoticeJob } from "./notify";
import { vpnProvisioningModule as vpn } from "./provisioning-module";
import { setVpnAccessSuspended } from "./staff";
import { addVip, browserKey, customerWithPlan, setupVpnTest } from "./testing/fixtures";

let temp: TempDatabases;
beforeAll(async () => {
  process.env.APP_URL ??= "https://skyport.test";
  // Short, so a locked ops database fails the immediate delivery quickly.
  process.env.DATABASE_BUSY_TIMEOUT_MS = "300";
  temp = await setupVpnTest();
});
afterAll(() => temp.cleanup());

const add = (userId: string, email: string, name: string) => addDevice(userId, { name, keyMode: "browser", publicKey: browserKey().publicKey }, { email });
const feed = (userId: string, kind: string) => opsDb().select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));
const mails = (email: string, template: string) => opsDb().select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, email), eq(emailOutbox.template, template)));
const noticeJobs = (kind: string) => vpnDb().select().from(jobs).where(and(eq(jobs.type, "vpn.notice"), like(jobs.uniqueKey, `${kind}:%`)));
const drainVpnQueue = () => createWorker({ databases: ["vpn"], schedules: false, logger: captureLogger() }).runOnce();

/**
 * A write transaction on ops that stays open until released: other ops writes wait for it, give up after the busy
 * timeout, and fail — ops is unavailable, as when another process holds it or the database is down.
 */
async function lockOps(): Promise<{ release: () => Promise<void> }> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let started!: () => void;
  const begun = new Promise<void>((resolve) => (started = resolve));
  const done = opsDb().transaction(async (tx) => {
    await tx.insert(notifications).values({ userId: "lock", kind: "lock", title: "lock" });
    started();
    await held;
    tx.rollback();
  }).catch(() => {});
  await begun;
  return {
    release: async () => {
      release();
      await done;
    },
  };
}

describe("VPN notices through the outbox", () => {
  it("a lowered limit queues its notice with the change and delivers it once, however often delivery runs", async () => {
    const { userId, email, ctx } = await customerWithPlan({ deviceLimit: 3 });
    for (const name of ["one", "two", "three"]) await add(userId, email, name);

    await vpn.changePackage({ ...ctx, config: { deviceLimit: 1, vipAccess: false } });
    const [job] = await noticeJobs("vpn.devices_disabled");
    expect(job).toBeDefined();
    expect(await feed(userId, "vpn.devices_disabled")).toHaveLength(1);
    expect(await mails(email, "vpn.devices_disabled")).toHaveLength(1);

    // The job runs (after the immediate delivery), and runs again (at-least-once delivery): nothing new.
    expect((await drainVpnQueue()).succeeded).toBeGreaterThanOrEqual(1);
    await vpnNoticeJob.handler(vpnNoticeJob.schema.parse(job!.payload), {} as never);
    // Billing re-delivers the plan change: no change, so no second notice queued.
    expect(await vpn.changePackage({ ...ctx, config: { deviceLimit: 1, vipAccess: false } })).toEqual({ changed: false });
    expect(await noticeJobs("vpn.devices_disabled")).toHaveLength(1);
    expect(await feed(userId, "vpn.devices_disabled")).toHaveLength(1);
    expect(await mails(email, "vpn.devices_disabled")).toHaveLength(1);
  });

  it("when ops cannot be written at the moment of the change, the change stands and the job delivers the notice later, once", async () => {
    const { userId, email, ctx } = await customerWithPlan({ deviceLimit: 2 });
    await add(userId, email, "phone");
    await add(userId, email, "laptop");

    const lock = await lockOps();
    try {
      await vpn.changePackage({ ...ctx, config: { deviceLimit: 1, vipAccess: false } });
    } finally {
      await lock.release();
    }
    // The devices changed; the notice waits in the vpn outbox.
    expect((await listDevices(userId)).map((d) => [d.name, d.status])).toEqual([
      ["laptop", "disabled"],
      ["phone", "active"],
    ]);
    expect(await feed(userId, "vpn.devices_disabled")).toHaveLength(0);
    expect(await mails(email, "vpn.devices_disabled")).toHaveLength(0);

    await drainVpnQueue();
    await drainVpnQueue();
    const [job] = (await noticeJobs("vpn.devices_disabled")).filter((j) => (j.payload as { userId: string }).userId === userId);
    await vpnNoticeJob.handler(vpnNoticeJob.schema.parse(job!.payload), {} as never);
    const rows = await feed(userId, "vpn.devices_disabled");
    expect(rows).toHaveLength(1);
    expect(rows[0]!.title).toBe("1 device was disabled by your plan change");
    const sent = await mails(email, "vpn.devices_disabled");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe("1 device was disabled by your plan change");
  });

  it("a device added while ops is locked is still announced, once", async () => {
    const { userId, email } = await customerWithPlan();
    const lock = await lockOps();
    try {
      await add(userId, email, "tablet");
    } finally {
      await lock.release();
    }
    expect(await feed(userId, "vpn.device_added")).toHaveLength(0);
    await drainVpnQueue();
    await drainVpnQueue();
    expect((await feed(userId, "vpn.device_added")).map((n) => n.title)).toEqual(["New VPN device: tablet"]);
    expect(await mails(email, "vpn.device_added")).toHaveLength(1);
  });

  it("staff suspending a customer's VPN access tells them once, and lifting it too; billing's suspensions add nothing here", async () => {
    const email = "suspended-by-staff@example.test";
    const [user] = await identityDb().insert(users).values({ email, emailVerified: new Date() }).returning({ id: users.id });
    await addVip(email);
    const staffCtx = { serviceId: newId(), userId: user!.id, email, config: { deviceLimit: 2, vipAccess: false } };
    await vpn.activate(staffCtx);
    const staff = { id: "staff-1", email: "ops@skyport.test" };

    await setVpnAccessSuspended(staff, email, true);
    await setVpnAccessSuspended(staff, email, true); // already suspended: no change, no notice
    await drainVpnQueue();
    expect((await feed(user!.id, "vpn.access_suspended")).map((n) => n.title)).toEqual(["Your VPN access is suspended"]);
    expect(await mails(email, "vpn.access_suspended")).toHaveLength(1);

    await setVpnAccessSuspended(staff, email, false);
    await drainVpnQueue();
    expect(await feed(user!.id, "vpn.access_restored")).toHaveLength(1);
    expect(await mails(email, "vpn.access_restored")).toHaveLength(1);

    // Billing suspends through the provisioning module; dunning writes its own email, so the VPN module stays quiet.
    await vpn.suspend(staffCtx);
    expect(await feed(user!.id, "vpn.access_suspended")).toHaveLength(1);
  });
});
