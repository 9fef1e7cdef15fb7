/**
 * The VPN product in the browser: bad input on the devices page, and the real thing — a customer's config made in
 * the browser brings up a WireGuard tunnel (namespaces + wireguard-go, the shipped agent) for a plan bought by card,
 * suspending the service in billing takes the peer away within one agent interval, unsuspending lets traffic flow.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { queryDb, signInAsAdmin, signUp, uniqueEmail } from "./support/identity";
import { payAtStripe, signUpVerified } from "./support/payments";
import { expect, newPersonPage, test } from "./support/test";
import { createLocation, grantVpnPlan, issueAgentToken } from "./support/vpn";
import { canPing, inNs, isRoot, peersOf, requireWireGuardLab, sh, startAgent, until, WgLab, wgKeyPair } from "./support/wireguard";

const PASSWORD = "correct horse battery staple";
const SERVER_TUNNEL_ADDRESS = "100.96.0.1"; // the seeded pool 100.96.0.0/16: servers take offset 1

async function addDevice(page: Page, name: string) {
  await page.goto("/portal/devices");
  await expect(page.getByTestId("new-public-key")).not.toBeEmpty();
  await page.getByLabel("Device name").fill(name);
  await page.getByRole("button", { name: "Add device" }).click();
}

test.describe("VPN devices: bad input", () => {
  test("malformed keys, markup in names, the device limit and another customer's device ids", async ({ page, browser }) => {
    const admin = await newPersonPage(browser);
    await signInAsAdmin(admin);

    // Before a plan: the empty state points to the plans.
    const email = uniqueEmail("vpn-a");
    await signUp(page, email, PASSWORD);
    await page.goto("/portal/devices");
    await expect(page.getByRole("heading", { name: "Choose a plan" })).toBeVisible();

    await grantVpnPlan(admin, email, 1);
    await page.goto("/portal/devices");
    await expect(page.getByRole("heading", { name: "Add your first device" })).toBeVisible();
    await expect(page.getByText("The private key never leaves this browser")).toBeVisible();

    // A malformed public key (the hidden field edited) is refused with a clear message and nothing is stored.
    await expect(page.getByTestId("new-public-key")).not.toBeEmpty();
    await page.getByLabel("Device name").fill("Tampered");
    await page.locator('input[name="publicKey"]').evaluate((el) => ((el as HTMLInputElement).value = "not-a-wireguard-key"));
    await page.getByRole("button", { name: "Add device" }).click();
    await expect(page.locator("main").getByText("This isn't a valid WireGuard public key")).toBeVisible();
    expect(await queryDb("vpn", "select id from devices where name = 'Tampered'")).toHaveLength(0);

    // Markup in a name is shown as typed.
    const markup = `<script>window.__pwned = 1</script><b>Laptop</b>`;
    await addDevice(page, markup);
    await expect(page.getByTestId("device-name").filter({ hasText: markup })).toBeVisible();
    await page.reload();
    await expect(page.getByTestId("device-name")).toHaveText(markup);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(page.locator("main b")).toHaveCount(0);

    // Beyond the limit: a clear message and the way to upgrade.
    await addDevice(page, "One too many");
    await expect(page.getByText("Device limit reached")).toBeVisible();
    await expect(page.getByRole("link", { name: "Upgrade your plan" })).toHaveAttribute("href", "/vpn");
    expect(await queryDb("vpn", "select id from devices where name = 'One too many'")).toHaveLength(0);

    // Another customer's device id in this customer's forms: an error, and nothing changes.
    const victim = await newPersonPage(browser);
    const victimEmail = uniqueEmail("vpn-b");
    await signUp(victim, victimEmail, PASSWORD);
    await grantVpnPlan(admin, victimEmail, 1);
    await addDevice(victim, "Victim phone");
    await expect(victim.getByTestId("device-name")).toHaveText("Victim phone");
    const [victimDevice] = await queryDb<{ id: string }>("vpn", "select id from devices where name = 'Victim phone'");

    await page.goto("/portal/devices");
    const row = page.getByTestId("device-row").first();
    await row.getByRole("button", { name: "Rename" }).click();
    await row.locator('form:has(input[name="name"]) input[name="deviceId"]').evaluate((el, id) => ((el as HTMLInputElement).value = id), victimDevice!.id);
    await row.getByLabel("New name").fill("Hijacked");
    await row.getByRole("button", { name: "Save name" }).click();
    await expect(row.getByText("Device not found")).toBeVisible();
    await row.getByRole("button", { name: "Cancel" }).click();

    await row.locator('form:has(input[name="enabled"]) input[name="deviceId"]').evaluate((el, id) => ((el as HTMLInputElement).value = id), victimDevice!.id);
    await row.getByRole("button", { name: "Disable" }).click();
    await expect(row.getByText("Device not found")).toBeVisible();

    await page.reload();
    const again = page.getByTestId("device-row").first();
    await again.getByRole("button", { name: "Delete" }).click();
    await expect(page.getByRole("dialog")).toContainText("Delete the device");
    // Edited once the dialog is open: React puts a controlled field's value back whenever the row re-renders.
    await again.locator('form[hidden] input[name="deviceId"]').evaluate((el, id) => ((el as HTMLInputElement).value = id), victimDevice!.id);
    await page.getByRole("button", { name: "Delete device" }).click();
    await expect(again.getByText("Device not found")).toBeVisible();

    const [after] = await queryDb<{ name: string; status: string }>("vpn", "select name, status from devices where id = ?", [victimDevice!.id]);
    expect(after).toEqual({ name: "Victim phone", status: "active" });
    await victim.close();
    await admin.close();
  });
});

test.describe("VPN devices: server-kept keys", () => {
  test("showing a config with the stored private key asks for the password again", async ({ page, browser }) => {
    const admin = await newPersonPage(browser);
    await signInAsAdmin(admin);
    const email = uniqueEmail("vpn-server-key");
    await signUp(page, email, PASSWORD);
    await grantVpnPlan(admin, email, 2);
    await admin.close();

    await page.goto("/portal/devices");
    await page.getByLabel("Device name").fill("Kept key");
    await page.getByLabel("Let Skyport keep the key so I can re-download").check();
    await page.getByRole("button", { name: "Add device" }).click();
    const panel = page.getByTestId("config-panel");
    await expect(panel).toBeVisible();
    await panel.getByLabel("Your password").fill("not my password");
    await panel.getByRole("button", { name: "Show configuration" }).click();
    await expect(panel.getByText("That password isn't right")).toBeVisible();
    await expect(panel.getByTestId("config-text")).toHaveCount(0);

    await panel.getByLabel("Your password").fill(PASSWORD);
    await panel.getByRole("button", { name: "Show configuration" }).click();
    await expect(panel.getByTestId("config-text")).toContainText("PrivateKey = ");
    await expect(panel.getByTestId("config-text")).not.toContainText("<PLACEHOLDER>");
    const downloadPromise = page.waitForEvent("download");
    await panel.getByRole("button", { name: "Download all locations (zip)" }).click();
    expect((await downloadPromise).suggestedFilename()).toMatch(/\.zip$/);
  });
});

test.describe("VPN: the real tunnel", () => {
  test.describe.configure({ timeout: 180_000 });
  // Never skipped: without root there are no network namespaces, and a silently skipped tunnel test proves nothing.
  test.beforeAll(() => {
    if (!isRoot()) throw new Error("The real-tunnel test drives WireGuard in network namespaces: run the suite as root (CI does).");
  });

  const lab = new WgLab();
  const logs: string[] = [];
  let dir = "";

  test.afterAll(async () => {
    await lab.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("a browser-made config connects, suspension cuts it within one agent interval, restoring brings it back", async ({ page, browser, baseURL }) => {
    requireWireGuardLab();
    dir = mkdtempSync(path.join(os.tmpdir(), "skyport-e2e-wg-"));

    // The lab: a VPN server and a customer's machine joined by veth, wireguard-go in each.
    const serverNs = lab.addNamespace("skes");
    const clientNs = lab.addNamespace("skec");
    lab.addVeth(serverNs, "192.0.2.1/24", clientNs, "192.0.2.2/24");
    const serverIf = await lab.addWireGuard(serverNs, "skews");
    const clientIf = await lab.addWireGuard(clientNs, "skewc");
    const serverKeys = wgKeyPair();
    writeFileSync(path.join(dir, "server.key"), serverKeys.privateKey, { mode: 0o600 });
    inNs(serverNs, "wg", ["set", serverIf, "private-key", path.join(dir, "server.key"), "listen-port", "51820"]);
    inNs(serverNs, "ip", ["addr", "add", `${SERVER_TUNNEL_ADDRESS}/16`, "dev", serverIf]);
    inNs(serverNs, "ip", ["link", "set", serverIf, "up"]);

    // Staff add the location in the admin and issue its agent token (shown once).
    const admin = await newPersonPage(browser);
    await signInAsAdmin(admin);
    const slug = `lab-${Date.now().toString(36)}`;
    const locationName = `Lab ${slug}`;
    await createLocation(admin, { slug, name: locationName, endpointHost: "192.0.2.1", endpointPort: 51820, publicKey: serverKeys.publicKey });
    const token = await issueAgentToken(admin);
    writeFileSync(path.join(dir, "agent.token"), token, { mode: 0o600 });
    startAgent(lab, { url: baseURL!, tokenFile: path.join(dir, "agent.token"), ifname: serverIf, netns: serverNs, interval: 1 }, logs);

    // The customer buys a plan (card, at the Stripe stand-in; the signed webhook activates the service through the
    // VPN provisioning module) and adds a device; the key pair is made in the browser.
    const email = uniqueEmail("vpn-tunnel");
    await signUpVerified(page, email, PASSWORD, "Tunnel Customer");
    await page.goto("/checkout?plan=vpn-personal&cycle=monthly");
    await page.getByLabel("Country").selectOption("US");
    await page.getByRole("button", { name: "Place order and pay with Card" }).click();
    await payAtStripe(page);
    const [customer] = await queryDb<{ id: string }>("identity", "select id from users where email = ?", [email]);
    let serviceId = "";
    await until(
      "the paid service to be active",
      async () => {
        const [row] = await queryDb<{ id: string; status: string }>("billing", "select id, status from services where customer_id = ?", [customer!.id]);
        serviceId = row?.id ?? "";
        return row?.status === "active";
      },
      20_000,
      250,
      logs,
    );
    await page.goto("/portal/devices");
    const publicKey = (await page.getByTestId("new-public-key").textContent())!.trim();
    await page.getByLabel("Device name").fill("Tunnel laptop");
    await page.getByRole("button", { name: "Add device" }).click();
    const panel = page.getByTestId("config-panel");
    await expect(panel).toBeVisible();
    await panel.getByLabel("Location").selectOption(slug);
    const downloadPromise = page.waitForEvent("download");
    await panel.getByRole("button", { name: "Download config" }).click();
    const download = await downloadPromise;
    const file = path.join(dir, "client.conf");
    await download.saveAs(file);
    const text = readFileSync(file, "utf8");
    expect(text).toContain("Endpoint = 192.0.2.1:51820");
    expect(text).not.toContain("<PLACEHOLDER>");
    // The private key in the file is the browser's: it derives the public key the server got.
    const privateKey = /PrivateKey = (\S+)/.exec(text)![1]!;
    expect(sh("wg", ["pubkey"], { input: `${privateKey}\n` }).trim()).toBe(publicKey);
    await expect(panel.getByRole("img", { name: /QR code/ })).toBeVisible();

    // The customer's machine brings the interface up from the file: split routing only (never a default route).
    const address = /Address = ([^\n]+)/.exec(text)![1]!.split(",").map((a) => a.trim()).find((a) => a.includes("."))!;
    const stripped = path.join(dir, "client-stripped.conf");
    writeFileSync(stripped, sh("wg-quick", ["strip", file]), { mode: 0o600 });
    inNs(clientNs, "wg", ["setconf", clientIf, stripped]);
    inNs(clientNs, "ip", ["addr", "add", address.includes("/") ? address : `${address}/32`, "dev", clientIf]);
    inNs(clientNs, "ip", ["link", "set", clientIf, "up"]);
    inNs(clientNs, "ip", ["route", "add", "100.96.0.0/16", "dev", clientIf]);

    await until("the agent to put the device on the server", () => peersOf(serverNs, serverIf).includes(publicKey), 15_000, 200, logs);
    await until(`ping ${SERVER_TUNNEL_ADDRESS} through the tunnel`, () => canPing(clientNs, SERVER_TUNNEL_ADDRESS), 20_000, 250, logs);

    // Staff suspend the service in billing: the VPN provisioning module removes the customer's peers, and within
    // one agent interval after that the peer is gone from the server and traffic stops.
    await admin.goto(`/admin/services/${serviceId}`);
    await admin.getByRole("button", { name: "Suspend", exact: true }).click();
    const dialog = admin.getByRole("dialog");
    await dialog.getByLabel(/Reason/).fill("e2e: abuse report");
    await dialog.getByRole("button", { name: "Suspend service" }).click();
    await expect(admin.getByText("Suspension started")).toBeVisible();
    await until("the peer to leave the server", () => !peersOf(serverNs, serverIf).includes(publicKey), 15_000, 100, logs);
    expect(peersOf(serverNs, serverIf)).not.toContain(publicKey);
    expect(canPing(clientNs, SERVER_TUNNEL_ADDRESS)).toBe(false);

    // Unsuspended in billing: the peer returns and traffic flows once WireGuard re-handshakes.
    await admin.reload();
    await admin.getByRole("button", { name: "Unsuspend" }).click();
    await expect(admin.getByText("Unsuspension started")).toBeVisible();
    await until("the peer to return", () => peersOf(serverNs, serverIf).includes(publicKey), 15_000, 100, logs);
    await until(`ping ${SERVER_TUNNEL_ADDRESS} again`, () => canPing(clientNs, SERVER_TUNNEL_ADDRESS), 35_000, 250, logs);

    // The portal shows the device online with data used; the admin shows the server online and carrying it.
    await until(
      "the handshake to be reported",
      async () => (await queryDb<{ h: number | null }>("vpn", "select last_handshake_at as h from devices where public_key = ?", [publicKey]))[0]?.h != null,
      10_000,
      250,
      logs,
    );
    await page.reload();
    await expect(page.getByTestId("device-row").filter({ hasText: "Tunnel laptop" }).getByText("Online")).toBeVisible();
    await admin.goto("/admin/vpn-servers");
    await expect(admin.getByTestId("server-row").filter({ hasText: locationName }).getByText("Online")).toBeVisible();
    await admin.close();

    // The storefront's locations page reads live status: the reporting lab server is online and recommended.
    await page.goto("/locations");
    const card = page.getByTestId("location").filter({ hasText: locationName });
    await expect(card.getByText("Online")).toBeVisible();
    await expect(page.getByTestId("recommended-location")).toContainText(locationName);
  });
});
