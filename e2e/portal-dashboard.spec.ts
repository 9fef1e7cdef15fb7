/**
 * The portal dashboard: before a plan the devices card leads to the plans; once staff grant a plan and the customer
 * adds a device (key made in the browser), the dashboard lists it (offline, no handshake yet, no data this month)
 * and the notice feed carries the "device added" notice with a link to the devices page.
 */
import { queryDb, signInAsAdmin, signUp, uniqueEmail } from "./support/identity";
import { expect, newPersonPage, test } from "./support/test";
import { grantVpnPlan } from "./support/vpn";

const PASSWORD = "correct horse battery staple";

test("the dashboard shows the customer's devices and their notices", async ({ page, browser }) => {
  const admin = await newPersonPage(browser);
  await signInAsAdmin(admin);

  const email = uniqueEmail("dashboard");
  await signUp(page, email, PASSWORD);

  // No plan yet: one next step, to the plans.
  await page.goto("/portal");
  const devicesCard = page.getByRole("region", { name: "Devices", exact: true });
  await expect(devicesCard.getByRole("link", { name: "Choose a plan" })).toHaveAttribute("href", "/vpn");
  await expect(page.getByRole("region", { name: "Notices", exact: true }).getByText("No notices yet")).toBeVisible();

  // With a plan the next step is adding a device.
  await grantVpnPlan(admin, email, 2, "e2e dashboard");
  await page.goto("/portal");
  await expect(devicesCard.getByRole("link", { name: "Add your first device" })).toHaveAttribute("href", "/portal/devices");

  // The customer adds a device; the key pair is made in the browser.
  await page.goto("/portal/devices");
  await expect(page.getByTestId("new-public-key")).not.toBeEmpty();
  await page.getByLabel("Device name").fill("Dashboard phone");
  await page.getByRole("button", { name: "Add device" }).click();
  await expect(page.getByTestId("device-name").filter({ hasText: "Dashboard phone" })).toBeVisible();

  await page.goto("/portal");
  const device = devicesCard.getByRole("listitem").filter({ hasText: "Dashboard phone" });
  await expect(device).toBeVisible();
  await expect(device.getByText("Offline")).toBeVisible();
  await expect(device.getByText("Last handshake: never")).toBeVisible();
  await expect(device.getByText("This month: 0 B")).toBeVisible();

  const notices = page.getByRole("region", { name: "Notices", exact: true });
  const notice = notices.getByRole("link", { name: "New VPN device: Dashboard phone" });
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute("href", "/portal/devices");
  await expect(notices.getByText(/was added to your account and can now connect/)).toBeVisible();

  // The feed is this customer's own: the row exists for them in ops.
  const [user] = await queryDb<{ id: string }>("identity", "select id from users where email = ?", [email]);
  const rows = await queryDb<{ kind: string }>("ops", "select kind from notifications where user_id = ?", [user!.id]);
  expect(rows.map((r) => r.kind)).toContain("vpn.device_added");
});
