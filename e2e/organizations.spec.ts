import type { Page } from "@playwright/test";
import { expect, newPersonPage, test } from "./support/test";
import { latestEmail, linkIn, queryDb, signIn, signOut, signUp, uniqueEmail } from "./support/identity";
import { actionResultOf, callServerAction, cookieHeader, findServerAction } from "./support/server-actions";

const PASSWORD = "correct horse battery staple";
const ACTIONS_FILE = "app/portal/organizations/actions.ts";

async function signUpVerified(page: Page, email: string, name: string) {
  await signUp(page, email, PASSWORD, name);
  const mail = await latestEmail(email, /verify|confirm/i);
  await page.goto(linkIn(mail.text, "/verify?token="));
  await page.getByRole("button", { name: "Confirm email address" }).click();
  await expect(page.getByRole("heading", { name: "Email verified" })).toBeVisible();
}

async function createOrganization(page: Page, name: string): Promise<string> {
  await page.goto("/portal/organizations");
  await page.getByLabel("Organization name").fill(name);
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.waitForURL(/\/portal\/organizations\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return page.url().split("/").pop()!;
}

async function invite(page: Page, email: string, role: string) {
  const form = page.locator("form", { has: page.getByRole("button", { name: "Send invitation" }) });
  await form.getByLabel("Email address").fill(email);
  await form.getByLabel("Role").selectOption(role);
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${email}`)).toBeVisible();
}

async function inviteLink(email: string): Promise<string> {
  const mail = await latestEmail(email, /invited to/i);
  return linkIn(mail.text, "/portal/organizations/accept?token=");
}

const memberRow = (page: Page, email: string) => page.getByTestId("member-row").filter({ hasText: email });
/** The role badge of a member row (the row also holds a role picker whose options name every role). */
const roleOf = (page: Page, email: string) => memberRow(page, email).locator("[data-role]");

test.describe("organizations", () => {
  test("create, invite by email, accept after signing in, change roles, protect the creator, leave", async ({ page, browser, baseURL }) => {
    // Three people, six emails and a dozen page loads: a long journey on purpose.
    test.setTimeout(180_000);
    const ownerEmail = uniqueEmail("org-owner");
    await signUpVerified(page, ownerEmail, "Olivia Owner");

    await page.goto("/portal");
    await page.getByRole("link", { name: "Organizations", exact: true }).filter({ visible: true }).first().click();
    await expect(page.getByRole("heading", { name: "No organizations yet" })).toBeVisible();

    // The same rules as the server, while typing.
    await page.getByLabel("Organization name").fill("A");
    await page.getByLabel("Organization name").blur();
    await expect(page.getByText("At least 2 characters.")).toBeVisible();

    const orgId = await createOrganization(page, "Acme Rockets");
    await expect(roleOf(page, ownerEmail)).toHaveAttribute("data-role", "owner");
    await expect(memberRow(page, ownerEmail)).toContainText("Creator");
    await expect(page.getByText("You created this organization, so you stay its owner and cannot leave it.")).toBeVisible();
    await expect(page.getByRole("heading", { name: "No pending invitations" })).toBeVisible();

    // Invite two people; revoke one.
    const memberEmail = uniqueEmail("org-member");
    const strayEmail = uniqueEmail("org-stray");
    await invite(page, memberEmail, "billing");
    await invite(page, strayEmail, "member");
    await expect(page.getByTestId("pending-invite")).toHaveCount(2);
    await expect(page.getByTestId("pending-invite").filter({ hasText: memberEmail }).locator("[data-role]")).toHaveText("Billing");
    await page.getByRole("button", { name: `Revoke the invitation for ${strayEmail}` }).click();
    const revokeDialog = page.getByRole("dialog", { name: `Revoke the invitation for ${strayEmail}?` });
    await revokeDialog.getByRole("button", { name: "Revoke" }).click();
    await expect(page.getByText(`Invitation for ${strayEmail} revoked`)).toBeVisible();
    await expect(page.getByTestId("pending-invite")).toHaveCount(1);

    // The invitee has an account but is signed out: the link sends them to sign in and back.
    const member = await newPersonPage(browser);
    await signUpVerified(member, memberEmail, "Ben Billing");
    await member.goto("/portal");
    await signOut(member);
    const link = await inviteLink(memberEmail);

    // A mail scanner fetching the link accepts nothing.
    const scanned = await member.request.get(link, { maxRedirects: 0 });
    expect([200, 307, 308]).toContain(scanned.status());
    const [stillPending] = await queryDb<{ accepted_at: number | null }>("identity", "select accepted_at from organization_invites where email = ?", [memberEmail]);
    expect(stillPending!.accepted_at).toBeNull();

    await member.goto(link);
    await expect(member).toHaveURL(/\/sign-in\?next=%2Fportal%2Forganizations%2Faccept%3Ftoken%3D/);
    await member.getByLabel("Email").fill(memberEmail);
    await member.getByLabel("Password").fill(PASSWORD);
    await member.getByRole("button", { name: "Sign in" }).click();
    await member.waitForURL(/\/portal\/organizations\/accept\?token=/);
    await expect(member.getByText(`You are signed in as ${memberEmail}.`)).toBeVisible();
    // Opening the page, signed in, accepted nothing either: only the button does.
    const [afterOpen] = await queryDb<{ accepted_at: number | null }>("identity", "select accepted_at from organization_invites where email = ?", [memberEmail]);
    expect(afterOpen!.accepted_at).toBeNull();
    await member.getByRole("button", { name: "Accept invitation" }).click();
    await expect(member.getByRole("heading", { name: "You joined the organization" })).toBeVisible();
    await expect(member.getByText("Your role is Billing.")).toBeVisible();
    await member.getByRole("link", { name: "Open the organization" }).click();
    await expect(member.getByRole("heading", { level: 1, name: "Acme Rockets" })).toBeVisible();
    // Billing sees the members but cannot manage them.
    await expect(member.getByText("Only owners and admins can invite people or change roles.")).toBeVisible();
    await expect(member.getByRole("button", { name: "Send invitation" })).toHaveCount(0);
    await expect(member.getByRole("button", { name: "Apply" })).toHaveCount(0);

    // The link is single-use.
    await member.goto(link);
    await member.getByRole("button", { name: "Accept invitation" }).click();
    await expect(member.locator("main").getByRole("alert")).toContainText("invalid, was already used or has expired");

    // A revoked invitation's link does not work either.
    const strayLink = await inviteLink(strayEmail);
    const stray = await newPersonPage(browser);
    await signUpVerified(stray, strayEmail, "Sam Stray");
    await stray.goto(strayLink);
    await stray.getByRole("button", { name: "Accept invitation" }).click();
    await expect(stray.getByRole("heading", { name: "This invitation doesn't work" })).toBeVisible();
    await expect(stray.locator("main").getByRole("alert")).toContainText("invalid, was already used or has expired");
    await stray.close();

    // The owner promotes the member to admin; as admin they can invite, but not owners.
    await page.reload();
    await expect(roleOf(page, memberEmail)).toHaveText("Billing");
    await page.getByLabel(`Role of Ben Billing (${memberEmail})`).selectOption("admin");
    await memberRow(page, memberEmail).getByRole("button", { name: "Apply" }).click();
    await expect(page.getByText(`Ben Billing (${memberEmail}) is now Admin`)).toBeVisible();
    await expect(roleOf(page, memberEmail)).toHaveText("Admin");

    await member.goto(`/portal/organizations/${orgId}`);
    const inviteRole = member.locator("form", { has: member.getByRole("button", { name: "Send invitation" }) }).getByLabel("Role");
    await expect(inviteRole.locator("option")).toHaveText(["Admin", "Billing", "Member"]);
    // An admin cannot touch the creator: no controls on that row; a tampered form gets a clear refusal.
    await expect(memberRow(member, ownerEmail).getByRole("button")).toHaveCount(0);
    const [owner] = await queryDb<{ id: string }>("identity", "select id from users where email = ?", [ownerEmail]);

    // Make the member an owner, then let them try to demote the creator through a tampered form.
    await page.getByLabel(`Role of Ben Billing (${memberEmail})`).selectOption("owner");
    await memberRow(page, memberEmail).getByRole("button", { name: "Apply" }).click();
    await expect(roleOf(page, memberEmail)).toHaveText("Owner");
    await member.reload();
    await expect(member.getByText("The creator stays an owner, so the organization always has one.")).toBeVisible();
    const ownMemberRow = memberRow(member, memberEmail);
    await expect(ownMemberRow.locator("[data-role]")).toHaveText("Owner");
    // Only rows the member may change have a form; the member's own row has one (an owner may step down).
    await ownMemberRow.locator('input[name="userId"]').evaluate((el, id) => ((el as HTMLInputElement).value = id), owner!.id);
    await ownMemberRow.getByLabel(/Role of/).selectOption("member");
    await ownMemberRow.getByRole("button", { name: "Apply" }).click();
    await expect(ownMemberRow.getByRole("alert")).toContainText("The organization's creator stays an owner.");
    const [creatorRole] = await queryDb<{ role: string }>("identity", "select role from organization_members where organization_id = ? and user_id = ?", [orgId, owner!.id]);
    expect(creatorRole!.role).toBe("owner");

    // Removing the creator directly, as an attacker would, is refused with the same clear words.
    const remove = findServerAction(ACTIONS_FILE, "removeMemberAction");
    const removal = await callServerAction(remove, { organizationId: orgId, userId: owner!.id }, { baseURL: baseURL!, cookie: await cookieHeader(member) });
    expect(actionResultOf(removal)).toMatchObject({ ok: false, formError: "The organization's creator cannot be removed." });

    // The member leaves; the organization disappears from their list and its page is a 404 for them.
    await member.reload();
    await member.getByRole("button", { name: "Leave organization" }).click();
    await member.getByRole("dialog", { name: "Leave “Acme Rockets”?" }).getByRole("button", { name: "Leave organization" }).click();
    await member.waitForURL(/\/portal\/organizations\?notice=left$/);
    await expect(member.getByText("You left the organization.")).toBeVisible();
    await expect(member.getByTestId("organization-row")).toHaveCount(0);
    expect((await member.goto(`/portal/organizations/${orgId}`))?.status()).toBe(404);
    await member.close();

    await page.reload();
    await expect(page.getByTestId("member-row")).toHaveCount(1);
  });

  test("removing a member asks first and names them", async ({ page, browser }) => {
    const ownerEmail = uniqueEmail("org-remover");
    await signUpVerified(page, ownerEmail, "Rita Remover");
    await createOrganization(page, "Removal Test Ltd");
    const memberEmail = uniqueEmail("org-removed");
    await invite(page, memberEmail, "member");

    const member = await newPersonPage(browser);
    await signUpVerified(member, memberEmail, "Max Member");
    await member.goto(await inviteLink(memberEmail));
    await member.getByRole("button", { name: "Accept invitation" }).click();
    await expect(member.getByText("Your role is Member.")).toBeVisible();
    await member.close();

    await page.reload();
    await page.getByRole("button", { name: `Remove Max Member (${memberEmail})` }).click();
    const dialog = page.getByRole("dialog", { name: `Remove Max Member (${memberEmail}) from “Removal Test Ltd”?` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(memberRow(page, memberEmail)).toHaveCount(1);
    await page.getByRole("button", { name: `Remove Max Member (${memberEmail})` }).click();
    await dialog.getByRole("button", { name: "Remove" }).click();
    await expect(page.getByText(`Max Member (${memberEmail}) was removed`)).toBeVisible();
    await expect(memberRow(page, memberEmail)).toHaveCount(0);
  });

  test("an invitation only works for the address it was sent to, and unverified accounts cannot invite", async ({ page, browser }) => {
    const ownerEmail = uniqueEmail("org-inviter");
    await signUpVerified(page, ownerEmail, "Ivy Inviter");
    await createOrganization(page, "Mismatch Inc");
    const invitedEmail = uniqueEmail("org-invited");
    await invite(page, invitedEmail, "member");
    const link = await inviteLink(invitedEmail);

    const other = await newPersonPage(browser);
    const otherEmail = uniqueEmail("org-other");
    await signUpVerified(other, otherEmail, "Oscar Other");
    await other.goto(link);
    await other.getByRole("button", { name: "Accept invitation" }).click();
    await expect(other.locator("main").getByRole("alert")).toContainText("sent to a different email address");
    const [pending] = await queryDb<{ accepted_at: number | null }>("identity", "select accepted_at from organization_invites where email = ?", [invitedEmail]);
    expect(pending!.accepted_at).toBeNull();

    // A malformed link shows the failure straight away.
    await other.goto("/portal/organizations/accept?token=<script>");
    await expect(other.getByRole("heading", { name: "This invitation doesn't work" })).toBeVisible();
    await other.close();

    // Invitations send email to any address typed in: an unverified account may not send them.
    const unverified = await newPersonPage(browser);
    await signUp(unverified, uniqueEmail("org-unverified"), PASSWORD, "Una Unverified");
    await createOrganization(unverified, "Unverified Co");
    await expect(unverified.getByText("Verify your email address before inviting people.")).toBeVisible();
    const target = uniqueEmail("org-spam-target");
    const form = unverified.locator("form", { has: unverified.getByRole("button", { name: "Send invitation" }) });
    await form.getByLabel("Email address").fill(target);
    await form.getByRole("button", { name: "Send invitation" }).click();
    await expect(unverified.locator("main").getByRole("alert")).toContainText("Verify your email address before inviting people.");
    expect(await queryDb("identity", "select id from organization_invites where email = ?", [target])).toHaveLength(0);
    expect(await queryDb("ops", "select id from email_outbox where to_address = ?", [target])).toHaveLength(0);
    await unverified.close();
  });

  test("another customer's organization: its page is a 404 and every action, called directly, changes nothing", async ({ page, browser, baseURL }) => {
    const ownerEmail = uniqueEmail("org-victim");
    await signUpVerified(page, ownerEmail, "Vera Victim");
    const orgId = await createOrganization(page, "Victim Holdings");
    await invite(page, uniqueEmail("org-victim-invitee"), "member");
    const [invitation] = await queryDb<{ id: string }>("identity", "select id from organization_invites where organization_id = ?", [orgId]);
    const [owner] = await queryDb<{ id: string }>("identity", "select id from users where email = ?", [ownerEmail]);

    const attacker = await newPersonPage(browser);
    const attackerEmail = uniqueEmail("org-attacker");
    await signUpVerified(attacker, attackerEmail, "Mallory");
    const [mallory] = await queryDb<{ id: string }>("identity", "select id from users where email = ?", [attackerEmail]);
    expect((await attacker.goto(`/portal/organizations/${orgId}`))?.status()).toBe(404);
    await expect(attacker.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(attacker.getByText("Victim Holdings")).toHaveCount(0);

    const snapshot = async () =>
      JSON.stringify([
        await queryDb("identity", "select user_id, role from organization_members where organization_id = ? order by user_id", [orgId]),
        await queryDb("identity", "select id, email, role, accepted_at, revoked_at from organization_invites where organization_id = ? order by id", [orgId]),
        await queryDb("identity", "select name, owner_id, status from organizations where id = ?", [orgId]),
      ]);
    const before = await snapshot();
    const cookie = await cookieHeader(attacker);
    const attempts: Array<[string, Record<string, string>]> = [
      ["inviteMemberAction", { organizationId: orgId, email: attackerEmail, role: "owner" }],
      ["changeMemberRoleAction", { organizationId: orgId, userId: owner!.id, role: "member" }],
      ["changeMemberRoleAction", { organizationId: orgId, userId: mallory!.id, role: "owner" }],
      ["removeMemberAction", { organizationId: orgId, userId: owner!.id }],
      ["revokeInviteAction", { organizationId: orgId, inviteId: invitation!.id }],
      ["leaveOrganizationAction", { organizationId: orgId }],
    ];
    for (const [name, fields] of attempts) {
      const response = await callServerAction(findServerAction(ACTIONS_FILE, name), fields, { baseURL: baseURL!, cookie });
      const result = actionResultOf(response);
      expect(result, `${name}: ${response.raw.slice(0, 200)}`).not.toBeNull();
      // Not a member: "not found", the same answer as for an id that does not exist.
      expect(result, name).toMatchObject({ ok: false, formError: "Organization not found" });
    }
    expect(await snapshot()).toBe(before);
    await attacker.close();
  });
});
