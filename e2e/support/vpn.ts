/** VPN set-up steps several browser tests share, done through the admin as staff would. */
import type { Page } from "@playwright/test";
import { expect } from "./test";

/** Staff: put the email on the VIP list and give it a plan without payment (the audited grant), so it can add devices. */
export async function grantVpnPlan(admin: Page, email: string, deviceLimit: number, note = "e2e"): Promise<void> {
  await admin.goto("/admin/vip");
  await admin.getByLabel("Email", { exact: true }).fill(email);
  await admin.getByRole("textbox", { name: /^Note/ }).fill(note);
  await admin.getByRole("button", { name: "Add to VIP list" }).click();
  await expect(admin.getByText(`${email} is on the VIP list.`)).toBeVisible();
  await admin.getByLabel("Customer email", { exact: true }).fill(email);
  await admin.getByLabel("Devices").fill(String(deviceLimit));
  await admin.getByRole("button", { name: "Grant plan" }).click();
  await expect(admin.getByText(`${email} now has a VPN plan without payment.`)).toBeVisible();
}

/** Staff: create a VPN location in the admin; leaves the page on the new location's admin page and returns its id. */
export async function createLocation(admin: Page, location: { slug: string; name: string; endpointHost: string; endpointPort: number; publicKey: string }): Promise<string> {
  await admin.goto("/admin/vpn-servers/new");
  await admin.getByLabel("Slug").fill(location.slug);
  await admin.getByLabel("Name", { exact: true }).fill(location.name);
  await admin.getByLabel("Country code").fill("DE");
  await admin.getByLabel("City", { exact: true }).fill("Testville");
  await admin.getByLabel("Endpoint host").fill(location.endpointHost);
  await admin.getByLabel("Endpoint port").fill(String(location.endpointPort));
  await admin.getByLabel("Server public key").fill(location.publicKey);
  await admin.getByRole("button", { name: "Create location" }).click();
  await admin.waitForURL((url) => /^\/admin\/vpn-servers\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith("/new"));
  return new URL(admin.url()).pathname.split("/").pop()!;
}

/** Staff, on a location's admin page: issue (or rotate) its agent token and read it from the one-time display. */
export async function issueAgentToken(admin: Page): Promise<string> {
  await admin.getByRole("button", { name: /^(Issue|Rotate) agent token$/ }).click();
  const token = (await admin.getByTestId("agent-token").textContent())!.trim();
  expect(token.length).toBeGreaterThan(20);
  return token;
}
