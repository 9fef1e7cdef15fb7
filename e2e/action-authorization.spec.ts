/**
 * Server actions are public HTTP endpoints: anyone can POST to any page with `Next-Action: <id>` and arguments of
 * their choosing, without ever loading the form. These tests do exactly that for EVERY action the production build
 * exposes from app/admin/** and app/portal/**, enumerated from the build's manifest (so an action added later is
 * covered without touching this file), as:
 *   - anonymous callers (a forged session cookie to get past the optimistic proxy redirect, and no cookie at all);
 *   - a signed-in customer;
 *   - a staff member who has not set up 2FA yet;
 *   - a support-role staff member with 2FA, for every action needing a permission support lacks.
 * Each call must come back as an authorization refusal (not ok:true, not a validation error: actions authorize
 * before they look at input), and a snapshot of every table of every database must be unchanged afterwards.
 * Positive controls (the same helper making real changes as an admin) show the calls reach the actions at all.
 * A permission held is not a key to everything: billing's customers.write cannot reset a staff member's 2FA.
 * (Checked against deliberately broken builds: a write before the permission check, and a swallowed
 * authorization error, both make these tests fail.)
 */
import { readdirSync, readFileSync } from "node:fs";
import type { Browser, Page } from "@playwright/test";
import { expect, newPersonPage, test } from "./support/test";
import { enrolTwoFactor, latestEmail, linkIn, queryDb, signIn, signInAsAdmin, signUp, uniqueEmail } from "./support/identity";
import {
  actionResultOf,
  callServerAction,
  cookieHeader,
  declaredStaffPermissions,
  encodeActionArgs,
  findServerAction,
  listServerActions,
  refusal,
  snapshotDatabases,
  snapshotDifferences,
  type ServerActionRef,
} from "./support/server-actions";

test.describe.configure({ mode: "serial" });

const PASSWORD = "correct horse battery staple";
const ALL_ACTIONS = listServerActions();
const ADMIN_ACTIONS = ALL_ACTIONS.filter((a) => a.file.startsWith("app/admin/"));
const PORTAL_ACTIONS = ALL_ACTIONS.filter((a) => a.file.startsWith("app/portal/"));

interface Person {
  id: string;
  email: string;
  cookie: string;
}

const state: {
  baseURL: string;
  admin?: Person & { page: Page };
  customer?: Person;
  staff?: Person & { page: Page };
  blockedId?: string;
  allPermissions: string[];
  supportPermissions: Set<string>;
} = { baseURL: "", allPermissions: [], supportPermissions: new Set() };

async function userId(email: string): Promise<string> {
  const [row] = await queryDb<{ id: string }>("identity", "select id from users where email = ?", [email]);
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}

/**
 * What an attacker would send: every field any identity/admin action reads, filled with the most damaging
 * values (make me admin, demote the admin, reset the admin's 2FA, give support every permission, block a
 * network, remove an existing block), in three combinations.
 */
function attackPayloads(selfId: string): Array<Record<string, string | string[]>> {
  const common = {
    email: uniqueEmail("attack-invite"),
    cidr: "198.18.0.0/15",
    reason: "attack",
    expiresInDays: "never",
    id: state.blockedId ?? "",
    name: "Pwned",
    token: "A".repeat(43),
    organizationId: "00000000-0000-7000-8000-000000000000",
    // Table bulk actions (app/admin/*/actions.ts): a destructive action on a selection.
    action: "cancel",
    ids: ["00000000-0000-7000-8000-000000000000", "billing:00000000-0000-7000-8000-000000000000"],
    // Customer 360, settings and email-template actions (issue 6): suspend the customer, mail them, give credit,
    // sign in as them, rewrite billing automation and an email template.
    customerId: state.customer?.id ?? selfId,
    status: "suspended",
    subject: "Pwned",
    body: "Pwned",
    amount: "1000.00",
    currency: "USD",
    description: "attack",
    section: "billing",
    "billing.suspendAfterDays": "0",
    "billing.terminateAfterDays": "1",
    key: "staff.message",
  };
  return [
    { ...common, userId: selfId, role: "admin", permissions: state.allPermissions },
    { ...common, userId: state.admin!.id, role: "customer", permissions: [] },
    { ...common, userId: state.admin!.id, role: "support", permissions: state.allPermissions },
  ];
}

type Expected = "unauthenticated" | "forbidden" | "either";

/** Calls each action with each payload; returns the calls that were not refused (empty = all good). */
async function attack(
  label: string,
  actions: ServerActionRef[],
  payloads: Array<Record<string, string | string[]>>,
  options: { cookie?: string; expected: Expected; pagePath?: string },
): Promise<string[]> {
  const problems: string[] = [];
  for (const action of actions) {
    for (const payload of payloads) {
      const response = await callServerAction(action, payload, { baseURL: state.baseURL, cookie: options.cookie, pagePath: options.pagePath });
      const verdict = refusal(response, options.expected);
      if (!verdict.refused) problems.push(`${label} → ${action.file}#${action.exportedName}: ${verdict.why}`);
    }
  }
  return problems;
}

async function expectNothingChanged(before: Map<string, string>) {
  const differences = snapshotDifferences(before, await snapshotDatabases());
  expect(differences, "tables changed by refused calls").toEqual([]);
}

/** Source files under `dirs` that start with the "use server" directive. */
function serverFiles(dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    (readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => /\.tsx?$/.test(f))
      .map((f) => `${dir}/${f.replace(/\\/g, "/")}`)
      .filter((f) => /^\s*(?:\/\*[\s\S]*?\*\/\s*|\/\/.*\n\s*)*["']use server["']/.test(readFileSync(f, "utf8"))),
  );
}

/** Exported function names of a "use server" file, read from its source. */
function exportedFunctions(file: string): string[] {
  const source = readFileSync(file, "utf8");
  return [...source.matchAll(/export\s+(?:async\s+function|function|const)\s+([A-Za-z0-9_$]+)/g)].map((m) => m[1]!);
}

test.beforeAll(async () => {
  const rows = await queryDb<{ key: string }>("identity", "select key from permissions order by key");
  state.allPermissions = rows.map((r) => r.key);
  const support = await queryDb<{ permission_key: string }>("identity", "select permission_key from role_permissions where role_key = 'support'");
  state.supportPermissions = new Set(support.map((r) => r.permission_key));
});

test("the build exposes the admin and portal actions, each admin action declaring a permission that exists", async () => {
  expect(ADMIN_ACTIONS.length, "admin actions in the manifest").toBeGreaterThanOrEqual(6);
  expect(PORTAL_ACTIONS.length, "portal actions in the manifest").toBeGreaterThanOrEqual(10);
  // Every export of the admin identity actions is reachable (so covered below), none is missing from the build.
  for (const name of exportedFunctions("app/admin/identity-actions.ts")) findServerAction("app/admin/identity-actions.ts", name, ALL_ACTIONS);
  // Issue 6's actions (customer 360, settings, email templates) are all in the build, so all attacked below.
  for (const file of ["app/admin/customers/[id]/actions.ts", "app/admin/settings/actions.ts"]) {
    for (const name of exportedFunctions(file)) findServerAction(file, name, ALL_ACTIONS);
  }
  findServerAction("app/portal/impersonation-actions.ts", "endImpersonationAction", ALL_ACTIONS);
  // Exports of other "use server" files that no page imports have no id, so nobody can call them; say which.
  const unreachable = serverFiles(["app/admin", "app/portal"]).flatMap((file) =>
    exportedFunctions(file)
      .filter((name) => !ALL_ACTIONS.some((a) => a.file === file && a.exportedName === name))
      .map((name) => `${file}#${name}`),
  );
  if (unreachable.length) test.info().annotations.push({ type: "not in the build (no page imports them)", description: unreachable.join(", ") });

  const problems: string[] = [];
  for (const action of ADMIN_ACTIONS) {
    const permissions = declaredStaffPermissions(action);
    if (!permissions?.length) problems.push(`${action.file}#${action.exportedName} does not call authorizeStaff("<permission>")`);
    for (const p of permissions ?? []) if (!state.allPermissions.includes(p)) problems.push(`${action.file}#${action.exportedName}: unknown permission ${p}`);
  }
  expect.soft(problems).toEqual([]);
  test.info().annotations.push({ type: "actions", description: `${ADMIN_ACTIONS.length} admin, ${PORTAL_ACTIONS.length} portal` });
});

test("the helper speaks the browser's wire format, and a direct call really runs an action", async ({ page, browser, baseURL }) => {
  state.baseURL = baseURL!;
  const email = uniqueEmail("direct-customer");
  await signUp(page, email, PASSWORD, "Dana Direct");
  state.customer = { id: await userId(email), email, cookie: await cookieHeader(page) };

  // What the real client sends when the profile form is saved.
  await page.goto("/portal/account");
  const requestPromise = page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"]));
  const profile = page.getByRole("region", { name: "Profile" });
  await profile.getByLabel(/^Name/).fill("Dana From Browser");
  await profile.getByRole("button", { name: "Save", exact: true }).click();
  const request = await requestPromise;
  const action = findServerAction("app/portal/account/actions.ts", "updateProfileAction", ALL_ACTIONS);
  expect(request.headers()["next-action"]).toBe(action.id);
  expect(request.headers()["accept"]).toBe("text/x-component");
  const browserFields = [...(request.postData() ?? "").matchAll(/name="([^"]+)"/g)].map((m) => m[1]).sort();
  const ours = encodeActionArgs({ name: "x" }) as FormData;
  expect(browserFields).toEqual([...ours.keys()].sort());

  // The same call made directly, with only the session cookie: it works, so refusals below are real refusals.
  const response = await callServerAction(action, { name: "Dana Direct Call" }, { baseURL: state.baseURL, cookie: state.customer.cookie });
  expect(actionResultOf(response)).toMatchObject({ ok: true });
  const [row] = await queryDb<{ name: string }>("identity", "select name from users where id = ?", [state.customer.id]);
  expect(row!.name).toBe("Dana Direct Call");

  // An admin action, directly, as the admin: it blocks a range (removed again at the end).
  const admin = await newPersonPage(browser);
  await signInAsAdmin(admin);
  // Kept open for the staff invitation below: one TOTP sign-in per run is plenty.
  state.admin = { id: await userId(process.env.E2E_ADMIN_EMAIL!), email: process.env.E2E_ADMIN_EMAIL!, cookie: await cookieHeader(admin), page: admin };
  const block = await callServerAction(
    findServerAction("app/admin/identity-actions.ts", "blockIpAction", ALL_ACTIONS),
    { cidr: "192.0.2.0/24", reason: "positive control", expiresInDays: "never" },
    { baseURL: state.baseURL, cookie: state.admin.cookie },
  );
  const blocked = actionResultOf(block);
  expect(blocked, block.raw.slice(0, 300)).toMatchObject({ ok: true });
  state.blockedId = (blocked!.data as { id: string }).id;
  expect(await queryDb("identity", "select id from blocked_ips where id = ?", [state.blockedId])).toHaveLength(1);
});

const FORGED = "authjs.session-token=forged.jwt.value";

test("anonymous callers: every admin and portal action refuses, and nothing changes anywhere", async () => {
  const before = await snapshotDatabases();
  const payloads = attackPayloads(state.customer!.id);
  const problems = [
    // A forged session cookie gets past the proxy's optimistic redirect, so the action's own check is what answers.
    ...(await attack("forged cookie", ADMIN_ACTIONS, payloads, { cookie: FORGED, expected: "unauthenticated" })),
    ...(await attack("forged cookie", PORTAL_ACTIONS, payloads, { cookie: FORGED, expected: "unauthenticated" })),
    // Posted to a public page instead: Next forwards the call to a page that has the action, and it still refuses.
    ...(await attack("forged cookie via /", ADMIN_ACTIONS, payloads.slice(0, 1), { cookie: FORGED, pagePath: "/", expected: "unauthenticated" })),
    ...(await attack("forged cookie via /", PORTAL_ACTIONS, payloads.slice(0, 1), { cookie: FORGED, pagePath: "/", expected: "unauthenticated" })),
    // No cookie at all: turned away before any action code runs (the proxy sends the caller to sign in).
    ...(await attack("no cookie", ADMIN_ACTIONS, payloads.slice(0, 1), { expected: "unauthenticated" })),
    ...(await attack("no cookie", PORTAL_ACTIONS, payloads.slice(0, 1), { expected: "unauthenticated" })),
  ];
  expect.soft(problems).toEqual([]);
  await expectNothingChanged(before);
});

test("a signed-in customer: every admin action refuses with no permission, and nothing changes", async () => {
  const before = await snapshotDatabases();
  const problems = await attack("customer", ADMIN_ACTIONS, attackPayloads(state.customer!.id), { cookie: state.customer!.cookie, expected: "forbidden" });
  expect.soft(problems).toEqual([]);
  await expectNothingChanged(before);
  const [me] = await queryDb<{ role: string }>("identity", "select role from users where id = ?", [state.customer!.id]);
  expect(me!.role).toBe("customer");
});

/** A staff member invited through the admin UI who set a password and signed in (no 2FA yet). */
async function inviteStaffMember(browser: Browser, role: "support" | "billing"): Promise<Person & { page: Page }> {
  const admin = state.admin!.page;
  const email = uniqueEmail(`${role}-attacker`);
  await admin.goto("/admin/staff");
  await admin.getByLabel("Email", { exact: true }).fill(email);
  await admin.getByLabel("Role", { exact: true }).selectOption(role);
  await admin.getByRole("button", { name: "Invite" }).click();
  await expect(admin.getByText("Invitation sent.")).toBeVisible();

  const page = await newPersonPage(browser);
  const invite = await latestEmail(email, /.*/);
  await page.goto(linkIn(invite.text, "/reset-password?token="));
  await page.getByLabel("New password").fill(PASSWORD);
  await page.getByRole("button", { name: "Set password" }).click();
  await signIn(page, email, PASSWORD);
  await page.waitForURL(/\/portal\/account\/security\?required=staff/);
  return { id: await userId(email), email, cookie: await cookieHeader(page), page };
}

test("a staff member before setting up 2FA: every admin action refuses", async ({ browser }) => {
  // Invited through the admin UI, as a real support hire would be.
  state.staff = await inviteStaffMember(browser, "support");

  const before = await snapshotDatabases();
  const problems = await attack("support without 2FA", ADMIN_ACTIONS, attackPayloads(state.staff!.id), { cookie: state.staff!.cookie, expected: "forbidden" });
  expect.soft(problems).toEqual([]);
  await expectNothingChanged(before);
});

test("support staff with 2FA: every admin action needing a permission support lacks refuses, and nothing changes", async () => {
  const staff = state.staff!;
  await enrolTwoFactor(staff.page);
  // The session now passes the staff gate: support may open the customer list...
  await staff.page.goto("/admin/customers");
  await expect(staff.page.getByRole("heading", { name: "Customers" })).toBeVisible();
  staff.cookie = await cookieHeader(staff.page);

  const lacking = ADMIN_ACTIONS.filter((a) => (declaredStaffPermissions(a) ?? []).some((p) => !state.supportPermissions.has(p)));
  const allowed = ADMIN_ACTIONS.filter((a) => !lacking.includes(a));
  test.info().annotations.push({
    type: "support may call",
    description: allowed.map((a) => `${a.exportedName} (${declaredStaffPermissions(a)?.join(", ")})`).join("; ") || "none",
  });
  expect(lacking.length).toBeGreaterThan(0);

  const staffBefore = await queryDb("identity", "select id, email, role, status from users where role <> 'customer' order by id");
  const permissionsBefore = await queryDb("identity", "select role_key, permission_key from role_permissions order by role_key, permission_key");
  const before = await snapshotDatabases();
  const problems = await attack("support with 2FA", lacking, attackPayloads(staff.id), { cookie: staff.cookie, expected: "forbidden" });
  expect.soft(problems).toEqual([]);
  await expectNothingChanged(before);
  expect(await queryDb("identity", "select id, email, role, status from users where role <> 'customer' order by id")).toEqual(staffBefore);
  expect(await queryDb("identity", "select role_key, permission_key from role_permissions order by role_key, permission_key")).toEqual(permissionsBefore);
  await staff.page.close();
});

test("a permission is not a skeleton key: billing (customers.write) cannot reset an admin's 2FA through the customer action", async ({ browser }) => {
  const billing = await inviteStaffMember(browser, "billing");
  await enrolTwoFactor(billing.page);
  billing.cookie = await cookieHeader(billing.page);
  const reset = findServerAction("app/admin/identity-actions.ts", "resetCustomerTwoFactorAction", ALL_ACTIONS);
  const twoFactorOf = (id: string) =>
    queryDb("identity", "select u.two_factor_enabled, u.session_version, t.user_id from users u left join totp_secrets t on t.user_id = u.id where u.id = ?", [id]);

  const adminBefore = await twoFactorOf(state.admin!.id);
  const supportBefore = await twoFactorOf(state.staff!.id);
  for (const target of [state.admin!.id, state.staff!.id]) {
    const response = await callServerAction(reset, { userId: target }, { baseURL: state.baseURL, cookie: billing.cookie });
    const result = actionResultOf(response);
    expect(result, response.raw.slice(0, 300)).toMatchObject({ ok: false });
  }
  expect(await twoFactorOf(state.admin!.id)).toEqual(adminBefore);
  expect(await twoFactorOf(state.staff!.id)).toEqual(supportBefore);

  // The permission still does its real job: a customer's 2FA can be reset.
  const response = await callServerAction(reset, { userId: state.customer!.id }, { baseURL: state.baseURL, cookie: billing.cookie });
  expect(actionResultOf(response), response.raw.slice(0, 300)).toMatchObject({ ok: true });
  await billing.page.close();
});

test("the admin's own direct call still works afterwards (the block set up at the start is removed)", async () => {
  const response = await callServerAction(
    findServerAction("app/admin/identity-actions.ts", "unblockIpAction", ALL_ACTIONS),
    { id: state.blockedId! },
    { baseURL: state.baseURL, cookie: state.admin!.cookie },
  );
  expect(actionResultOf(response), response.raw.slice(0, 300)).toMatchObject({ ok: true });
  expect(await queryDb("identity", "select id from blocked_ips where id = ?", [state.blockedId])).toHaveLength(0);
  await state.admin!.page.close();
});
