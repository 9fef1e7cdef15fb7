/**
 * The money loop as people use it: a visitor buys a plan (Stripe, PayPal, bank transfer, account credit), the
 * payment is recorded exactly once however often the gateway repeats itself, the service starts, and staff
 * record payments, add credit and change prices that the storefront shows at once.
 */
import type { Page } from "@playwright/test";
import { expect, newPersonPage, test } from "./support/test";
import { queryDb, signInAsAdmin, uniqueEmail } from "./support/identity";
import {
  deliverPayPalWebhook,
  deliverStripeEvent,
  invoiceIdFrom,
  paypalStandIn,
  signUpVerified,
  stripeEventsFor,
  stripeStandIn,
  verifyEmail,
} from "./support/payments";

const PASSWORD = "correct horse battery staple";

const count = async (db: string, sql: string, args: unknown[]) => Number((await queryDb<{ n: number }>(db, sql, args))[0]!.n);
const paymentsOf = (invoiceId: string) => queryDb<{ gateway: string; amount: number; currency: string; status: string }>("billing", "select gateway, amount, currency, status from payments where invoice_id = ?", [invoiceId]);
const receiptsTo = (email: string) => count("ops", "select count(*) as n from email_outbox where to_address = ? and subject like 'Payment received%'", [email.toLowerCase()]);

/** Waits for the one receipt, then makes sure no second one follows (the worker polls every 200 ms). */
async function expectExactlyOneReceipt(email: string) {
  await expect.poll(() => receiptsTo(email), { timeout: 15_000 }).toBe(1);
  await new Promise((r) => setTimeout(r, 1500));
  expect(await receiptsTo(email)).toBe(1);
}

/** The order's services reach `active` through the provisioning worker, and the portal says so. */
async function expectServiceActive(page: Page, invoiceId: string) {
  await expect
    .poll(
      async () =>
        (await queryDb<{ status: string }>("billing", "select s.status from services s join invoices i on i.order_id = s.order_id where i.id = ?", [invoiceId])).map((r) => r.status).join(","),
      { timeout: 20_000 },
    )
    .toBe("active");
  await page.goto("/portal/services");
  await expect(page.getByTestId("service-status").first()).toHaveText("Active");
}

async function chooseCountry(page: Page, code: string) {
  await page.getByLabel("Country").selectOption(code);
}

test.describe("billing: checkout, payments and the back office", () => {
  test.describe.configure({ timeout: 150_000 });

  test("a visitor buys VPN Family yearly with a coupon via Stripe; the webhook delivered 4 times and out of order pays once", async ({ page }) => {
    const email = uniqueEmail("stripe-buyer");

    // From the storefront to the checkout, signed out: totals are shown, ordering needs an account.
    await page.goto("/vpn");
    await page.getByTestId("plan-card").filter({ hasText: "Family" }).getByRole("link", { name: "Choose Family" }).click();
    await expect(page).toHaveURL(/\/checkout\?plan=vpn-family&cycle=yearly/);
    await expect(page.getByRole("radio", { name: /Yearly/ })).toBeChecked();
    await expect(page.getByTestId("quote-total")).toHaveText("$83.88");
    await page.getByRole("link", { name: "Create an account" }).click();

    await page.getByLabel("Name").fill("Stripe Buyer");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    // Back at the checkout after signing up, but an unverified email cannot order yet.
    await page.waitForURL(/\/checkout\?plan=vpn-family/);
    await expect(page.getByText("Verify your email to order")).toBeVisible();
    await expect(page.getByRole("button", { name: /Place order/ })).toHaveCount(0);
    await verifyEmail(page, email);

    await page.goto("/checkout?plan=vpn-family&cycle=yearly");
    await chooseCountry(page, "US");
    // An inapplicable coupon says why and changes nothing.
    await page.getByLabel("Coupon code").fill("NOPE10");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByText('There is no coupon "NOPE10".')).toBeVisible();
    await expect(page.getByTestId("quote-total")).toHaveText("$83.88");
    await expect(page.getByTestId("quote-discount")).toHaveCount(0);

    await page.getByLabel("Coupon code").fill("welcome10");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByText("Coupon WELCOME10 applied")).toBeVisible();
    await expect(page.getByTestId("quote-discount")).toHaveText("−$8.39");
    await expect(page.getByTestId("quote-total")).toHaveText("$75.49");

    // Card → the Stripe Checkout page (local stand-in) → pay → back at the invoice, waiting for the webhook.
    await expect(page.getByRole("radio", { name: /^Card/ })).toBeChecked();
    await page.getByRole("button", { name: "Place order and pay with Card" }).click();
    await page.waitForURL((url) => url.href.startsWith(`${stripeStandIn()}/checkout/`));
    const sessionId = new URL(page.url()).pathname.split("/").pop()!;
    await expect(page.getByRole("heading", { name: "Pay 75.49 USD" })).toBeVisible();
    await page.getByRole("button", { name: "Pay" }).click();
    await page.waitForURL(/\/portal\/invoices\/[^/?]+\?paid=1/);
    const invoiceId = invoiceIdFrom(page.url());
    await expect(page.getByText("We're confirming your payment")).toBeVisible();

    // What Stripe sends, signed with the SDK's helper: a forgery is refused and stores nothing…
    const events = await stripeEventsFor(sessionId);
    const completed = events.find((e) => e.type === "checkout.session.completed")!;
    const succeeded = events.find((e) => e.type === "payment_intent.succeeded")!;
    expect((await deliverStripeEvent(completed, { secret: "whsec_forged" })).status).toBe(400);
    expect(await count("billing", "select count(*) as n from gateway_events where event_id = ?", [completed.id])).toBe(0);
    // …the real events arrive out of order and four times over.
    expect((await deliverStripeEvent(succeeded)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await deliverStripeEvent(completed)).status).toBe(200);
    expect((await deliverStripeEvent(succeeded)).status).toBe(200);

    await expect(page.getByText("Payment received — thank you")).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId("invoice-status")).toHaveText("Paid");
    await expect(page.getByTestId("invoice-discount")).toHaveText("−$8.39");
    expect(await paymentsOf(invoiceId)).toEqual([{ gateway: "stripe", amount: 7549, currency: "USD", status: "succeeded" }]);
    expect(await count("billing", "select count(*) as n from gateway_events where gateway = 'stripe' and event_id in (?, ?)", [completed.id, succeeded.id])).toBe(2);
    await expectExactlyOneReceipt(email);
    await expectServiceActive(page, invoiceId);
    expect(await count("billing", "select count(*) as n from provisioning_runs r join services s on s.id = r.service_id join invoices i on i.order_id = s.order_id where i.id = ? and r.action = 'create'", [invoiceId])).toBe(1);

    // The card was saved for renewals.
    await page.goto("/portal/billing");
    await expect(page.getByTestId("payment-method")).toContainText("Visa •••• 4242");
  });

  test("a customer pays in EUR via PayPal: approve, capture on return, then the signed webhook changes nothing", async ({ page }) => {
    const email = uniqueEmail("paypal-buyer");
    await signUpVerified(page, email, PASSWORD, "PayPal Buyer");

    await page.goto("/checkout?plan=vpn-personal&cycle=monthly");
    await page.getByLabel("Currency").selectOption("EUR");
    await expect(page.getByTestId("quote-total")).toHaveText("€4.99");
    await chooseCountry(page, "DE");
    await page.getByRole("radio", { name: /^PayPal/ }).check();
    await page.getByRole("button", { name: "Place order and pay with PayPal" }).click();

    await page.waitForURL((url) => url.href.startsWith(`${paypalStandIn()}/checkoutnow`));
    await expect(page.getByRole("heading", { name: "Pay 4.99 EUR with PayPal" })).toBeVisible();
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL(/\/portal\/invoices\/[^/?]+\?paid=1/);
    const invoiceId = invoiceIdFrom(page.url());
    await expect(page.getByText("Payment received — thank you")).toBeVisible();
    await expect(page.getByTestId("invoice-status")).toHaveText("Paid");
    expect(await paymentsOf(invoiceId)).toEqual([{ gateway: "paypal", amount: 499, currency: "EUR", status: "succeeded" }]);

    // PayPal's webhook about the same capture (verified against the stand-in's certificate), three times.
    const delivered = await deliverPayPalWebhook(invoiceId, { times: 3 });
    expect(delivered.statuses).toEqual([200, 200, 200]);
    expect(await count("billing", "select count(*) as n from gateway_events where gateway = 'paypal' and event_id = ?", [delivered.eventId])).toBe(1);
    expect(await paymentsOf(invoiceId)).toHaveLength(1);
    await expectExactlyOneReceipt(email);
    await expectServiceActive(page, invoiceId);

    // The account's currency is now EUR: the checkout no longer offers another.
    await page.goto("/checkout?plan=vpn-family&cycle=yearly");
    await expect(page.getByText("Your account is billed in EUR.")).toBeVisible();
    await expect(page.getByLabel("Currency")).toHaveCount(0);
  });

  test("a customer pays by bank transfer and staff record the payment in the back office", async ({ page, browser }) => {
    const admin = await newPersonPage(browser);
    await signInAsAdmin(admin);
    await admin.goto("/admin/settings/payments");
    const bankForm = admin.getByTestId("gateway-bank_transfer");
    await bankForm.getByLabel("Offer to customers").check();
    await bankForm.getByLabel("Instructions").fill("Skyport Ltd · IBAN GB33 BUKB 2020 1555 5555 55 · BIC BUKBGB22");
    await bankForm.getByRole("button", { name: /^Save/ }).click();
    await expect(admin.getByText("Bank transfer saved")).toBeVisible();

    const email = uniqueEmail("bank-buyer");
    await signUpVerified(page, email, PASSWORD, "Bank Buyer");
    await page.goto("/checkout?plan=vpn-business&cycle=monthly");
    await page.getByLabel("Currency").selectOption("GBP");
    await chooseCountry(page, "GB");
    await page.getByRole("radio", { name: /^Bank transfer/ }).check();
    await page.getByRole("button", { name: "Place order and pay with Bank transfer" }).click();
    await page.waitForURL(/\/portal\/invoices\/[^/?]+\?method=bank_transfer/);
    const invoiceId = invoiceIdFrom(page.url());
    const [invoice] = await queryDb<{ number: string; total: number }>("billing", "select number, total from invoices where id = ?", [invoiceId]);
    expect(invoice!.total).toBe(2199);
    const instructions = page.getByTestId("bank-instructions");
    await expect(instructions).toContainText("IBAN GB33 BUKB 2020 1555 5555 55");
    await expect(instructions).toContainText(invoice!.number);
    await expect(instructions).toContainText("£21.99");
    await expect(page.getByTestId("invoice-status")).toHaveText("Unpaid");

    // Staff find the invoice by the customer's email and record the transfer.
    await admin.goto(`/admin/invoices?q=${encodeURIComponent(email)}`);
    await admin.getByRole("link", { name: invoice!.number }).click();
    await expect(admin.getByRole("heading", { level: 1, name: `Invoice ${invoice!.number}` })).toBeVisible();
    await expect(admin.getByLabel("Amount received (GBP)")).toHaveValue("21.99");
    await admin.getByLabel("Bank reference").fill(`TRF ${invoice!.number}`);
    await admin.getByRole("button", { name: "Record payment" }).click();
    await expect(admin.getByText("Payment recorded")).toBeVisible();
    await expect(admin.getByTestId("invoice-status")).toHaveText("Paid");

    // A partial refund to account credit, with its credit note.
    await admin.getByRole("button", { name: "Refund" }).click();
    const refund = admin.getByRole("dialog");
    await refund.getByLabel("Amount (GBP)").fill("5.00");
    await refund.getByLabel("Refund to").selectOption("credit");
    await refund.getByLabel("Reason").fill("Goodwill");
    await refund.getByRole("button", { name: "Refund" }).click();
    await expect(admin.getByText("Refund done")).toBeVisible();
    await expect(admin.getByTestId("invoice-status")).toHaveText("Partially refunded");
    await expect(admin.getByTestId("credit-note")).toContainText("£5.00");

    await page.reload();
    await expect(page.getByTestId("invoice-status")).toHaveText("Partially refunded");
    await expect(page.getByTestId("invoice-payment")).toContainText("Bank transfer");
    await page.goto("/portal/billing");
    await expect(page.getByTestId("credit-balance")).toHaveText("£5.00");
    expect(await paymentsOf(invoiceId)).toEqual([{ gateway: "bank_transfer", amount: 2199, currency: "GBP", status: "partially_refunded" }]);
    expect(await count("billing", "select count(*) as n from audit_log where action = 'payment.record_bank_transfer' and entity_id = ?", [invoiceId])).toBe(1);
    await expectExactlyOneReceipt(email);
    await expectServiceActive(page, invoiceId);
    await admin.context().close();
  });

  test("staff add account credit and the customer's order is paid from it", async ({ page, browser }) => {
    const email = uniqueEmail("credit-buyer");
    await signUpVerified(page, email, PASSWORD, "Credit Buyer");

    const admin = await newPersonPage(browser);
    await signInAsAdmin(admin);
    await admin.goto("/admin/payments/credit");
    await admin.getByLabel("Customer email").fill(email);
    await admin.getByLabel("Amount").fill("100.00");
    await admin.getByLabel("Reason").fill("Welcome credit");
    await admin.getByRole("button", { name: "Add credit" }).click();
    await expect(admin.getByText(`Balance of ${email}: $100.00`)).toBeVisible();
    await admin.context().close();

    await page.goto("/checkout?plan=vpn-family&cycle=yearly");
    await chooseCountry(page, "US");
    await page.getByLabel("Use my account credit ($100.00 available)").check();
    await expect(page.getByText("Your account credit covers this order in full.")).toBeVisible();
    await expect(page.getByTestId("quote-credit")).toHaveText("−$83.88");
    await expect(page.getByTestId("quote-due")).toHaveText("$0.00");
    await page.getByRole("button", { name: "Place order", exact: true }).click();
    await page.waitForURL(/\/portal\/invoices\/[^/?]+\?paid=1/);
    const invoiceId = invoiceIdFrom(page.url());
    await expect(page.getByText("Payment received — thank you")).toBeVisible();
    expect(await paymentsOf(invoiceId)).toEqual([{ gateway: "credit", amount: 8388, currency: "USD", status: "succeeded" }]);

    await page.goto("/portal/billing");
    await expect(page.getByTestId("credit-balance")).toHaveText("$16.12");
    await expect(page.getByTestId("credit-entry")).toHaveCount(2);
    await expectServiceActive(page, invoiceId);
  });

  test("a price changed in the back office shows on the home page right after saving", async ({ page }) => {
    await signInAsAdmin(page);
    const setFamilyMonthly = async (amount: string) => {
      await page.goto("/admin/products");
      await page.getByRole("link", { name: "Family", exact: true }).click();
      await page.getByLabel("Price Monthly USD").fill(amount);
      await page.getByRole("button", { name: "Save Monthly USD" }).click();
      await expect(page.getByText("Monthly USD price saved")).toBeVisible();
    };
    await setFamilyMonthly("9.49");
    await page.goto("/");
    await expect(page.getByTestId("plan-card").filter({ hasText: "Family" })).toContainText("$9.49");
    expect(await count("billing", "select count(*) as n from audit_log where action = 'price.update'", [])).toBeGreaterThanOrEqual(1);

    // Put the demo price back for the other suites.
    await setFamilyMonthly("8.99");
    await page.goto("/");
    await expect(page.getByTestId("plan-card").filter({ hasText: "Family" })).toContainText("$8.99");
  });
});
