/**
 * Browser-test helpers that act as a person would: read the email the app sent (from the ops email outbox of
 * the test server's own databases), type TOTP codes generated from the secret shown on the page.
 */
import { createClient } from "@libsql/client";
import { expect, type Page } from "@playwright/test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Secret, TOTP } from "otpauth";

const dataDir = () => process.env.E2E_DATA_DIR!;

export async function queryDb<T = Record<string, unknown>>(db: string, sql: string, args: unknown[] = []): Promise<T[]> {
  const client = createClient({ url: `file:${path.join(dataDir(), `${db}.db`)}` });
  try {
    const result = await client.execute({ sql, args: args as never });
    return result.rows as unknown as T[];
  } finally {
    client.close();
  }
}

/** The newest email to `to` whose subject matches, waiting for it to be written. */
export async function latestEmail(to: string, subject: RegExp, timeoutMs = 10_000): Promise<{ subject: string; text: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const rows = await queryDb<{ subject: string; text: string }>(
      "ops",
      "select subject, text from email_outbox where to_address = ? order by created_at desc",
      [to.toLowerCase()],
    );
    const match = rows.find((r) => subject.test(r.subject));
    if (match) return match;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`No email to ${to} matching ${subject}`);
}

export function linkIn(text: string, pathPrefix: string): string {
  const match = text.match(new RegExp(`https?://[^\\s)]+${pathPrefix.replace(/[/?]/g, "\\$&")}[^\\s)]*`));
  if (!match) throw new Error(`No ${pathPrefix} link in:\n${text}`);
  const url = new URL(match[0]);
  return url.pathname + url.search;
}

const lastStep = new Map<string, number>();

/** A code for this secret that the server has not seen yet (codes are single-use: replay protection). */
export function nextTotp(secret: string): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" });
  const now = Math.floor(Date.now() / 1000 / 30);
  const step = Math.max(now, (lastStep.get(secret) ?? -1) + 1);
  if (step > now + 1) throw new Error("Used every TOTP code of this window; wait for the next one");
  lastStep.set(secret, step);
  return totp.generate({ timestamp: step * 30_000 });
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signInWithTotp(page: Page, email: string, password: string, secret: string) {
  await signIn(page, email, password);
  await expect(page.getByRole("heading", { name: "Two-step verification" })).toBeVisible();
  await page.getByLabel("Authentication code").fill(nextTotp(secret));
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await page.waitForURL((url) => url.pathname === "/");
}

/** Turns on TOTP from the security page; returns the secret and the recovery codes shown once. */
export async function enrolTwoFactor(page: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.goto("/portal/account/security");
  await page.getByRole("button", { name: "Set up two-step verification" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel("Code from the app").first().fill(nextTotp(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("Save your recovery codes now")).toBeVisible();
  const recoveryCodes = (await page.getByTestId("recovery-code").allTextContents()).map((c) => c.trim());
  expect(recoveryCodes).toHaveLength(10);
  return { secret, recoveryCodes };
}

/**
 * Signs the seeded admin in, enrolling 2FA the first time (staff need it for /admin). The session cookie is kept
 * and reused, as a staff member's browser would: signing the same account in dozens of times would (rightly) trip
 * the per-account sign-in rate limit.
 */
export async function signInAsAdmin(page: Page): Promise<void> {
  const email = process.env.E2E_ADMIN_EMAIL!;
  const password = process.env.E2E_ADMIN_PASSWORD!;
  const secretFile = path.join(dataDir(), "admin-totp-secret");
  const cookieFile = path.join(dataDir(), "admin-cookies.json");
  if (existsSync(cookieFile)) {
    await page.context().addCookies(JSON.parse(readFileSync(cookieFile, "utf8")));
    await page.goto("/admin");
    if (new URL(page.url()).pathname === "/admin") {
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      return;
    }
    await page.context().clearCookies();
  }
  if (existsSync(secretFile)) {
    await signInWithTotp(page, email, password, readFileSync(secretFile, "utf8"));
  } else {
    await signIn(page, email, password);
    await page.waitForURL(/\/(admin|portal)/);
    const { secret } = await enrolTwoFactor(page);
    writeFileSync(secretFile, secret);
  }
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  writeFileSync(cookieFile, JSON.stringify(await page.context().cookies()));
}

let counter = 0;
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}-${counter++}@example.test`;
}

/** Signs up through the form; returns once the portal shows. */
export async function signUp(page: Page, email: string, password: string, name = "Test Customer") {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/portal/);
}
