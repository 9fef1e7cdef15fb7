/**
 * A customer's plan over its life, as people do it: buy Personal by card, upgrade to Family after seeing exactly
 * what the rest of the period costs and pay it, schedule a downgrade and take it back, download the invoice PDF
 * (which nobody else can), swap and remove saved cards; then staff suspend and unsuspend the service from /admin.
 */
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { queryDb, signInAsAdmin, uniqueEmail } from "./support/identity";
import { invoiceIdFrom, payAtStripe, signUpVerified } from "./support/payments";
import { expect, newPersonPage, test } from "./support/test";

const PASSWORD = "correct horse battery staple";
const DAY = 86_400_000;
const usd = (minor: number) => `$${(minor / 100).toFixed(2)}`;

const serviceRow = async (email: string) => {
  const [user] = await queryDb<{ id: string }>("identity", "select id from users where email = ?", [email.toLowerCase()]);
  const rows = await queryDb<{ id: string; status: string; amount: number; current_period_start: number; current_period_end: number; product_id: string }>(
    "billing",
    "select id, status, amount, current_period_start, current_period_end, product_id from services where customer_id = ?",
    [user!.id],
  );
  return rows[0];
};

test.describe.serial("billing: a customer's plan, invoices and cards; staff service actions", () => {
  test.describe.configure({ timeout: 180_000 });
  let email = "";
  let serviceId = "";

  test("upgrade with a proration preview then pay; a downgrade scheduled and withdrawn; the invoice PDF; saved cards", async ({ page, browser }) => {
    email = uniqueEmail("plan-change");
    await signUpVerified(page, email, PASSWORD, "Plan Changer");
    await page.goto("/checkout?plan=vpn-personal&cycle=monthly");
    await page.getByLabel("Country").selectOption("US");
    await page.getByRole("button", { name: "Place order and pay with Card" }).click();
    const firstInvoice = await payAtStripe(page);
    await expect.poll(async () => (await serviceRow(email))?.status, { timeout: 20_000 }).toBe("active");
    const service = (await serviceRow(email))!;
    serviceId = service.id;

    // Upgrade: the preview states what the rest of this period costs, with the rule's own numbers.
    await page.goto(`/portal/services/${serviceId}`);
    await page.getByRole("radio", { name: /Family/ }).check();
    const preview = page.getByTestId("plan-preview");
    await expect(preview).toBeVisible();
    const totalDays = Math.round((service.current_period_end - service.current_period_start) / DAY);
    const remainingDays = Math.floor((service.current_period_end - Date.now()) / DAY);
    const expected = Math.floor(((899 - 499) * remainingDays * 2 + totalDays) / (2 * totalDays)); // half up
    await expect(preview).toContainText(`Difference for ${remainingDays} of ${totalDays} days left`);
    await expect(page.getByTestId("plan-preview-due")).toHaveText(usd(expected));
    await page.getByRole("button", { name: `Upgrade and pay ${usd(expected)}` }).click();
    await page.waitForURL(/\/portal\/invoices\/[^/?]+$/);
    const upgradeInvoice = invoiceIdFrom(page.url());
    await expect(page.getByTestId("invoice-total")).toHaveText(usd(expected));
    await page.getByRole("radio", { name: /^Card/ }).check();
    await page.getByRole("button", { name: "Pay with Card" }).click();
    await payAtStripe(page);
    // Applied through the provisioning module: the service is Family and the VPN device limit is 10.
    await expect.poll(async () => (await serviceRow(email))?.amount, { timeout: 20_000 }).toBe(899);
    await expect
      .poll(async () => (await queryDb<{ device_limit: number }>("vpn", "select device_limit from entitlements where service_id = ?", [serviceId]))[0]?.device_limit, { timeout: 20_000 })
      .toBe(10);
    await page.goto(`/portal/services/${serviceId}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Family");

    // Downgrade: scheduled for the renewal date with nothing to pay, then withdrawn.
    await page.getByRole("radio", { name: /Personal/ }).check();
    await expect(page.getByTestId("plan-preview-downgrade")).toContainText("Nothing to pay now");
    await page.getByRole("button", { name: /^Downgrade on / }).click();
    await expect(page.getByTestId("pending-plan-change")).toContainText("renew at $4.99");
    await expect(page.getByText(/Downgrade to Personal on/)).toBeVisible();
    await page.getByRole("button", { name: "Cancel downgrade" }).click();
    await expect(page.getByText("Downgrade cancelled")).toBeVisible();
    await expect(page.getByTestId("pending-plan-change")).toHaveCount(0);
    expect((await queryDb<{ status: string }>("billing", "select status from service_changes where service_id = ? order by created_at", [serviceId])).map((r) => r.status)).toEqual([
      "applied",
      "cancelled",
    ]);
    expect((await serviceRow(email))!.amount).toBe(899);

    // The invoice PDF downloads from the invoice page; another customer gets a 404 for the same URL.
    await page.goto(`/portal/invoices/${upgradeInvoice}`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("invoice-pdf").click()]);
    const [number] = await queryDb<{ number: string }>("billing", "select number from invoices where id = ?", [upgradeInvoice]);
    expect(download.suggestedFilename()).toBe(`${number!.number}.pdf`);
    expect(readFileSync((await download.path())!).subarray(0, 5).toString()).toBe("%PDF-");
    const stranger = await newPersonPage(browser);
    await signUpVerified(stranger, uniqueEmail("pdf-stranger"), PASSWORD, "Stranger");
    expect((await stranger.request.get(`/portal/invoices/${upgradeInvoice}/pdf`)).status()).toBe(404);
    expect((await stranger.request.get(`/portal/invoices/${firstInvoice}/pdf`)).status()).toBe(404);
    await stranger.context().close();

    // Saved cards: both checkouts saved one; make the newer the default, then remove the other.
    await page.goto("/portal/billing");
    const cards = page.getByTestId("payment-method");
    await expect(cards).toHaveCount(2);
    await cards.nth(1).getByRole("button", { name: /Make default/ }).click();
    await expect(page.getByText(/is now your default/)).toBeVisible();
    const nonDefault = cards.filter({ hasNot: page.getByText("Default", { exact: true }) });
    await nonDefault.getByRole("button", { name: /Remove/ }).click();
    await expect(page.getByRole("dialog")).toContainText("Remove Visa •••• 4242?");
    await page.getByRole("dialog").getByRole("button", { name: "Remove card" }).click();
    await expect(page.getByText("Visa •••• 4242 removed")).toBeVisible();
    await expect(cards).toHaveCount(1);
    await expect(cards).toContainText("Default");
    expect((await queryDb<{ status: string }>("billing", "select pm.status from payment_methods pm join services s on s.customer_id = pm.customer_id where s.id = ? order by pm.status", [serviceId])).map((r) => r.status)).toEqual([
      "active",
      "detached",
    ]);
  });

  test("staff suspend and unsuspend the service through its provisioning module, audited", async ({ page }) => {
    await signInAsAdmin(page);
    await page.goto(`/admin/services/${serviceId}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Family");
    await expect(page.getByTestId("admin-service-status")).toHaveText("Active");
    await page.getByRole("button", { name: "Suspend", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText("Suspend Family");
    await dialog.getByLabel(/Reason/).fill("Abuse report #42");
    await dialog.getByRole("button", { name: "Suspend service" }).click();
    await expect(page.getByText("Suspension started")).toBeVisible();
    await expect.poll(async () => (await serviceRow(email))?.status, { timeout: 20_000 }).toBe("suspended");
    await expect.poll(async () => (await queryDb<{ status: string }>("vpn", "select status from entitlements where service_id = ?", [serviceId]))[0]?.status, { timeout: 20_000 }).toBe("suspended");
    await page.reload();
    await expect(page.getByTestId("admin-service-status")).toHaveText("Suspended");

    await page.getByRole("button", { name: "Unsuspend" }).click();
    await expect(page.getByText("Unsuspension started")).toBeVisible();
    await expect.poll(async () => (await serviceRow(email))?.status, { timeout: 20_000 }).toBe("active");
    await page.reload();
    await expect(page.getByTestId("admin-service-status")).toHaveText("Active");
    expect((await queryDb<{ action: string }>("billing", "select action from audit_log where entity_id = ? and action in ('service.suspend', 'service.unsuspend') order by created_at", [serviceId])).map((r) => r.action)).toEqual([
      "service.suspend",
      "service.unsuspend",
    ]);
    // Staff download any invoice's PDF.
    const [invoice] = await queryDb<{ id: string }>("billing", "select invoice_id as id from invoice_items where service_id = ? limit 1", [serviceId]);
    const pdf = await page.request.get(`/admin/invoices/${invoice!.id}/pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
  });
});
