/**
 * The support desk as people use it: a customer opens a ticket about their device with a screenshot; staff answer
 * with a canned reply and leave an internal note the customer never sees; the customer answers by email (a raw
 * message posted to the inbound endpoint, as the mail server would) and it threads; SLA timers run and a breach is
 * flagged when the clock moves on; another customer can read neither the ticket nor its file; bulk close asks first;
 * a maintenance window shows on /status and in the portal; a guest's contact form becomes a ticket after the link.
 */
import AxeBuilder from "@axe-core/playwright";
import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { latestEmail, linkIn, queryDb, signInAsAdmin, signUp, uniqueEmail } from "./support/identity";
import { expect, newPersonPage, test } from "./support/test";
import { grantVpnPlan } from "./support/vpn";

const PASSWORD = "correct horse battery staple";
const INBOUND_SECRET = process.env.E2E_INBOUND_EMAIL_SECRET ?? "e2e-inbound-email-secret-0123456789";
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d9f5f20000000049454e44ae426082", "hex");
const HOUR = 3_600_000;

async function addDevice(page: Page, name: string) {
  await page.goto("/portal/devices");
  await expect(page.getByTestId("new-public-key")).not.toBeEmpty();
  await page.getByLabel("Device name").fill(name);
  await page.getByRole("button", { name: "Add device" }).click();
  await expect(page.getByTestId("device-name").filter({ hasText: name })).toBeVisible();
}

async function openTicket(page: Page, options: { subject: string; body: string; priority?: string; related?: string; file?: boolean }): Promise<string> {
  await page.goto("/portal/tickets/new");
  await page.getByLabel("Department").selectOption({ label: "Technical support" });
  if (options.priority) await page.getByLabel("Priority").selectOption({ label: options.priority });
  if (options.related) await page.getByLabel("What is it about?").selectOption({ label: options.related });
  await page.getByLabel("Subject").fill(options.subject);
  await page.getByLabel("Message").fill(options.body);
  if (options.file) await page.getByLabel("Attachments").setInputFiles({ name: "handshake.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Open a ticket" }).click();
  await page.waitForURL(/\/portal\/tickets\/T-\d+$/);
  return decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
}

/** What the mail server does with a message to one of our reply addresses. */
async function deliverEmail(page: Page, raw: string, secret = INBOUND_SECRET) {
  const response = await page.request.post("/api/support/inbound-email", { headers: { authorization: `Bearer ${secret}`, "content-type": "message/rfc822" }, data: raw });
  return { status: response.status(), body: (await response.json().catch(() => null)) as { status?: string; ticketNumber?: string } | null };
}

/** No serious or critical axe findings on the page as it is now. */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** `datetime-local` value in UTC. */
const utcLocal = (ms: number) => new Date(ms).toISOString().slice(0, 16);

test.describe("support desk", () => {
  test("ticket with a device and a file, canned reply and internal note, email reply threads, SLA breach, access, bulk close, maintenance", async ({ page, browser }) => {
    test.setTimeout(240_000);
    const admin = await newPersonPage(browser);
    await signInAsAdmin(admin);

    // A customer with a device opens a ticket about it, with a screenshot.
    const email = uniqueEmail("desk-a");
    await signUp(page, email, PASSWORD);
    await grantVpnPlan(admin, email, 2, "e2e support desk");
    await addDevice(page, "Work laptop");
    const number = await openTicket(page, { subject: "Laptop cannot connect", body: "The tunnel comes up but **no traffic** passes.", priority: "High", related: "Work laptop", file: true });
    await expect(page.getByRole("heading", { level: 1, name: "Laptop cannot connect" })).toBeVisible();
    await expect(page.getByText("Device “Work laptop”")).toBeVisible();
    await expect(page.locator("main strong", { hasText: "no traffic" })).toBeVisible();
    const attachment = page.getByTestId("attachment-link").filter({ hasText: "handshake.png" });
    await expect(attachment).toBeVisible();
    const fileUrl = (await attachment.getAttribute("href"))!;
    const own = await page.request.get(fileUrl);
    expect(own.status()).toBe(200);
    expect(own.headers()["content-disposition"]).toContain("attachment");
    expect(Buffer.from(await own.body()).equals(PNG)).toBe(true);

    // Staff: the queue shows the ticket with its SLA timer running.
    await admin.goto("/admin/tickets");
    // The queue is the shared data table: a row is found by its ticket's link.
    const queueRow = (n: string) => admin.getByTestId("queue-row").filter({ has: admin.getByRole("link", { name: n, exact: true }) });
    const row = queueRow(number);
    await expect(row).toBeVisible();
    await expect(row.getByTestId("sla-timer")).toContainText(/due in \d+h/);
    await expect(row.getByTestId("sla-breached")).toHaveCount(0);

    // A canned reply, then an internal note.
    await row.getByRole("link", { name: number }).click();
    await expect(admin.getByRole("heading", { level: 1, name: "Laptop cannot connect" })).toBeVisible();
    await admin.getByLabel("Insert a canned reply").selectOption({ label: "VPN: re-import the config" });
    await expect(admin.getByLabel("Reply", { exact: true })).toHaveValue(/download the config again/);
    await admin.getByRole("button", { name: "Send reply" }).click();
    await expect(admin.getByText("Reply sent to the customer")).toBeVisible();
    await admin.getByLabel("Internal note (staff only)").check();
    await admin.getByLabel("Internal note", { exact: true }).fill("ISP probably blocks UDP 51820 — check with network team.");
    await admin.getByRole("button", { name: "Add internal note" }).click();
    await expect(admin.getByTestId("internal-note").filter({ hasText: "ISP probably blocks UDP" })).toBeVisible();

    // The customer sees the reply, never the note, and got an email with a signed reply address.
    await page.reload();
    await expect(page.getByText("Please download the config again")).toBeVisible();
    await expect(page.getByText("Waiting for you")).toBeVisible();
    expect(await page.content()).not.toContain("ISP probably blocks");
    await expect(page.getByTestId("internal-note")).toHaveCount(0);
    const mail = await latestEmail(email, new RegExp(`\\[${number}\\] Re:`));
    expect(mail.text).toContain("download the config again");
    expect(mail.text).not.toContain("ISP probably blocks");
    const replyTo = /reply\+t-\d+\.[0-9a-f]{20}@[a-z0-9.-]+/.exec(mail.text)![0];

    // The customer answers by email: the mail server posts the raw message, it threads into the ticket.
    const raw = [
      `From: Desk Customer <${email}>`,
      `To: ${replyTo}`,
      `Subject: Re: [${number}] Re: Laptop cannot connect`,
      `Message-ID: <${randomUUID()}@mail.example.test>`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Re-imported the config and it works now, thanks!",
      "",
      "On Sun, 22 Nov 2026 Skyport wrote:",
      "> Please download the config again",
      "",
    ].join("\r\n");
    expect((await deliverEmail(page, raw, "wrong-secret-wrong-secret-0000")).status).toBe(401);
    const threaded = await deliverEmail(page, raw);
    expect(threaded).toMatchObject({ status: 200, body: { status: "threaded", ticketNumber: number } });
    expect((await deliverEmail(page, raw)).body).toMatchObject({ status: "duplicate" });
    const forged = await deliverEmail(page, raw.replace(replyTo, replyTo.replace(/\.([0-9a-f])/, (_, c: string) => `.${c === "0" ? "1" : "0"}`)).replace(/Message-ID: <[^>]+>/, `Message-ID: <${randomUUID()}@x>`));
    expect(forged.body).toMatchObject({ status: "rejected" });
    await page.reload();
    await expect(page.getByTestId("ticket-message").filter({ hasText: "Re-imported the config and it works now" })).toHaveCount(1);
    await expect(page.getByText("On Sun, 22 Nov 2026 Skyport wrote")).toHaveCount(0);
    await expect(page.getByText("With our team")).toBeVisible();
    await expectAccessible(page);

    // Another customer can read neither the ticket nor its file.
    const other = await newPersonPage(browser);
    await signUp(other, uniqueEmail("desk-b"), PASSWORD);
    await other.goto(`/portal/tickets/${number}`);
    await expect(other.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(other.getByText("Laptop cannot connect")).toHaveCount(0);
    expect((await other.request.get(fileUrl)).status()).toBe(404);
    // …and cannot link their ticket to the first customer's device.
    const [device] = await queryDb<{ id: string }>("vpn", "select id from devices where name = 'Work laptop' order by created_at desc limit 1");
    await other.goto(`/portal/tickets/new?device=${device!.id}`);
    await expect(other.getByLabel("What is it about?")).toHaveValue("");

    // SLA with a fake clock: the second customer's urgent ticket is aged 2 days (as if opened then), the sweep runs.
    const late = await openTicket(other, { subject: "Everything is down", body: "Nothing connects.", priority: "Urgent" });
    await admin.goto("/admin/tickets");
    await expect(queueRow(late).getByTestId("sla-timer")).toContainText(/due in/);
    const shift = 48 * HOUR;
    await queryDb(
      "support",
      "update tickets set created_at = created_at - ?, status_changed_at = status_changed_at - ?, last_reply_at = last_reply_at - ?, first_response_due_at = first_response_due_at - ?, resolution_due_at = resolution_due_at - ? where number = ?",
      [shift, shift, shift, shift, shift, late],
    );
    await queryDb("support", "insert into jobs (id, type, payload, unique_key) values (?, 'support.sla-sweep', '{}', ?)", [randomUUID(), `e2e-sweep-${randomUUID()}`]);
    await expect
      .poll(async () => (await queryDb<{ at: number | null }>("support", "select first_response_breached_at as at from tickets where number = ?", [late]))[0]?.at, { timeout: 15_000 })
      .not.toBeNull();
    await admin.goto("/admin/tickets?status=breached");
    const lateRow = queueRow(late);
    await expect(lateRow.getByTestId("sla-breached")).toBeVisible();
    await expect(lateRow.getByTestId("sla-timer")).toContainText("overdue");
    await expect(admin.getByTestId("sla-breach-count")).toContainText(/[1-9]\d* in SLA breach/);
    await expect(queueRow(number)).toHaveCount(0);

    // Bulk close asks first, names the count, and is audited.
    await lateRow.getByLabel(`Select ${late}`).check();
    await admin.getByRole("button", { name: "Close selected" }).click();
    const dialog = admin.getByRole("dialog", { name: "Close 1 ticket?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Close tickets" }).click();
    await expect(admin.getByText("1 ticket closed.")).toBeVisible();
    expect((await queryDb<{ status: string }>("support", "select status from tickets where number = ?", [late]))[0]!.status).toBe("closed");
    expect(await queryDb("support", "select id from audit_log where action = 'ticket.status' and entity_id = (select id from tickets where number = ?)", [late])).toHaveLength(1);

    // Bulk assign: the picker beside the table's bulk actions says to whom (anyone but the current assignee).
    await admin.goto("/admin/tickets?status=all");
    await queueRow(number).getByLabel(`Select ${number}`).check();
    const current = (await queryDb<{ a: string | null }>("support", "select assignee_id as a from tickets where number = ?", [number]))[0]!.a ?? "";
    const choices = await admin.getByLabel("Assign to").locator("option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    const target = choices.find((v) => v !== current)!;
    await admin.getByLabel("Assign to").selectOption(target);
    await admin.getByRole("button", { name: "Assign selected" }).click();
    await admin.getByRole("dialog", { name: "Assign 1 ticket?" }).getByRole("button", { name: "Assign tickets" }).click();
    await expect(admin.getByText(/^1 ticket (un)?assigned\.$/)).toBeVisible();
    expect((await queryDb<{ a: string | null }>("support", "select assignee_id as a from tickets where number = ?", [number]))[0]!.a).toBe(target || null);
    expect(await queryDb("support", "select id from audit_log where action = 'ticket.assign' and entity_id = (select id from tickets where number = ?) and \"after\" like ?", [number, `%${target ? target : "null"}%`])).not.toHaveLength(0);

    // Resolved, then rated once by the customer.
    await admin.goto(`/admin/tickets/${number}`);
    await admin.getByLabel("Status", { exact: true }).selectOption({ label: "Resolved" });
    await admin.getByRole("button", { name: "Save status" }).click();
    await expect(admin.getByText("Status changed")).toBeVisible();
    await page.reload();
    await page.getByRole("radio", { name: "5 stars" }).check({ force: true });
    await page.getByRole("button", { name: "Send rating" }).click();
    await expect(page.getByTestId("rating-given")).toHaveText(/5 out of 5/);

    // A maintenance window, scheduled by staff, shows on /status and in the portal.
    await admin.goto("/admin/support/maintenance");
    await admin.getByLabel("Title").fill("Frankfurt network upgrade");
    await admin.getByLabel("Type").selectOption("planned");
    const start = Date.now() + 2 * HOUR;
    await admin.getByLabel("Starts (UTC)").fill(utcLocal(start));
    await admin.getByLabel("Ends (UTC)").fill(utcLocal(start + 2 * HOUR));
    await admin.getByLabel("Affects").fill("vpn:*");
    await admin.getByRole("button", { name: "Schedule window" }).click();
    await expect(admin.getByText("Maintenance window scheduled")).toBeVisible();

    const visitor = await newPersonPage(browser);
    await visitor.goto("/status");
    await expect(visitor.getByRole("heading", { level: 1, name: "Skyport status" })).toBeVisible();
    const window = visitor.getByTestId("maintenance-window").filter({ hasText: "Frankfurt network upgrade" });
    await expect(window).toBeVisible();
    await expect(window).toContainText("Planned");
    await expect(window).toContainText("VPN: all locations");
    await expect(visitor.getByTestId("status-location").first()).toBeVisible();
    await expectAccessible(visitor);

    await page.goto("/portal");
    await expect(page.getByText("Planned maintenance: Frankfurt network upgrade")).toBeVisible();
    await page.goto("/portal/tickets");
    await expect(page.getByTestId("maintenance-window").filter({ hasText: "Frankfurt network upgrade" })).toBeVisible();
  });

  test("a guest's contact form becomes a ticket only after the emailed link; bots filling the honeypot are dropped", async ({ page }) => {
    const email = uniqueEmail("guest");
    await page.goto("/contact");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Topic").selectOption({ label: "Sales" });
    await page.getByLabel("Subject").fill("Business plan for 20 people");
    await page.getByLabel("Message").fill("Do you offer a team plan with central billing?");
    await page.getByRole("button", { name: "Send message" }).click();
    await expect(page.getByText("Check your inbox")).toBeVisible();
    await expectAccessible(page);
    expect(await queryDb("support", "select id from tickets where requester_email = ?", [email])).toHaveLength(0);

    const mail = await latestEmail(email, /Confirm your message/);
    await page.goto(linkIn(mail.text, "/contact/verify?token="));
    await page.getByRole("button", { name: "Confirm and send" }).click();
    await expect(page.getByText(/Ticket T-\d+ is open/)).toBeVisible();
    const [ticket] = await queryDb<{ number: string; source: string }>("support", "select number, source from tickets where requester_email = ?", [email]);
    expect(ticket!.source).toBe("contact");
    await latestEmail(email, new RegExp(`\\[${ticket!.number}\\]`));

    // A bot fills the hidden field: it is told "sent", and nothing is stored or mailed.
    const bot = uniqueEmail("bot");
    await page.goto("/contact");
    await page.getByLabel("Email").fill(bot);
    await page.getByLabel("Subject").fill("Cheap followers");
    await page.getByLabel("Message").fill("Buy cheap followers now at our site");
    await page.locator("#contact-website").evaluate((el) => ((el as HTMLInputElement).value = "http://spam.example"));
    await page.getByRole("button", { name: "Send message" }).click();
    await expect(page.getByText("Check your inbox")).toBeVisible();
    expect(await queryDb("support", "select id from guest_requests where email = ?", [bot])).toHaveLength(0);
  });
});
