import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { seedSupport } from "@/db/seed/support";
import { supportDb } from "@/db/support/client";
import { auditLog, departments, slaTargets } from "@/db/support/schema";
import { vpnDb } from "@/db/vpn/client";
import { serverHealthSamples, servers } from "@/db/vpn/schema";
import { resetEnvCache } from "@/lib/env";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { saveAnnouncement, saveDepartment, saveMaintenanceWindow } from "./settings";
import { getCustomerNotices, getStatusPage, windowState } from "./status";
import { slaTargetFor } from "./sla";

let temp: TempDatabases;
const staff = { id: "staff-1", email: "agent@skyport.test" };
const NOW = new Date();
const H = 3_600_000;
const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);

beforeAll(async () => {
  process.env.AUTH_SECRET = "support-test-secret-support-test-secret-0123";
  process.env.ENCRYPTION_KEY = "b".repeat(64);
  resetEnvCache();
  temp = await useTempDatabases();
  await seedSupport();
  const [fra] = await vpnDb()
    .insert(servers)
    .values({ slug: "de-fra", name: "Frankfurt", countryCode: "DE", city: "Frankfurt", endpointHost: "fra.example.test", publicKey: `${"F".repeat(43)}=`, lastSeenAt: new Date(NOW.getTime() - 10_000) })
    .returning({ id: servers.id });
  await vpnDb()
    .insert(servers)
    .values({ slug: "nl-ams", name: "Amsterdam", countryCode: "NL", city: "Amsterdam", endpointHost: "ams.example.test", publicKey: `${"A".repeat(43)}=`, lastSeenAt: new Date(NOW.getTime() - 3 * H) });
  await vpnDb()
    .insert(serverHealthSamples)
    .values([true, true, true, false].map((online, i) => ({ serverId: fra!.id, online, sampledAt: new Date(NOW.getTime() - (i + 1) * H) })));
});
afterAll(() => temp.cleanup());

describe("status page", () => {
  it("shows live health with 24 h uptime, maintenance now and ahead, history, and public announcements only", async () => {
    await saveMaintenanceWindow(staff, null, { title: "Amsterdam rack move", type: "emergency", affects: "vpn:nl-ams", startsAt: local(NOW.getTime() - H), endsAt: local(NOW.getTime() + H) });
    await saveMaintenanceWindow(staff, null, { title: "Core router upgrade", type: "planned", affects: "vpn:*, hosting:*", startsAt: local(NOW.getTime() + 24 * H), endsAt: local(NOW.getTime() + 26 * H) });
    await saveMaintenanceWindow(staff, null, { title: "Past outage", type: "emergency", affects: "*", startsAt: local(NOW.getTime() - 72 * H), endsAt: local(NOW.getTime() - 70 * H) });
    await saveAnnouncement(staff, null, { title: "New location: Oslo", bodyMarkdown: "Now **live**.", audience: "everyone", published: "on" });
    await saveAnnouncement(staff, null, { title: "Price change for customers", bodyMarkdown: "From next month.", audience: "customers", published: "on" });
    await saveAnnouncement(staff, null, { title: "Draft", bodyMarkdown: "x", audience: "everyone" });

    const page = await getStatusPage(NOW);
    const fra = page.locations.find((l) => l.slug === "de-fra")!;
    const ams = page.locations.find((l) => l.slug === "nl-ams")!;
    expect(fra).toMatchObject({ status: "online", uptimePermille: 750 });
    expect(ams).toMatchObject({ status: "maintenance", maintenance: { title: "Amsterdam rack move" } });
    expect(page.maintenance.map((w) => [w.title, w.state])).toEqual([
      ["Amsterdam rack move", "in_progress"],
      ["Core router upgrade", "scheduled"],
    ]);
    expect(page.history.map((w) => w.title)).toEqual(["Past outage"]);
    expect(page.announcements.map((a) => a.title)).toEqual(["New location: Oslo"]);
    expect(page.announcements[0]!.html).toContain("<strong>live</strong>");
    expect(page.overall).toBe("maintenance");

    const notices = await getCustomerNotices(NOW);
    expect(notices.announcements.map((a) => a.title).sort()).toEqual(["New location: Oslo", "Price change for customers"]);
    expect(notices.maintenance).toHaveLength(2);
    expect(await supportDb().select().from(auditLog).where(eq(auditLog.action, "maintenance.create"))).toHaveLength(3);
  });

  it("refuses a window that ends before it starts, and follows the clock", async () => {
    await expect(saveMaintenanceWindow(staff, null, { title: "Backwards", type: "planned", startsAt: local(NOW.getTime()), endsAt: local(NOW.getTime() - H) })).rejects.toMatchObject({ code: "VALIDATION" });
    const w = { status: "scheduled", startsAt: new Date(1000), endsAt: new Date(2000) };
    expect([windowState(w, new Date(500)), windowState(w, new Date(1500)), windowState(w, new Date(2500))]).toEqual(["scheduled", "in_progress", "completed"]);
    expect(windowState({ ...w, status: "cancelled" }, new Date(1500))).toBe("cancelled");
  });
});

describe("departments", () => {
  it("saves SLA targets per priority (audited) and falls back to the department default", async () => {
    const [billing] = await supportDb().select().from(departments).where(eq(departments.slug, "billing"));
    await saveDepartment(staff, billing!.id, { name: "Billing", slug: "billing", firstResponseMinutes: "600", resolutionMinutes: "", active: "on", first_urgent: "30", resolution_urgent: "240" });
    expect(await slaTargetFor(supportDb(), billing!.id, "urgent")).toEqual({ firstResponseMinutes: 30, resolutionMinutes: 240 });
    expect(await slaTargetFor(supportDb(), billing!.id, "normal")).toEqual({ firstResponseMinutes: 600, resolutionMinutes: null });
    expect(await supportDb().select().from(slaTargets).where(eq(slaTargets.departmentId, billing!.id))).toHaveLength(1);
    await expect(saveDepartment(staff, null, { name: "Dup", slug: "billing" })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { slug: [expect.any(String)] } });
    expect(await supportDb().select().from(auditLog).where(eq(auditLog.action, "department.update"))).toHaveLength(1);
  });
});
