import type { Page } from "@playwright/test";
import { githubStandInPort, type GitHubUser } from "./support/github-stand-in";
import { enrolTwoFactor, latestEmail, linkIn, nextTotp, queryDb, signIn, signOut, signUp, uniqueEmail } from "./support/identity";
import { verifyEmail } from "./support/payments";
import { expect, newPersonPage, test } from "./support/test";

/**
 * GitHub sign-in against a local OAuth stand-in (authorize page, code exchange with PKCE, user and emails API):
 * the real Auth.js flow and our policy in lib/auth/oauth.ts, in the browser.
 */
const standIn = () => `http://127.0.0.1:${githubStandInPort(Number(process.env.E2E_PORT ?? "3210"))}`;
let githubId = 500_000 + Math.floor(Math.random() * 100_000);

async function asGitHubUser(email: string, verified = true): Promise<GitHubUser> {
  const user: GitHubUser = { id: githubId++, login: email.split("@")[0]!, name: "Octo Cat", emails: [{ email, primary: true, verified }] };
  const res = await fetch(`${standIn()}/__e2e/github/user`, { method: "POST", body: JSON.stringify(user) });
  expect(res.ok).toBe(true);
  return user;
}

async function continueWithGitHub(page: Page) {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Continue with GitHub" }).click();
  await expect(page.getByRole("heading", { name: "Authorize Skyport" })).toBeVisible();
  await page.getByRole("button", { name: "Authorize" }).click();
}

test("a new visitor signs in with GitHub: a verified account is created, provider tokens are not stored", async ({ page }) => {
  const email = uniqueEmail("octo");
  const github = await asGitHubUser(email);
  await continueWithGitHub(page);
  await page.waitForURL(/\/portal/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  const [user] = await queryDb<{ id: string; email_verified: number | null; password_hash: string | null }>(
    "identity",
    "select id, email_verified, password_hash from users where email = ?",
    [email],
  );
  expect(user?.email_verified).not.toBeNull();
  expect(user?.password_hash).toBeNull();
  const links = await queryDb<{ provider_account_id: string; access_token: string | null; refresh_token: string | null }>(
    "identity",
    "select provider_account_id, access_token, refresh_token from accounts where user_id = ? and provider = 'github'",
    [user!.id],
  );
  expect(links).toEqual([{ provider_account_id: String(github.id), access_token: null, refresh_token: null }]);
  const events = await queryDb<{ type: string }>("identity", "select type from auth_events where user_id = ? and provider = 'github' order by created_at", [user!.id]);
  expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["sign_up", "sign_in_success"]));
});

test("GitHub sign-in joins the existing account with that verified email; its password keeps working", async ({ browser }) => {
  const email = uniqueEmail("linked");
  const password = "a long enough passphrase 1";
  const owner = await newPersonPage(browser);
  await signUp(owner, email, password);
  const mail = await latestEmail(email, /verify|confirm/i);
  await owner.goto(linkIn(mail.text, "/verify?token="));
  await owner.getByRole("button", { name: "Confirm email address" }).click();
  await expect(owner.getByRole("heading", { name: "Email verified" })).toBeVisible();
  await owner.close();
  const [account] = await queryDb<{ id: string }>("identity", "select id from users where email = ? and email_verified is not null", [email]);
  expect(account).toBeDefined();

  const page = await newPersonPage(browser);
  await asGitHubUser(email);
  await continueWithGitHub(page);
  await page.waitForURL(/\/portal/);
  expect(await queryDb("identity", "select user_id from accounts where provider = 'github' and user_id = ?", [account!.id])).toHaveLength(1);
  expect(await queryDb("identity", "select id from users where email = ?", [email])).toHaveLength(1);
  await page.close();

  const again = await newPersonPage(browser);
  await signIn(again, email, password);
  await again.waitForURL(/\/portal/);
  await again.close();
});

test("GitHub without a verified email is refused with a clear message and no account", async ({ page }) => {
  const email = uniqueEmail("unverified-gh");
  await asGitHubUser(email, false);
  await continueWithGitHub(page);
  await page.waitForURL(/\/sign-in\?error=no_verified_email/);
  await expect(page.locator("main").getByRole("alert")).toContainText("didn't share a verified email");
  expect(await queryDb("identity", "select id from users where email = ?", [email])).toEqual([]);
});

test("an account with two-step verification is asked for its code after GitHub", async ({ page }) => {
  const email = uniqueEmail("gh2fa");
  await signUp(page, email, "a long enough passphrase 2");
  // Verified first: an unverified look-alike would be taken back by GitHub's verified owner (and its 2FA removed).
  await verifyEmail(page, email);
  const { secret } = await enrolTwoFactor(page);
  await signOut(page);

  await asGitHubUser(email);
  await continueWithGitHub(page);
  await page.waitForURL(/\/sign-in\?challenge=/);
  await expect(page.getByRole("heading", { name: "Two-step verification" })).toBeVisible();
  // Not signed in yet: the portal still sends us to sign in.
  await page.getByLabel("Authentication code").fill("000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.locator("main").getByRole("alert")).toContainText("didn't work");
  await page.getByLabel("Authentication code").fill(nextTotp(secret));
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL(/\/portal/);
  const [row] = await queryDb<{ provider: string }>(
    "identity",
    "select e.provider from auth_events e join users u on u.id = e.user_id where u.email = ? and e.type = 'sign_in_success' order by e.created_at desc limit 1",
    [email],
  );
  expect(row?.provider).toBe("github");
});
