/**
 * The admin data tables as staff use them: the invoices table filtered, multi-sorted and paged through the UI
 * with every bit of state in the URL (a reload keeps it, the back button undoes it), a CSV export whose rows are
 * exactly the filtered set, and a bulk action that asks for confirmation and writes audit rows. Then the
 * permission side: support staff do not get payments, refunds or CSV exports.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Browser, Page } from "@playwright/test";
import { expect, newPersonPage, test } from "./support/test";
import { enrolTwoFactor, latestEmail, linkIn, queryDb, signIn, signInAsAdmin, signUp, uniqueEmail } from "./support/identity";

test.describe.configure({ mode: "serial" });

const PASSWORD = "correct horse battery staple";
const tag = randomBytes(3).toString("hex").toUpperCase();
const PREFIX = `INV-E2E${tag}-`;
const STATUSES = ["unpaid", "paid", "overdue", "cancelled"];
const DAY = 86_400_000;
const BASE = Date.UTC(2026, 5, 1);

interface SeedInvoice {
  id: string;
  number: string;
  status: string;
  total: number;
  issuedAt: number;
}
const seeded: SeedInvoice[] = [];
let customerEmail = "";

function uuid(): string {
  const h = randomBytes(16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** 40 invoices of one customer with known numbers, statuses, totals and dates (ties in total on purpose). */
async function seedInvoices() {
  customerEmail = uniqueEmail("tables-customer");
  const customerId = uuid();
  await queryDb("identity", "insert into users (id, email, name, role) values (?, ?, ?, 'customer')", [customerId, customerEmail, "Table Customer"]);
  for (let i = 0; i < 40; i++) {
    const row: SeedInvoice = {
      id: uuid(),
      number: `${PREFIX}${String(i + 1).padStart(4, "0")}`,
      status: STATUSES[i % 4]!,
      total: 1000 + (i % 8) * 250,
      issuedAt: BASE + (i % 13) * DAY,
    };
    seeded.push(row);
    await queryDb(
      "billing",
      "insert into invoices (id, number, customer_id, kind, status, currency, subtotal, total, amount_paid, issued_at, due_at) values (?, ?, ?, 'manual', ?, 'EUR', ?, ?, ?, ?, ?)",
      [row.id, row.number, customerId, row.status, row.total, row.total, row.status === "paid" ? row.total : 0, row.issuedAt, row.issuedAt + 14 * DAY],
    );
  }
}

/** Unpaid + overdue with total ≥ 15.00, sorted by total descending then issue date ascending (then id). */
function expectedView(): SeedInvoice[] {
  return seeded
    .filter((r) => (r.status === "unpaid" || r.status === "overdue") && r.total >= 1500)
    .sort((a, b) => b.total - a.total || a.issuedAt - b.issuedAt || (a.id < b.id ? -1 : 1));
}

async function visibleNumbers(page: Page): Promise<string[]> {
  return page.getByTestId("invoices-row").locator('td[data-column="number"]').allInnerTexts();
}

let admin: Page;

test.beforeAll(async ({ browser }) => {
  await seedInvoices();
  admin = await newPersonPage(browser);
  await signInAsAdmin(admin);
});

test.afterAll(async () => {
  await admin?.close();
});

test("invoices: search, filter, multi-sort and paginate through the UI; reload keeps it, back undoes it", async () => {
  const page = admin;
  await page.goto("/admin/invoices");
  await expect(page.getByRole("heading", { level: 1, name: "Invoices" })).toBeVisible();

  await page.getByRole("searchbox", { name: "Search invoices" }).fill(PREFIX);
  await page.getByRole("searchbox", { name: "Search invoices" }).press("Enter");
  await expect(page).toHaveURL(new RegExp(`q=${PREFIX}`));
  await expect(page.getByTestId("table-summary")).toHaveText("Showing 1–25 of 40 invoices");

  // Filters: two statuses and a minimum amount.
  await page.getByText("Filters", { exact: true }).click();
  const statuses = page.getByRole("group", { name: "Status" });
  await statuses.getByLabel("Unpaid").check();
  await statuses.getByLabel("Overdue").check();
  await page.getByRole("group", { name: "Total" }).getByLabel("Min").fill("15");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=unpaid%2Coverdue/);
  const expected = expectedView();
  await expect(page.getByTestId("table-summary")).toHaveText(`Showing 1–${Math.min(25, expected.length)} of ${expected.length} invoices`);

  // Sort: Total descending (two clicks), then shift-click Issued for a second key.
  const table = page.getByRole("table", { name: "Invoices" });
  await table.getByRole("button", { name: "Total" }).click();
  await expect(page).toHaveURL(/sort=total(&|$)/);
  await table.getByRole("button", { name: "Total" }).click();
  await expect(page).toHaveURL(/sort=-total(&|$)/);
  await table.getByRole("button", { name: "Issued" }).click({ modifiers: ["Shift"] });
  await expect(page).toHaveURL(/sort=-total%2CissuedAt/);
  await expect(table.getByRole("columnheader", { name: /Total/ })).toHaveAttribute("aria-sort", "descending");

  // Page size 10, then page 2.
  expect(expected.length).toBe(15);
  await page.getByLabel("Rows per page").selectOption("10");
  await expect(page).toHaveURL(/size=10/);
  await expect.poll(() => visibleNumbers(page)).toEqual(expected.slice(0, 10).map((r) => r.number));
  await page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect.poll(() => visibleNumbers(page)).toEqual(expected.slice(10, 15).map((r) => r.number));
  await expect(page.getByTestId("table-summary")).toHaveText(`Showing 11–15 of ${expected.length} invoices`);

  // The URL is the state: a reload shows the same page, and the back button returns to page 1.
  const url = page.url();
  await page.reload();
  expect(page.url()).toBe(url);
  await expect.poll(() => visibleNumbers(page)).toEqual(expected.slice(10, 15).map((r) => r.number));
  await page.goBack();
  await expect(page).not.toHaveURL(/page=2/);
  await expect.poll(() => visibleNumbers(page)).toEqual(expected.slice(0, 10).map((r) => r.number));
  await page.goBack();
  await expect(page).not.toHaveURL(/size=10/);

  // A tampered link (unknown sort column) is refused with an explanation, not run.
  await page.goto(`/admin/invoices?sort=password_hash`);
  await expect(page.getByText("This link does not fit the table")).toBeVisible();
});

test("invoices: the CSV export holds exactly the filtered rows, and the export is audited", async () => {
  const page = admin;
  await page.goto(`/admin/invoices?q=${PREFIX}&status=unpaid%2Coverdue&total=15~&sort=-total%2CissuedAt&size=10&page=2`);
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^invoices-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
  const [header, ...lines] = text.trim().split(/\r?\n/);
  expect(header!.split(",")).toEqual(["id", "number", "customer_email", "kind", "status", "currency", "total", "amount_paid", "issued_at", "due_at", "created_at"]);
  const rows = lines.map((l) => l.split(","));
  // Every matching row (not just the page on screen), in the table's order.
  expect(rows.map((r) => r[1])).toEqual(expectedView().map((r) => r.number));
  expect(rows.every((r) => r[2] === customerEmail && ["unpaid", "overdue"].includes(r[4]!) && Number(r[6]) >= 15)).toBe(true);
  expect(rows[0]![6]).toMatch(/^\d+\.\d{2}$/);

  const [audit] = await queryDb<{ action: string; entity_id: string; after: string; actor_email: string }>(
    "ops",
    "select action, entity_id, after, actor_email from audit_log where action = 'table.export_csv' order by created_at desc limit 1",
  );
  expect(audit).toMatchObject({ action: "table.export_csv", entity_id: "invoices", actor_email: process.env.E2E_ADMIN_EMAIL });
  expect(JSON.parse(audit!.after)).toMatchObject({ q: PREFIX, sort: "-total,issuedAt", filters: { status: ["unpaid", "overdue"] } });
});

test("invoices: a bulk cancel asks for confirmation, skips what it cannot cancel, and writes audit rows", async () => {
  const page = admin;
  await page.goto(`/admin/invoices?q=${PREFIX}&sort=number&size=10`);
  const targets = seeded.slice(0, 4); // unpaid, paid, overdue, cancelled
  for (const row of targets) await page.getByRole("checkbox", { name: `Select ${row.number}` }).check();
  const bulk = page.getByRole("region", { name: "Bulk actions" });
  await expect(bulk).toContainText("4 selected");
  await bulk.getByRole("button", { name: "Cancel invoices" }).click();

  const dialog = page.getByRole("dialog", { name: "Cancel 4 invoices?" });
  await expect(dialog).toBeVisible();
  // Cancel first: nothing happens.
  await dialog.getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(dialog).toBeHidden();
  expect((await queryDb<{ status: string }>("billing", "select status from invoices where id = ?", [targets[0]!.id]))[0]!.status).toBe("unpaid");

  await bulk.getByRole("button", { name: "Cancel invoices" }).click();
  await page.getByRole("dialog", { name: "Cancel 4 invoices?" }).getByRole("button", { name: "Cancel invoices" }).click();
  await expect(page.getByText("2 invoices cancelled. 2 skipped")).toBeVisible();

  const statuses = await queryDb<{ id: string; status: string }>("billing", `select id, status from invoices where id in (${targets.map(() => "?").join(",")})`, targets.map((t) => t.id));
  const byId = Object.fromEntries(statuses.map((s) => [s.id, s.status]));
  expect(targets.map((t) => byId[t.id])).toEqual(["cancelled", "paid", "cancelled", "cancelled"]);

  const audits = await queryDb<{ entity_id: string; before: string; after: string; actor_email: string }>(
    "billing",
    `select entity_id, before, after, actor_email from audit_log where action = 'invoice.cancel' and entity_id in (?, ?) order by entity_id`,
    [targets[0]!.id, targets[2]!.id],
  );
  expect(audits).toHaveLength(2);
  for (const a of audits) {
    expect(a.actor_email).toBe(process.env.E2E_ADMIN_EMAIL);
    expect(JSON.parse(a.after)).toMatchObject({ status: "cancelled" });
  }
  expect(audits.map((a) => JSON.parse(a.before).status).sort()).toEqual(["overdue", "unpaid"]);
  // The table shows the new state without a manual reload.
  await expect(page.getByTestId("invoices-row").filter({ hasText: targets[0]!.number }).getByText("Cancelled")).toBeVisible();
});

test("the audit log viewer merges databases and filters by entity and action", async () => {
  const page = admin;
  await page.goto(`/admin/audit-log?entityId=${seeded[0]!.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("invoice.cancel");
  await expect(rows.first()).toContainText("billing");
  await page.goto(`/admin/audit-log?action=table.export&database=ops`);
  await expect(rows.first()).toContainText("table.export_csv");
});

/** A staff member invited through the admin UI, password set, 2FA enrolled. */
async function supportStaff(browser: Browser): Promise<Page> {
  const email = uniqueEmail("tables-support");
  await admin.goto("/admin/staff");
  await admin.getByLabel("Email", { exact: true }).fill(email);
  await admin.getByLabel("Role", { exact: true }).selectOption("support");
  await admin.getByRole("button", { name: "Invite" }).click();
  await expect(admin.getByText("Invitation sent.")).toBeVisible();
  const page = await newPersonPage(browser);
  const invite = await latestEmail(email, /.*/);
  await page.goto(linkIn(invite.text, "/reset-password?token="));
  await page.getByLabel("New password").fill(PASSWORD);
  await page.getByRole("button", { name: "Set password" }).click();
  await signIn(page, email, PASSWORD);
  await page.waitForURL(/\/portal\/account\/security\?required=staff/);
  await enrolTwoFactor(page);
  return page;
}

test("support staff read invoices but get no payments, refunds or CSV exports; customers get none of it", async ({ browser }) => {
  const support = await supportStaff(browser);
  await support.goto("/admin/invoices");
  await expect(support.getByRole("heading", { level: 1, name: "Invoices" })).toBeVisible();
  // No export link and no bulk actions for a role without those permissions.
  await expect(support.getByRole("link", { name: "Export CSV" })).toHaveCount(0);
  await expect(support.getByRole("checkbox", { name: /^Select / })).toHaveCount(0);
  for (const path of ["/admin/payments", "/admin/refunds", "/admin/credit-notes"]) {
    expect((await support.goto(path))?.status(), path).toBe(403);
  }
  await expect(support.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  for (const table of ["invoices", "payments", "refunds", "customers", "audit"]) {
    const response = await support.request.get(`/admin/export/${table}`);
    expect(response.status(), table).toBe(403);
  }
  await support.close();

  const customer = await newPersonPage(browser);
  await signUp(customer, uniqueEmail("tables-customer-self"), PASSWORD);
  expect((await customer.request.get("/admin/export/invoices")).status()).toBe(403);
  expect((await customer.goto("/admin/invoices"))?.status()).toBe(403);
  await customer.close();
});
