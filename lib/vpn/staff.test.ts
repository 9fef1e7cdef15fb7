import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import { vpnDb } from "@/db/vpn/client";
import { auditLog, entitlements } from "@/db/vpn/schema";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { addDevice } from "./devices";
import { getEntitlementSummary } from "./entitlements";
import { entitlementsForUser, grantServiceId, grantVipPlan, searchDevicesAdmin, setVpnAccessSuspended } from "./staff";
import { addVip, browserKey, setupVpnTest } from "./testing/fixtures";

let temp: TempDatabases;
const staff = { id: "staff-1", email: "ops@skyport.test" };

async function user(email: string) {
  const [row] = await identityDb().insert(users).values({ email, emailVerified: new Date() }).returning({ id: users.id });
  return row!.id;
}

beforeAll(async () => {
  temp = await setupVpnTest();
});
afterAll(() => temp?.cleanup());

describe("staff VPN operations", () => {
  it("grants a plan without payment only to VIP emails, audited, and granting again changes the limit", async () => {
    const userId = await user("vip-grant@example.test");
    await expect(grantVipPlan(staff, "vip-grant@example.test", 3)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(grantVipPlan(staff, "nobody@example.test", 3)).rejects.toMatchObject({ code: "NOT_FOUND" });

    await addVip("vip-grant@example.test");
    await grantVipPlan(staff, "VIP-Grant@example.test", 3);
    expect(await getEntitlementSummary(userId)).toMatchObject({ status: "active", deviceLimit: 3, vipAccess: true });
    await grantVipPlan(staff, "vip-grant@example.test", 5);
    const rows = await entitlementsForUser(userId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ serviceId: grantServiceId(userId), deviceLimit: 5, grantedBy: staff.id });
    const audits = await vpnDb().select().from(auditLog).where(eq(auditLog.entityId, rows[0]!.id));
    expect(audits.map((a) => a.action)).toContain("vpn.entitlement.activate");
  });

  it("suspends and restores all of a customer's access; a customer without a plan gets a clear error", async () => {
    const userId = await user("suspend-me@example.test");
    await addVip("suspend-me@example.test");
    await grantVipPlan(staff, "suspend-me@example.test", 2);
    expect((await setVpnAccessSuspended(staff, "suspend-me@example.test", true)).changed).toBe(1);
    expect((await setVpnAccessSuspended(staff, "suspend-me@example.test", true)).changed).toBe(0);
    expect((await vpnDb().select().from(entitlements).where(eq(entitlements.userId, userId)))[0]!.status).toBe("suspended");
    expect((await setVpnAccessSuspended(staff, "suspend-me@example.test", false)).changed).toBe(1);
    expect((await getEntitlementSummary(userId)).status).toBe("active");

    await user("no-plan@example.test");
    await expect(setVpnAccessSuspended(staff, "no-plan@example.test", true)).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("finds devices by name, public key or owner email, treating LIKE wildcards literally", async () => {
    const userId = await user("finder@example.test");
    await addVip("finder@example.test");
    await grantVipPlan(staff, "finder@example.test", 3);
    const key = browserKey();
    await addDevice(userId, { name: "Finder 100% laptop", keyMode: "browser", publicKey: key.publicKey }, { email: "finder@example.test" });

    expect((await searchDevicesAdmin("100%")).map((d) => d.name)).toEqual(["Finder 100% laptop"]);
    expect((await searchDevicesAdmin(key.publicKey.slice(0, 12)))[0]).toMatchObject({ userId, email: "finder@example.test" });
    expect((await searchDevicesAdmin("finder@example")).map((d) => d.name)).toContain("Finder 100% laptop");
    expect(await searchDevicesAdmin("_%_nothing")).toEqual([]);
  });
});
