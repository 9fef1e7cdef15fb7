/**
 * Issue 6, points 3, 4, 6, 7 as staff use them: the customer 360 and "sign in as customer" (banner on portal
 * pages, clean return to the staff session, audited both ways), a settings change recorded with old and new
 * values, dashboard figures linking to the filtered lists behind them, Ctrl-K search, and what a support agent
 * must not see (settings, refunds).
 */
import type { Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { expect, newPersonPage, test } from "./support/test";
import { enrolTwoFactor, latestEmail, linkIn, queryDb, signIn, signInAsAdmin, signUp, uniqueEmail } from "./support/identity";

// Long journeys (several people, sign-ins with 2FA) on a shared CI machine.
test.describe.configure({ mode: "serial", timeout: 180_000 });

const PASSWORD = "correct horse battery staple";

const state: { customerId?: string; customerEmail?: string; invoiceId?: string; invoiceNumber?: string; adminId?: string } = {};

async function userId(email: string): Promise<string> {
  const [row] = await queryDb<{ id: string }>("identity", "select id from users where email = ?", [email]);
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}

/** An invoice with a bank payment for the customer: what billing would have written (the flow itself is billing.spec's). */
async function seedInvoiceWithPayment(customerId: string) {
  const invoiceId = randomUUID();
  const number = `INV-2099-${String(Date.now()).slice(-6)}`;
  const now = Date.now();
  await queryDb(
    "billing",
    `insert into invoices (id, number, customer_id, kind, status, currency, subtotal, total, amount_paid, issued_at, due_at, paid_at, created_at, updated_at)
     values (?, ?, ?, 'manual', 'paid', 'USD', 1500, 1500, 1500, ?, ?, ?, ?, ?)`,
    [invoiceId, number, customerId, now, now, now, now, now],
  );
  await queryDb(
    "billing",
    `insert into payments (id, customer_id, invoice_id, gateway, gateway_ref, amount, currency, status, paid_at, created_at, updated_at)
     values (?, ?, ?, 'bank_transfer', ?, 1500, 'USD', 'succeeded', ?, ?, ?)`,
    [randomUUID(), customerId, invoiceId, `e2e-${invoiceId}`, now, now, now],
  );
  return { invoiceId, number };
}

test("customer 360: sign in as the customer with a banner on every portal page, end back in the staff session, audited both ways", async ({ page, browser }) => {
  const customer = await newPersonPage(browser);
  state.customerEmail = uniqueEmail("cora");
  await signUp(customer, state.customerEmail, PASSWORD, "Cora Customer");
  state.customerId = await userId(state.customerEmail);
  const seeded = await seedInvoiceWithPayment(state.customerId);
  state.invoiceId = seeded.invoiceId;
  state.invoiceNumber = seeded.number;
  await customer.close();

  await signInAsAdmin(page);
  state.adminId = await userId(process.env.E2E_ADMIN_EMAIL!);
  await page.goto(`/admin/customers/${state.customerId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Cora Customer" })).toBeVisible();
  for (const section of ["Account", "Balance", "Organizations", "Services", "Invoices", "Payments", "VPN devices", "Tickets", "Staff notes", "Sign-in history", "Audit trail"]) {
    await expect(page.getByRole("heading", { level: 2, name: new RegExp(`^${section}`) })).toBeVisible();
  }
  await expect(page.getByRole("link", { name: state.invoiceNumber })).toBeVisible();

  // A staff note, audited.
  await page.getByLabel("New note").fill("Called about the invoice");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByText("Called about the invoice").first()).toBeVisible();

  await page.getByRole("button", { name: "Sign in as customer" }).click();
  const dialog = page.getByRole("dialog", { name: /Sign in as/ });
  await dialog.getByRole("button", { name: "Sign in as customer" }).click();
  await page.waitForURL(/\/portal$/);
  const banner = page.getByTestId("impersonation-banner");
  await expect(banner).toContainText(state.customerEmail);
  await expect(banner).toContainText(process.env.E2E_ADMIN_EMAIL!);
  await page.goto("/portal/account");
  await expect(page.getByTestId("impersonation-banner")).toBeVisible();
  // The back office is closed while acting as the customer.
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();

  await page.goto("/portal/invoices");
  await page.getByRole("button", { name: "End impersonation" }).click();
  await page.waitForURL(new RegExp(`/admin/customers/${state.customerId}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Cora Customer" })).toBeVisible();
  await page.goto("/portal");
  await expect(page.getByTestId("impersonation-banner")).toHaveCount(0);

  const rows = await queryDb<{ action: string; actor_id: string; on_behalf_of: string }>(
    "identity",
    "select action, actor_id, on_behalf_of from audit_log where entity_id = ? and action like 'customer.%' order by created_at",
    [state.customerId],
  );
  expect(rows.map((r) => r.action)).toEqual(["customer.note_added", "customer.impersonation_started", "customer.impersonation_ended"]);
  for (const row of rows.slice(1)) expect(row).toMatchObject({ actor_id: state.adminId, on_behalf_of: state.customerId });
  const events = await queryDb<{ type: string }>("identity", "select type from auth_events where user_id = ? and type like 'impersonation_%' order by created_at", [state.customerId]);
  expect(events.map((e) => e.type)).toEqual(["impersonation_started", "impersonation_ended"]);

  // The 360's own audit trail shows both.
  await page.goto(`/admin/customers/${state.customerId}`);
  await expect(page.getByTestId("audit-row").filter({ hasText: "customer.impersonation_started" })).toBeVisible();
  await expect(page.getByTestId("audit-row").filter({ hasText: "customer.impersonation_ended" })).toBeVisible();
});

test("a settings change is recorded in the audit log with its old and new values", async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto("/admin/settings");
  await page.getByRole("link", { name: "Billing automation" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Billing automation" })).toBeVisible();
  const field = page.getByLabel("Suspend services (days overdue)");
  const before = await field.inputValue();
  // Validation as the server applies it: termination must come after suspension.
  await field.fill("400");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/At most 365/)).toBeVisible();
  await field.fill(String(Number(before) + 1));
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved (1 changed)")).toBeVisible();

  const [row] = await queryDb<{ before: string; after: string; actor_email: string }>(
    "ops",
    "select before, after, actor_email from audit_log where action = 'settings.updated' and entity_id = 'billing' order by created_at desc limit 1",
  );
  expect(JSON.parse(row!.before)).toEqual({ "billing.suspendAfterDays": Number(before) });
  expect(JSON.parse(row!.after)).toEqual({ "billing.suspendAfterDays": Number(before) + 1 });
  expect(row!.actor_email).toBe(process.env.E2E_ADMIN_EMAIL);

  // Put it back for the rest of the suite (also audited).
  await field.fill(before);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved (1 changed)").last()).toBeVisible();
});

test("dashboard cards show figures and open the filtered list behind them", async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto("/admin");
  const overdue = page.getByTestId("kpi-overdue");
  await expect(overdue).toHaveAttribute("href", "/admin/invoices?status=overdue");
  await expect(page.getByTestId("kpi-services")).toHaveAttribute("href", "/admin/services?status=active");
  await expect(page.getByTestId("kpi-tickets")).toHaveAttribute("href", "/admin/tickets?status=open");
  await expect(page.getByTestId("kpi-jobs")).toHaveAttribute("href", "/admin/jobs?status=failed");
  // Real figures: the paid invoice from the first test is this month's revenue.
  await expect(page.getByTestId("kpi-revenue")).toContainText(/\$\d/);
  await expect(page.getByTestId("kpi-signups")).toContainText(/\d+/);
  await expect(page.getByTestId("kpi-servers")).toContainText(/\d+ \/ \d+/);
  await expect(page.getByRole("heading", { name: "MRR movement this month" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Revenue, last 12 months/ })).toBeVisible();
  await overdue.click();
  await page.waitForURL(/\/admin\/invoices\?status=overdue$/);
});

async function search(page: Page, text: string) {
  await page.keyboard.press("Control+k");
  const box = page.getByRole("combobox", { name: /Search customers, invoices/ });
  await expect(box).toBeFocused();
  await box.fill(text);
  return box;
}

test("Ctrl-K finds a customer by email and an invoice by number, by keyboard", async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto("/admin");
  const box = await search(page, state.customerEmail!.split("@")[0]!);
  const option = page.getByRole("option", { name: /Cora Customer/ });
  await expect(option).toBeVisible();
  await expect(option).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", (await option.getAttribute("id"))!);
  await box.press("Enter");
  await page.waitForURL(new RegExp(`/admin/customers/${state.customerId}$`));

  const box2 = await search(page, state.invoiceNumber!.toLowerCase());
  await expect(page.getByRole("option", { name: new RegExp(state.invoiceNumber!) })).toBeVisible();
  await box2.press("Enter");
  await page.waitForURL(new RegExp(`/admin/invoices/${state.invoiceId}$`));
  // The admin may refund this payment (the positive control for the support check below).
  await expect(page.getByRole("button", { name: "Refund" })).toBeVisible();
});

test("a support agent sees no settings and no refund or credit buttons; the search endpoint refuses customers", async ({ page, browser }) => {
  await signInAsAdmin(page);
  const email = uniqueEmail("support-agent");
  await page.goto("/admin/staff");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("support");
  await page.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByText("Invitation sent.")).toBeVisible();

  const agent = await newPersonPage(browser);
  const invite = await latestEmail(email, /.*/);
  await agent.goto(linkIn(invite.text, "/reset-password?token="));
  await agent.getByLabel("New password").fill(PASSWORD);
  await agent.getByRole("button", { name: "Set password" }).click();
  await signIn(agent, email, PASSWORD);
  await agent.waitForURL(/\/portal\/account\/security\?required=staff/);
  await enrolTwoFactor(agent);

  for (const path of ["/admin/settings", "/admin/settings/billing", "/admin/settings/payments"]) {
    await agent.goto(path);
    await expect(agent.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  }
  await agent.goto(`/admin/invoices/${state.invoiceId}`);
  await expect(agent.getByRole("heading", { level: 1, name: new RegExp(state.invoiceNumber!) })).toBeVisible();
  await expect(agent.getByRole("button", { name: "Refund" })).toHaveCount(0);
  await agent.goto(`/admin/customers/${state.customerId}`);
  await expect(agent.getByRole("heading", { level: 1, name: "Cora Customer" })).toBeVisible();
  for (const name of ["Add credit", "Sign in as customer", "Suspend account", "Edit"]) await expect(agent.getByRole("button", { name, exact: true })).toHaveCount(0);

  // Search works for staff (which kinds each role gets is lib/admin/search.test.ts).
  const response = await agent.request.get(`/admin/search?q=${encodeURIComponent(state.invoiceNumber!)}`);
  expect(response.status()).toBe(200);
  // A customer gets nothing from the search endpoint.
  const outsider = await newPersonPage(browser);
  await signUp(outsider, uniqueEmail("nosy"), PASSWORD, "Nosy Customer");
  expect((await outsider.request.get("/admin/search?q=cora")).status()).toBe(403);
  await outsider.close();
  await agent.close();
});
