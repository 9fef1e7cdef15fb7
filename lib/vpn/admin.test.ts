import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vpnDb } from "@/db/vpn/client";
import { auditLog } from "@/db/vpn/schema";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { createServer, listServersAdmin, pruneHealthSamples, serverHealthHistory, updateServer } from "./admin";
import { ingestReport, issueAgentToken } from "./agent-api";
import { generateKeyPair } from "./keys";
import { setupVpnTest } from "./testing/fixtures";

let temp: TempDatabases;
const staff = { id: "staff-1", email: "ops@skyport.test" };
beforeAll(async () => {
  temp = await setupVpnTest();
});
afterAll(() => temp?.cleanup());

describe("admin: locations", () => {
  it("creates, validates, updates (bumping the serial when who it carries changes) and lists with sync state", async () => {
    const publicKey = generateKeyPair().publicKey;
    const input = { slug: "DE-fra", name: "Frankfurt", countryCode: "de", city: "Frankfurt", endpointHost: "2001:db8::1", publicKey, monthlyCost: 583, monthlyCostCurrency: "eur" };
    const server = await createServer(staff, input);
    expect(server).toMatchObject({ slug: "de-fra", countryCode: "DE", endpointPort: 51820, accessLevel: "public", monthlyCostCurrency: "EUR" });
    await expect(createServer(staff, { ...input, publicKey: generateKeyPair().publicKey })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { slug: expect.any(Array) } });
    await expect(createServer(staff, { ...input, slug: "other" })).rejects.toMatchObject({ fieldErrors: { publicKey: expect.any(Array) } });
    await expect(createServer(staff, { ...input, slug: "bad slug", publicKey: "x", endpointHost: "a b\nc" })).rejects.toMatchObject({
      fieldErrors: { slug: expect.any(Array), publicKey: ["This isn't a valid WireGuard public key"], endpointHost: expect.any(Array) },
    });

    const renamed = await updateServer(staff, server.id, { name: "Frankfurt am Main" });
    expect(renamed.configSerial).toBe(server.configSerial);
    const vip = await updateServer(staff, server.id, { accessLevel: "vip" });
    expect(vip.configSerial).toBe(server.configSerial + 1);
    await expect(updateServer(staff, "nope", { name: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });

    await issueAgentToken(staff, server.id);
    await ingestReport(server.id, { dump: `(hidden)\t${publicKey}\t51820\toff\n`, agentVersion: "1.0.0" });
    const [listed] = await listServersAdmin();
    expect(listed).toMatchObject({ slug: "de-fra", status: "online", hasAgentToken: true, sync: { agentVersion: "1.0.0" } });
    expect(listed).not.toHaveProperty("agentTokenHash");
    expect(await serverHealthHistory(server.id)).toHaveLength(1);
    expect(await pruneHealthSamples(new Date(Date.now() - 86_400_000))).toBe(0);
    expect(await pruneHealthSamples(new Date(Date.now() + 1000))).toBe(1);
    const actions = (await vpnDb().select().from(auditLog).where(eq(auditLog.entityId, server.id))).map((a) => a.action);
    expect(actions).toEqual(["vpn.server.create", "vpn.server.update", "vpn.server.update", "vpn.server.agent_token_issue"]);
  });
});
