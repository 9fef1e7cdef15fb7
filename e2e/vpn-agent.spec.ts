/**
 * What staff see when a location's agent misbehaves, with the shipped agent (`npm run vpn-agent -- --once`, as an
 * operator's health check runs it) against the app and a real wireguard-go interface in a network namespace:
 * a location whose agent never called, an agent still using a replaced token (refused, nothing applied, the
 * rejected contact on the page), an agent gone silent (offline, for how long), and a location disabled while its
 * agent runs (the agent is told and carries no peers; the page says why).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { queryDb, signInAsAdmin, signUp, uniqueEmail } from "./support/identity";
import { expect, newPersonPage, test } from "./support/test";
import { createLocation, grantVpnPlan, issueAgentToken } from "./support/vpn";
import { inNs, isRoot, peersOf, requireWireGuardLab, runAgentOnce, WgLab, wgKeyPair } from "./support/wireguard";

test.describe("VPN agent failures, as staff see them", () => {
  test.describe.configure({ timeout: 120_000 });
  // Never skipped: the agent drives a real WireGuard interface, which needs root (CI runs as root).
  test.beforeAll(() => {
    if (!isRoot()) throw new Error("The agent tests drive WireGuard in a network namespace: run the suite as root (CI does).");
  });

  const lab = new WgLab();
  let dir = "";

  test.afterAll(async () => {
    await lab.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("a silent agent, a replaced token and a disabled location are each shown on the location's page", async ({ page, browser, baseURL }) => {
    requireWireGuardLab();
    dir = mkdtempSync(path.join(os.tmpdir(), "skyport-e2e-agent-"));
    const ns = lab.addNamespace("voag");
    const ifname = await lab.addWireGuard(ns, "voag");
    const serverKeys = wgKeyPair();
    writeFileSync(path.join(dir, "server.key"), serverKeys.privateKey, { mode: 0o600 });
    inNs(ns, "wg", ["set", ifname, "private-key", path.join(dir, "server.key"), "listen-port", "51820"]);
    const agent = (token: string) => {
      const tokenFile = path.join(dir, `token-${token.slice(-6)}`);
      writeFileSync(tokenFile, token, { mode: 0o600 });
      return runAgentOnce(lab, { url: baseURL!, tokenFile, ifname, netns: ns });
    };

    // A customer with a device, so the location has a peer to carry.
    const admin = await newPersonPage(browser);
    await signInAsAdmin(admin);
    const email = uniqueEmail("vpn-agent-ops");
    await signUp(page, email, "correct horse battery staple");
    await grantVpnPlan(admin, email, 1, "e2e agent");
    await page.goto("/portal/devices");
    await expect(page.getByTestId("new-public-key")).not.toBeEmpty();
    const publicKey = (await page.getByTestId("new-public-key").textContent())!.trim();
    await page.getByLabel("Device name").fill("Agent test phone");
    await page.getByRole("button", { name: "Add device" }).click();
    await expect(page.getByTestId("device-name").filter({ hasText: "Agent test phone" })).toBeVisible();

    const slug = `ops-${Date.now().toString(36)}`;
    const serverId = await createLocation(admin, { slug, name: `Ops ${slug}`, endpointHost: "192.0.2.1", endpointPort: 51820, publicKey: serverKeys.publicKey });
    const state = admin.getByTestId("agent-state");
    const status = admin.getByTestId("server-status");
    await expect(state).toContainText("The agent has not contacted the control plane yet");
    await expect(status).toHaveText("Offline");

    // The agent with its token: peers applied, the location online, no warning.
    const first = await issueAgentToken(admin);
    const ok = await agent(first);
    expect(ok.code, ok.output).toBe(0);
    expect(peersOf(ns, ifname)).toContain(publicKey);
    await admin.reload();
    await expect(status).toHaveText("Online");
    await expect(state).toBeEmpty();
    await expect(admin.getByRole("region", { name: /Peers it carries/ })).toContainText(publicKey);
    await expect(admin.getByRole("region", { name: "Health history" })).not.toContainText("No reports yet");

    // Staff rotate the token but the agent keeps the old one: refused, it says so and exits non-zero, the
    // interface keeps its peers, and the page shows the rejected contacts.
    await issueAgentToken(admin);
    const refused = await agent(first);
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toContain("401");
    expect(refused.output).toContain("revoked or replaced");
    expect(refused.output).toContain("nothing applied");
    expect(peersOf(ns, ifname)).toContain(publicKey);
    await admin.reload();
    await expect(state).toContainText("An agent is using a revoked or replaced token");
    await expect(state).toContainText("Refused 2 times"); // the tick's fetch and its report

    // Ten minutes without a word from the agent (its last contact aged in the database, as a clock would):
    // offline, and for how long.
    await queryDb(
      "vpn",
      "update agent_sync_state set last_report_at = last_report_at - 600000, last_fetch_at = last_fetch_at - 600000, acked_at = acked_at - 600000 where server_id = ?",
      [serverId],
    );
    await queryDb("vpn", "update servers set last_seen_at = last_seen_at - 600000 where id = ?", [serverId]);
    await admin.reload();
    await expect(status).toHaveText("Offline");
    await expect(state).toContainText("No contact from the agent for 10 min");

    // Disabled while the agent runs: the agent (with the current token) is told, and the location carries no one.
    await admin.getByRole("checkbox", { name: "Active" }).uncheck();
    await admin.getByRole("button", { name: "Save location" }).click();
    await expect(admin.getByText("Location saved")).toBeVisible();
    await expect(status).toHaveText("Inactive");
    const current = await issueAgentToken(admin);
    const disabled = await agent(current);
    expect(disabled.code, disabled.output).toBe(0);
    expect(disabled.output).toContain("this server disabled: it carries no peers");
    expect(peersOf(ns, ifname)).toEqual([]);
    await admin.reload();
    await expect(state).toContainText("This location is inactive");
    await expect(state).not.toContainText("No contact from the agent");
    await admin.close();
  });
});
