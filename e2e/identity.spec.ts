import { expect, newPersonPage, test } from "./support/test";
import {
  enrolTwoFactor,
  latestEmail,
  linkIn,
  queryDb,
  signIn,
  signInAsAdmin,
  signInWithTotp,
  signOut,
  signUp,
  uniqueEmail,
} from "./support/identity";

const PASSWORD = "correct horse battery staple";

test.describe("accounts and two-step verification", () => {
  test("sign up → verify by email → sign in → enrol 2FA → sign in with TOTP → sign in with a recovery code", async ({ page }) => {
    const email = uniqueEmail("journey");
    await signUp(page, email, PASSWORD, "Journey Person");
    await page.goto("/portal/account");
    await expect(page.getByText("Verify your email to order")).toBeVisible();

    const verification = await latestEmail(email, /verify|confirm/i);
    await page.goto(linkIn(verification.text, "/verify?token="));
    await page.getByRole("button", { name: "Confirm email address" }).click();
    await expect(page.getByRole("heading", { name: "Email verified" })).toBeVisible();
    // The link is single-use.
    await page.goto(linkIn(verification.text, "/verify?token="));
    await page.getByRole("button", { name: "Confirm email address" }).click();
    await expect(page.getByRole("heading", { name: "This link doesn't work" })).toBeVisible();

    await page.goto("/portal/account");
    await expect(page.getByText("(verified)")).toBeVisible();
    const { secret, recoveryCodes } = await enrolTwoFactor(page);
    await signOut(page);

    // Password alone is not enough any more.
    await signIn(page, email, PASSWORD);
    await expect(page.getByRole("heading", { name: "Two-step verification" })).toBeVisible();
    await page.getByLabel("Authentication code").fill("000000");
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.locator("main").getByRole("alert")).toContainText("That code didn't work");

    await page.goto("/");
    await signInWithTotp(page, email, PASSWORD, secret);
    await page.waitForURL(/\/portal/);
    await signOut(page);

    await signIn(page, email, PASSWORD);
    await page.getByRole("button", { name: "Use a recovery code instead" }).click();
    await page.getByLabel("Recovery code").fill(recoveryCodes[0]!);
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL(/\/portal/);
    await page.goto("/portal/account/security");
    await expect(page.getByText("9 recovery codes left.")).toBeVisible();
    await expect(page.getByTestId("auth-event").filter({ hasText: "Recovery code used" })).toHaveCount(1);
    await signOut(page);

    // A used recovery code never works again.
    await signIn(page, email, PASSWORD);
    await page.getByRole("button", { name: "Use a recovery code instead" }).click();
    await page.getByLabel("Recovery code").fill(recoveryCodes[0]!);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.locator("main").getByRole("alert")).toContainText("That code didn't work");
  });

  test("password reset never reveals whether an email exists, and the new password replaces the old", async ({ page }) => {
    const email = uniqueEmail("reset");
    await signUp(page, email, PASSWORD);
    await signOut(page);

    for (const address of [uniqueEmail("nobody"), email]) {
      await page.goto("/forgot-password");
      await page.getByLabel("Email").fill(address);
      await page.getByRole("button", { name: "Send reset link" }).click();
      await expect(page.getByText("If an account exists for that address")).toBeVisible();
    }
    const mail = await latestEmail(email, /reset/i);
    await page.goto(linkIn(mail.text, "/reset-password?token="));
    await page.getByLabel("New password").fill("a brand new passphrase 42");
    await page.getByRole("button", { name: "Set password" }).click();
    await expect(page.getByText("Your password was changed")).toBeVisible();

    await signIn(page, email, PASSWORD);
    await expect(page.locator("main").getByRole("alert")).toContainText("The email or password is incorrect.");
    await signIn(page, email, "a brand new passphrase 42");
    await page.waitForURL(/\/portal/);
  });

  test("repeated wrong passwords lock the account; the user and staff both see it", async ({ page, browser }) => {
    const email = uniqueEmail("brute");
    await signUp(page, email, PASSWORD);
    await signOut(page);
    for (let i = 0; i < 5; i++) await signIn(page, email, `wrong password ${i}`);
    await signIn(page, email, PASSWORD);
    await expect(page.locator("main").getByRole("alert")).toContainText("Too many failed attempts");

    const staff = await newPersonPage(browser);
    await signInAsAdmin(staff);
    await staff.goto("/admin/security");
    await expect(staff.getByTestId("staff-auth-event").filter({ hasText: email }).filter({ hasText: "Locked" }).first()).toBeVisible();
    await staff.close();
  });
});

test.describe("staff access", () => {
  test("an invited staff member without 2FA cannot open /admin until they enrol", async ({ page, browser }) => {
    test.slow(); // a long journey: invite, set password, sign in, enrol, then four guarded pages
    const admin = await newPersonPage(browser);
    await signInAsAdmin(admin);
    const email = uniqueEmail("support-staff");
    await admin.goto("/admin/staff");
    await admin.getByLabel("Email", { exact: true }).fill(email);
    await admin.getByLabel("Role", { exact: true }).selectOption("support");
    await admin.getByRole("button", { name: "Invite" }).click();
    await expect(admin.getByText("Invitation sent.")).toBeVisible();
    await admin.close();

    const invite = await latestEmail(email, /.*/);
    await page.goto(linkIn(invite.text, "/reset-password?token="));
    await page.getByLabel("New password").fill(PASSWORD);
    await page.getByRole("button", { name: "Set password" }).click();
    await signIn(page, email, PASSWORD);
    await page.waitForURL(/\/portal\/account\/security\?required=staff/);
    await expect(page.getByText("Staff accounts need two-step verification")).toBeVisible();

    await page.goto("/admin");
    await expect(page).toHaveURL(/\/portal\/account\/security\?required=staff/);
    await page.goto("/admin/customers");
    await expect(page).toHaveURL(/\/portal\/account\/security\?required=staff/);

    await enrolTwoFactor(page);
    await page.goto("/admin/customers");
    await expect(page.getByRole("heading", { name: "Customers", exact: true })).toBeVisible();
    // Support may read customers but not manage staff or block addresses.
    const staffPage = await page.goto("/admin/staff");
    expect(staffPage?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
    expect((await page.goto("/admin/security"))?.status()).toBe(403);
  });

  test("a customer gets no back office at all", async ({ page }) => {
    await signUp(page, uniqueEmail("customer"), PASSWORD);
    expect((await page.goto("/admin"))?.status()).toBe(403);
    expect((await page.goto("/admin/customers"))?.status()).toBe(403);
  });

  test("signed-out visitors are sent to sign in, and come back after", async ({ page }) => {
    await page.goto("/portal/account/security");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fportal%2Faccount%2Fsecurity/);
  });
});

test.describe("API tokens", () => {
  test("a token is shown once, works on /api/v1/me within its scope, and stops at once when revoked", async ({ page, request }) => {
    const email = uniqueEmail("api");
    await signUp(page, email, PASSWORD);
    await page.goto("/portal/account/api-tokens");
    await page.getByLabel("Token name").fill("backup script");
    await page.getByLabel("Read your profile").check();
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-api-token").textContent())!.trim();
    expect(token).toMatch(/^sk_/);

    const me = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
    expect(me.status()).toBe(200);
    const body = await me.json();
    expect(body.data.email).toBe(email);
    expect(JSON.stringify(body)).not.toMatch(/passwordHash|password_hash|tokenHash|secret|argon2/i);

    await page.reload();
    await expect(page.getByTestId("new-api-token")).toHaveCount(0);
    await expect(page.getByTestId("api-token-row")).toContainText(`…${token.slice(-4)}`);
    page.once("dialog", (d) => d.accept());
    await page.getByRole("button", { name: "Revoke backup script" }).click();
    await expect(page.getByTestId("api-token-row")).toContainText("Revoked");
    const after = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
    expect(after.status()).toBe(401);
    expect((await request.get("/api/v1/me")).status()).toBe(401);
    expect((await request.get("/api/v1/me", { headers: { authorization: "Bearer sk_forged" } })).status()).toBe(401);
  });
});

test.describe("other customers' records", () => {
  test("another customer's session and API token ids get nothing, through the real forms", async ({ page, browser }) => {
    // Victim: a session and a token.
    const victim = await newPersonPage(browser);
    const victimEmail = uniqueEmail("victim");
    await signUp(victim, victimEmail, PASSWORD);
    await victim.goto("/portal/account/api-tokens");
    await victim.getByLabel("Token name").fill("victim token");
    await victim.getByLabel("Read your profile").check();
    await victim.getByRole("button", { name: "Create token" }).click();
    const victimToken = (await victim.getByTestId("new-api-token").textContent())!.trim();
    const [victimRow] = await queryDb<{ id: string; user_id: string }>(
      "identity",
      "select t.id, t.user_id from api_tokens t join users u on u.id = t.user_id where u.email = ?",
      [victimEmail],
    );
    const [victimSession] = await queryDb<{ id: string }>(
      "identity",
      "select s.id from user_sessions s join users u on u.id = s.user_id where u.email = ? and s.revoked_at is null",
      [victimEmail],
    );

    // Attacker: uses their own pages but puts the victim's ids into the forms.
    const attackerEmail = uniqueEmail("attacker");
    await signUp(page, attackerEmail, PASSWORD);
    await page.goto("/portal/account/api-tokens");
    await page.getByLabel("Token name").fill("mine");
    await page.getByLabel("Read your profile").check();
    await page.getByRole("button", { name: "Create token" }).click();
    await page.reload();
    await page.locator('input[name="tokenId"]').evaluate((el, id) => ((el as HTMLInputElement).value = id), victimRow!.id);
    page.once("dialog", (d) => d.accept());
    await page.getByRole("button", { name: "Revoke mine" }).click();
    await expect(page.locator("main").getByRole("alert")).toBeVisible();

    // A second session of the attacker's own gives the page an "End session" form to tamper with.
    const second = await newPersonPage(browser);
    await signIn(second, attackerEmail, PASSWORD);
    await second.waitForURL(/\/portal/);
    await page.goto("/portal/account/security");
    await page.locator('input[name="sessionId"]').first().evaluate((el, id) => ((el as HTMLInputElement).value = id), victimSession!.id);
    await page.getByRole("button", { name: "End session" }).first().click();
    await expect(page.locator("main").getByRole("alert").first()).toBeVisible();
    await second.close();

    const victimTokenStill = await victim.request.get("/api/v1/me", { headers: { authorization: `Bearer ${victimToken}` } });
    expect(victimTokenStill.status()).toBe(200);
    const [stillOpen] = await queryDb<{ revoked_at: number | null }>("identity", "select revoked_at from user_sessions where id = ?", [
      victimSession!.id,
    ]);
    expect(stillOpen!.revoked_at).toBeNull();
    await victim.close();
  });
});

test.describe("security headers", () => {
  test("session and credential pages carry a nonce-based CSP; cached public pages a nonce-free one; all carry HSTS, frame-ancestors none, nosniff and a referrer policy", async ({ request }) => {
    for (const path of ["/", "/sign-in", "/vpn"]) {
      const response = await request.get(path);
      const headers = response.headers();
      expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(headers["content-security-policy"]).toContain("object-src 'none'");
      expect(headers["strict-transport-security"]).toContain("max-age=");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      const html = await response.text();
      if (path === "/sign-in") {
        // lib/security/csp.ts: strict policy where passwords and sessions are handled.
        expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'sha256-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
        const nonce = headers["content-security-policy"]!.match(/'nonce-([^']+)'/)![1];
        expect(html).toContain(`nonce="${nonce}"`);
      } else {
        // Static pages served from the page cache cannot carry a per-request nonce.
        expect(headers["content-security-policy"]).toContain("script-src 'self' 'unsafe-inline'");
        expect(headers["content-security-policy"]).not.toContain("nonce-");
      }
    }
  });
});
