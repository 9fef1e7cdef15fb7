/**
 * Browser-test helpers for billing: the gateway stand-ins' addresses (e2e/support/payment-stand-ins.ts), Stripe
 * webhook deliveries signed with the Stripe SDK's own test helper, PayPal deliveries signed by the stand-in, and a
 * verified customer made through the sign-up and verify pages.
 */
import { expect, type Page } from "@playwright/test";
import Stripe from "stripe";
import { latestEmail, linkIn } from "./identity";
import { E2E_STRIPE, standInPorts } from "./payment-constants";

export { E2E_PAYPAL, E2E_STRIPE } from "./payment-constants";

const appPort = () => Number(process.env.E2E_PORT ?? "3210");
export const appBase = () => `http://127.0.0.1:${appPort()}`;
export const stripeStandIn = () => `http://127.0.0.1:${standInPorts(appPort()).stripe}`;
export const paypalStandIn = () => `http://127.0.0.1:${standInPorts(appPort()).paypal}`;

const signer = new Stripe("sk_test_e2e_signer");

export type StripeEvent = { id: string; type: string; data: { object: Record<string, unknown> } };

/** The events Stripe would send after the session was paid at the stand-in's Checkout page. */
export async function stripeEventsFor(sessionId: string): Promise<StripeEvent[]> {
  const response = await fetch(`${stripeStandIn()}/__e2e/stripe/events/${sessionId}`);
  return (await response.json()) as StripeEvent[];
}

/** POSTs `event` to the app's Stripe webhook with a signature made by stripe.webhooks.generateTestHeaderString. */
export async function deliverStripeEvent(event: StripeEvent, options: { secret?: string; timestamp?: number } = {}): Promise<{ status: number; body: unknown }> {
  const payload = JSON.stringify(event);
  const header = signer.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? E2E_STRIPE.webhookSecret, timestamp: options.timestamp });
  const response = await fetch(`${appBase()}/api/webhooks/stripe`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": header },
    body: payload,
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** Has the PayPal stand-in send (signed with its key) the webhook about the invoice's capture, `times` times. */
export async function deliverPayPalWebhook(invoiceId: string, options: { eventType?: string; times?: number } = {}): Promise<{ eventId: string; statuses: number[] }> {
  const response = await fetch(`${paypalStandIn()}/__e2e/paypal/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ invoiceId, eventType: options.eventType ?? "PAYMENT.CAPTURE.COMPLETED", times: options.times ?? 1 }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as { eventId: string; statuses: number[] };
}

/** Opens the verification link of the newest "verify" email to `email`. */
export async function verifyEmail(page: Page, email: string) {
  const verification = await latestEmail(email, /verify|confirm/i);
  await page.goto(linkIn(verification.text, "/verify?token="));
  await page.getByRole("button", { name: "Confirm email address" }).click();
  await expect(page.getByRole("heading", { name: "Email verified" })).toBeVisible();
}

/** A new customer through the sign-up page, with their email verified (what ordering needs). */
export async function signUpVerified(page: Page, email: string, password: string, name = "Billing Customer") {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/portal/);
  await verifyEmail(page, email);
}

/** The invoice id in a /portal/invoices/<id> URL. */
export function invoiceIdFrom(url: string): string {
  const match = /\/portal\/invoices\/([^/?#]+)/.exec(url);
  if (!match) throw new Error(`not an invoice URL: ${url}`);
  return match[1]!;
}

/** Pays at the Stripe stand-in's Checkout page and delivers the signed events Stripe would send; returns the invoice id. */
export async function payAtStripe(page: Page): Promise<string> {
  await page.waitForURL((url) => url.href.startsWith(`${stripeStandIn()}/checkout/`));
  const sessionId = new URL(page.url()).pathname.split("/").pop()!;
  await page.getByRole("button", { name: "Pay" }).click();
  await page.waitForURL(/\/portal\/invoices\/[^/?]+\?paid=1/);
  for (const event of await stripeEventsFor(sessionId)) expect((await deliverStripeEvent(event)).status).toBe(200);
  await expect(page.getByText("Payment received — thank you")).toBeVisible({ timeout: 15_000 });
  return invoiceIdFrom(page.url());
}
