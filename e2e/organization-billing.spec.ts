/**
 * Services and invoices that belong to an organization: the owner buys a plan billed to the organization (Stripe
 * stand-in), a `billing` member sees and downloads the invoice, a `member` sees the service but the invoice is not
 * found, and a member removed from the organization loses both at once.
 */
import type { Page } from "@playwright/test";
import { expect, newPersonPage, test } from "./support/test";
import { latestEmail, linkIn, queryDb, uniqueEmail } from "./support/identity";
import { payAtStripe, signUpVerified } from "./support/payments";
import { actionResultOf, callServerAction, cookieHeader, findServerAction } from "./support/server-actions";

const PASSWORD = "correct horse battery staple";

async function invite(page: Page, email: string, role: string) {
  const form = page.locator("form", { has: page.getByRole("button", { name: "Send invitation" }) });
  await form.getByLabel("Email address").fill(email);
  await form.getByLabel("Role").selectOption(role);
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${email}`)).toBeVisible();
}

/** A new person who signs up, verifies and accepts their invitation; returns their page. */
async function joinAs(browser: import("@playwright/test").Browser, email: string, name: string, roleLabel: string): Promise<Page> {
  const person = await newPersonPage(browser);
  await signUpVerified(person, email, PASSWORD, name);
  const mail = await latestEmail(email, /invited to/i);
  await person.goto(linkIn(mail.text, "/portal/organizations/accept?token="));
  await person.getByRole("button", { name: "Accept invitation" }).click();
  await expect(person.getByText(`Your role is ${roleLabel}.`)).toBeVisible();
  return person;
}

const serviceRow = (page: Page) => page.getByTestId("service").filter({ hasText: "Family" });

async function expectPdf(page: Page, invoiceId: string, status: number) {
  const response = await page.request.get(`/portal/invoices/${invoiceId}/pdf`);
  expect(response.status()).toBe(status);
  if (status === 200) expect(response.headers()["content-type"]).toContain("application/pdf");
}

test.describe("organization billing", () => {
  test.describe.configure({ timeout: 180_000 });

  test("an owner buys for the organization; billing sees the invoice, member only the service, a removed member neither", async ({ page, browser, baseURL }) => {
    const ownerEmail = uniqueEmail("orgbill-owner");
    await signUpVerified(page, ownerEmail, PASSWORD, "Olga Owner");

    // Without an organization the checkout has no "Bill to" choice.
    await page.goto("/checkout?plan=vpn-family&cycle=yearly");
    await expect(page.getByTestId("quote-total")).toBeVisible();
    await expect(page.getByLabel("Bill to")).toHaveCount(0);

    await page.goto("/portal/organizations");
    await page.getByLabel("Organization name").fill("Orbit Labs");
    await page.getByRole("button", { name: "Create organization" }).click();
    await page.waitForURL(/\/portal\/organizations\/[0-9a-f-]{36}$/);
    const orgId = page.url().split("/").pop()!;
    const billingEmail = uniqueEmail("orgbill-billing");
    const memberEmail = uniqueEmail("orgbill-member");
    await invite(page, billingEmail, "billing");
    await invite(page, memberEmail, "member");
    const billing = await joinAs(browser, billingEmail, "Bea Billing", "Billing");
    const member = await joinAs(browser, memberEmail, "Milo Member", "Member");

    // A member's role does not let them bill orders to the organization: no choice offered.
    await member.goto("/checkout?plan=vpn-family&cycle=yearly");
    await expect(member.getByTestId("quote-total")).toBeVisible();
    await expect(member.getByLabel("Bill to")).toHaveCount(0);

    // The owner buys VPN Family yearly billed to Orbit Labs and pays at the Stripe stand-in.
    await page.goto("/checkout?plan=vpn-family&cycle=yearly");
    await page.getByLabel("Country").selectOption("US");
    await expect(page.getByLabel("Bill to").locator("option")).toHaveText(["Personal account", "Orbit Labs"]);
    await page.getByLabel("Bill to").selectOption({ label: "Orbit Labs" });
    await page.getByRole("button", { name: "Place order and pay with Card" }).click();
    const invoiceId = await payAtStripe(page);
    const [row] = await queryDb<{ organization_id: string | null; number: string }>("billing", "select organization_id, number from invoices where id = ?", [invoiceId]);
    expect(row!.organization_id).toBe(orgId);
    const [svc] = await queryDb<{ organization_id: string | null }>("billing", "select s.organization_id from services s join invoices i on i.order_id = s.order_id where i.id = ?", [invoiceId]);
    expect(svc!.organization_id).toBe(orgId);
    await expect(page.getByText("This invoice belongs to the organization Orbit Labs.")).toBeVisible();

    await page.goto("/portal/invoices");
    await expect(page.getByTestId("invoice-row").filter({ hasText: row!.number }).getByTestId("invoice-account")).toHaveText("Orbit Labs");
    await page.goto("/portal/services");
    await expect(serviceRow(page).getByTestId("service-account")).toHaveText(/Orbit Labs/);

    // Billing: sees the invoice (with its account) and downloads its PDF; the service is read-only.
    await billing.goto("/portal/invoices");
    const billingRow = billing.getByTestId("invoice-row").filter({ hasText: row!.number });
    await expect(billingRow.getByTestId("invoice-account")).toHaveText("Orbit Labs");
    await billingRow.getByRole("link", { name: row!.number }).click();
    await expect(billing.getByRole("heading", { level: 1, name: `Invoice ${row!.number}` })).toBeVisible();
    await expect(billing.getByTestId("invoice-pdf")).toBeVisible();
    await expectPdf(billing, invoiceId, 200);
    await billing.goto("/portal/services");
    await expect(serviceRow(billing).getByTestId("service-account")).toHaveText(/Orbit Labs/);
    await expect(serviceRow(billing).getByRole("button", { name: /Cancel/ })).toHaveCount(0);

    // Member: sees the service, but the invoice and its PDF are not found, and it is not in their list.
    await member.goto("/portal/services");
    await expect(serviceRow(member).getByTestId("service-account")).toHaveText(/Orbit Labs/);
    const serviceLink = serviceRow(member).getByRole("link", { name: /Family/ });
    await serviceLink.click();
    await expect(member.getByText("Your role in Orbit Labs lets you see this service; its owners and admins manage it.")).toBeVisible();
    const serviceUrl = member.url();
    expect((await member.goto(`/portal/invoices/${invoiceId}`))?.status()).toBe(404);
    await expectPdf(member, invoiceId, 404);
    await member.goto("/portal/invoices");
    await expect(member.getByTestId("invoice-row")).toHaveCount(0);
    // Called directly, as an attacker would: cancelling is beyond a member's role, the invoice does not exist for them.
    const serviceId = serviceUrl.split("/").pop()!;
    const cancel = findServerAction("app/portal/services/actions.ts", "cancelServiceAction");
    const pay = findServerAction("app/portal/invoices/actions.ts", "payInvoiceAction");
    const asMember = { baseURL: baseURL!, cookie: await cookieHeader(member) };
    expect(actionResultOf(await callServerAction(cancel, { serviceId, when: "now" }, asMember))).toMatchObject({
      ok: false,
      formError: "Your role in this organization does not allow that.",
    });
    expect(actionResultOf(await callServerAction(pay, { invoiceId, gateway: "bank_transfer" }, asMember))).toMatchObject({ ok: false, formError: "Invoice not found" });
    const [still] = await queryDb<{ status: string }>("billing", "select status from services where id = ?", [serviceId]);
    expect(still!.status).not.toBe("cancelled");

    // The owner removes the billing member: on their next request, neither the invoice nor the service is theirs.
    await page.goto(`/portal/organizations/${orgId}`);
    await page.getByRole("button", { name: `Remove Bea Billing (${billingEmail})` }).click();
    await page.getByRole("dialog", { name: /Remove Bea Billing/ }).getByRole("button", { name: "Remove" }).click();
    await expect(page.getByText(`Bea Billing (${billingEmail}) was removed`)).toBeVisible();
    expect((await billing.goto(`/portal/invoices/${invoiceId}`))?.status()).toBe(404);
    await expectPdf(billing, invoiceId, 404);
    await billing.goto("/portal/invoices");
    await expect(billing.getByTestId("invoice-row")).toHaveCount(0);
    await billing.goto("/portal/services");
    await expect(billing.getByTestId("service")).toHaveCount(0);
    expect((await billing.goto(serviceUrl))?.status()).toBe(404);
    const asRemoved = { baseURL: baseURL!, cookie: await cookieHeader(billing) };
    expect(actionResultOf(await callServerAction(cancel, { serviceId, when: "now" }, asRemoved))).toMatchObject({ ok: false, formError: "Service not found" });

    await billing.close();
    await member.close();
  });
});
