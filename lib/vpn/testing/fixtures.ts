/** Test-only fixtures for the VPN domain: temp databases with the env a test needs, servers and plans. */
import { randomBytes } from "node:crypto";
import { newId } from "@/db/columns";
import { vpnDb } from "@/db/vpn/client";
import { servers, vipList } from "@/db/vpn/schema";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { activateEntitlement } from "../entitlements";
import { generateKeyPair } from "../keys";

export async function setupVpnTest(): Promise<TempDatabases> {
  process.env.AUTH_SECRET ??= "vpn-test-secret-".padEnd(40, "x");
  process.env.ENCRYPTION_KEY ??= "5a".repeat(32);
  return useTempDatabases();
}

let serverCounter = 0;

export async function createServer(overrides: Partial<typeof servers.$inferInsert> = {}) {
  serverCounter += 1;
  const [row] = await vpnDb()
    .insert(servers)
    .values({
      slug: `test-${serverCounter}-${randomBytes(3).toString("hex")}`,
      name: `Test ${serverCounter}`,
      countryCode: "DE",
      city: "Testville",
      endpointHost: `vpn${serverCounter}.skyport.test`,
      endpointPort: 51820,
      publicKey: generateKeyPair().publicKey,
      sortOrder: serverCounter,
      ...overrides,
    })
    .returning();
  return row!;
}

export async function addVip(email: string) {
  await vpnDb().insert(vipList).values({ email: email.toLowerCase() }).onConflictDoNothing();
}

/** A user with an active VPN plan; returns ids and the provisioning context used. */
export async function customerWithPlan(config: { deviceLimit?: number; vipAccess?: boolean; email?: string } = {}) {
  const userId = newId();
  const serviceId = newId();
  const email = config.email ?? `user-${userId.slice(-8)}@example.test`;
  const ctx = { serviceId, userId, email, config: { deviceLimit: config.deviceLimit ?? 3, vipAccess: config.vipAccess ?? false } };
  await activateEntitlement(ctx);
  return { userId, serviceId, email, ctx };
}

export const browserKey = () => generateKeyPair();
