import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, like } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import { opsDb } from "@/db/ops/client";
import { emailOutbox } from "@/db/ops/schema";
import { seedSupport } from "@/db/seed/support";
import { supportDb } from "@/db/support/client";
import { auditLog, departments, inboundEmails, slaTargets, ticketMessages, tickets } from "@/db/support/schema";
import { vpnDb } from "@/db/vpn/client";
import { devices } from "@/db/vpn/schema";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createWorker } from "@/lib/jobs/worker";
import { renderMarkdown } from "@/lib/markdown/render";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { checkAttachment, readAttachment } from "./attachments";
import { runAutoClose, runSlaSweep } from "./automation";
import { GUEST_CUSTOMER_ID } from "./db";
import { processInboundEmail, stripQuotedReply } from "./inbound";
import "./jobs";
import { parseTicketNumber } from "./numbers";
import { getCustomerTicket, getStaffTicket, listCustomerTickets, listQueue } from "./queries";
import { replyAddressFor, verifyReplyAddress } from "./reply-address";
import { countSlaBreaches, slaTimer } from "./sla";
import { submitContactForm, verifyContactRequest } from "./guest";
import { assignTickets, mergeTickets, openTicket, rateTicket, replyAsCustomer, replyAsStaff, setTicketStatus, type StaffActor } from "./tickets";

let temp: TempDatabases;
const T0 = Date.parse("2026-11-02T09:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };
let technical: string;
let alice: string;
let bob: string;
let staff: StaffActor;
let aliceDevice: string;
let bobDevice: string;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

async function addUser(email: string, role: "customer" | "support" = "customer") {
  const [row] = await identityDb().insert(users).values({ email, name: email.split("@")[0], role, emailVerified: new Date() }).returning({ id: users.id });
  return row!.id;
}

async function addDevice(userId: string, n: number) {
  const [row] = await vpnDb()
    .insert(devices)
    .values({ userId, serviceId: `svc-${n}`, name: `Laptop ${n}`, publicKey: `${String(n).padStart(43, "A")}=`, ipv4: `10.8.0.${n}`, ipv6: `fd00::${n}` })
    .returning({ id: devices.id });
  return row!.id;
}

/** Runs queued support and ops jobs (the jobs were enqueued at real time, so the worker runs on the real clock). */
async function runJobs() {
  const worker = createWorker({ databases: ["support", "ops"], schedules: false, random: () => 0.5, logger: quietLogger, batchSize: 500 });
  for (let i = 0; i < 3; i++) await worker.runOnce();
}

async function emailsTo(to: string) {
  return opsDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, to));
}

beforeAll(async () => {
  process.env.AUTH_SECRET = "support-test-secret-support-test-secret-0123";
  process.env.ENCRYPTION_KEY = "a".repeat(64);
  process.env.EMAIL_FROM = "Skyport <no-reply@skyport.test>";
  resetEnvCache();
  temp = await useTempDatabases();
  await seedSupport();
  technical = (await supportDb().select().from(departments).where(eq(departments.slug, "technical")))[0]!.id;
  alice = await addUser("alice@example.test");
  bob = await addUser("bob@example.test");
  const staffId = await addUser("agent@skyport.test", "support");
  staff = { id: staffId, email: "agent@skyport.test" };
  aliceDevice = await addDevice(alice, 11);
  bobDevice = await addDevice(bob, 12);
});
afterAll(() => temp.cleanup());

describe("ticket numbers", () => {
  it("are short, sequential and accepted in the forms people type", async () => {
    const a = await openTicket({ customerId: alice }, { departmentId: technical, subject: "First one", body: "Hello" }, [], { now: at(0) });
    const b = await openTicket({ customerId: alice }, { departmentId: technical, subject: "Second one", body: "Hello" }, [], { now: at(0) });
    expect(a.number).toMatch(/^T-\d{4,}$/);
    expect(Number(b.number.slice(2))).toBe(Number(a.number.slice(2)) + 1);
    expect(parseTicketNumber("t1001")).toBe("T-1001");
    expect(parseTicketNumber("#1001")).toBe("T-1001");
    expect(parseTicketNumber("T-1001; drop table")).toBeNull();
  });
});

describe("opening and access", () => {
  it("links only the customer's own device, and another customer gets not found (ticket and file)", async () => {
    await expect(
      openTicket({ customerId: alice }, { departmentId: technical, subject: "Bob's device", body: "x", related: `device:${bobDevice}` }),
    ).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { related: [expect.any(String)] } });

    const t = await openTicket(
      { customerId: alice },
      { departmentId: technical, priority: "high", subject: "Laptop will not connect", body: "It **fails** <script>alert(1)</script>", related: `device:${aliceDevice}` },
      [{ filename: "screen.png", content: PNG }],
      { now: at(0) },
    );
    const mine = await getCustomerTicket(alice, t.number);
    expect(mine.related).toContain("Laptop 11");
    expect(mine.messages[0]!.html).toContain("<strong>fails</strong>");
    expect(mine.messages[0]!.html).not.toContain("<script>");
    const fileId = mine.messages[0]!.attachments[0]!.id;
    expect((await readAttachment({ kind: "customer", userId: alice }, fileId)).content.equals(PNG)).toBe(true);

    await expect(getCustomerTicket(bob, t.number)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(readAttachment({ kind: "customer", userId: bob }, fileId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(replyAsCustomer(bob, t.id, { body: "let me in" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await listCustomerTickets(bob)).total).toBe(0);
  });

  it("refuses attachments of the wrong type, disguised content and oversize files", () => {
    expect(checkAttachment({ filename: "run.exe", content: Buffer.from("MZ") })).toMatch(/only/);
    expect(checkAttachment({ filename: "fake.png", content: Buffer.from("not a png") })).toMatch(/does not look like/);
    expect(checkAttachment({ filename: "big.txt", content: Buffer.alloc(6 * 1024 * 1024, 65) })).toMatch(/larger than/);
    expect(checkAttachment({ filename: "../../etc/ok.txt", content: Buffer.from("fine") })).toMatchObject({ filename: "ok.txt", mimeType: "text/plain" });
  });

  it("keeps internal notes (and their files) away from the customer", async () => {
    const t = await openTicket({ customerId: alice }, { departmentId: technical, subject: "Note test", body: "Hi" }, [], { now: at(0) });
    await replyAsStaff(staff, t.id, { body: "Customer is on an old client", internal: true }, [{ filename: "notes.txt", content: Buffer.from("secret") }], { now: at(5) });
    await replyAsStaff(staff, t.id, { body: "Please update your app" }, [], { now: at(6) });
    const customerView = await getCustomerTicket(alice, t.number);
    expect(customerView.messages.map((m) => m.bodyMarkdown)).toEqual(["Hi", "Please update your app"]);
    const staffView = await getStaffTicket(t.number);
    const note = staffView.messages.find((m) => m.internal)!;
    expect(note.bodyMarkdown).toBe("Customer is on an old client");
    await expect(readAttachment({ kind: "customer", userId: alice }, note.attachments[0]!.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(staffView.status).toBe("awaiting_customer");
    const audits = await supportDb().select().from(auditLog).where(eq(auditLog.entityId, t.id));
    expect(audits.map((a) => a.action).sort()).toEqual(["ticket.note", "ticket.reply"]);
  });
});

describe("SLA", () => {
  it("takes targets per department and priority, shows the timer and flags breaches once with a fake clock", async () => {
    const [target] = await supportDb().select().from(slaTargets).where(and(eq(slaTargets.departmentId, technical), eq(slaTargets.priority, "urgent")));
    expect(target!.firstResponseMinutes).toBe(60); // a quarter of technical's 240
    const t = await openTicket({ customerId: alice }, { departmentId: technical, priority: "urgent", subject: "Everything down", body: "Help" }, [], { now: at(0) });
    const [row] = await supportDb().select().from(tickets).where(eq(tickets.id, t.id));
    expect(row!.firstResponseDueAt).toEqual(at(60));
    expect(slaTimer(row!, at(30))).toMatchObject({ kind: "first_response", remainingMs: 30 * 60_000, breached: false });

    const before = await countSlaBreaches(at(30));
    expect((await runSlaSweep(at(30))).firstResponse).toBe(0);
    const swept = await runSlaSweep(at(61));
    expect(swept.firstResponse).toBeGreaterThanOrEqual(1);
    const [flagged] = await supportDb().select().from(tickets).where(eq(tickets.id, t.id));
    expect(flagged!.firstResponseBreachedAt).toEqual(at(61));
    // A second sweep flags nothing again.
    await runSlaSweep(at(62));
    const [again] = await supportDb().select().from(tickets).where(eq(tickets.id, t.id));
    expect(again!.firstResponseBreachedAt).toEqual(at(61));
    const after = await countSlaBreaches(at(62));
    expect(after.firstResponse).toBeGreaterThan(before.firstResponse);
    const queue = await listQueue({ status: "breached", now: at(62) });
    expect(queue.rows.find((r) => r.id === t.id)).toMatchObject({ firstResponseBreached: true, sla: { breached: true } });
    expect(await supportDb().select().from(auditLog).where(and(eq(auditLog.entityId, t.id), eq(auditLog.action, "ticket.sla_breach")))).toHaveLength(1);

    // Answering stops the first-response clock; resolving stops them all.
    await replyAsStaff(staff, t.id, { body: "On it" }, [], { now: at(70) });
    const [answered] = await supportDb().select().from(tickets).where(eq(tickets.id, t.id));
    expect(slaTimer(answered!, at(71))?.kind).toBe("resolution");
    await setTicketStatus(staff, [t.id], "resolved", { now: at(80) });
    const [resolved] = await supportDb().select().from(tickets).where(eq(tickets.id, t.id));
    expect(slaTimer(resolved!, at(81))).toBeNull();
  });
});

describe("auto-close", () => {
  it("warns first, then closes, once; a customer reply in between starts over", async () => {
    const t = await openTicket({ customerId: bob }, { departmentId: technical, subject: "Slow speeds", body: "Slow" }, [], { now: at(0) });
    await replyAsStaff(staff, t.id, { body: "Try another location?" }, [], { now: at(10) });
    const day = 24 * 60;
    expect(await runAutoClose(at(10 + 4 * day))).toMatchObject({ warned: 0 });
    const w1 = await runAutoClose(at(10 + 5 * day));
    expect(w1.warned).toBeGreaterThanOrEqual(1);
    expect((await runAutoClose(at(10 + 5 * day + 1))).warned).toBe(0);
    const warnings = (await emailsTo("bob@example.test")).filter((e) => /Closing soon/.test(e.subject));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.text).toContain(replyAddressFor(t.number));

    // The customer answers: no close; the next wait starts over.
    await replyAsCustomer(bob, t.id, { body: "Still slow" }, [], { now: at(10 + 6 * day) });
    await runAutoClose(at(10 + 8 * day));
    expect((await supportDb().select().from(tickets).where(eq(tickets.id, t.id)))[0]!.status).toBe("awaiting_staff");

    await replyAsStaff(staff, t.id, { body: "Fixed a route, try now" }, [], { now: at(10 + 8 * day) });
    const start = 10 + 8 * day;
    await runAutoClose(at(start + 5 * day));
    expect((await supportDb().select().from(tickets).where(eq(tickets.id, t.id)))[0]!.autoCloseWarnedAt).toEqual(at(start + 5 * day));
    const closed = await runAutoClose(at(start + 7 * day));
    expect(closed.closed).toBeGreaterThanOrEqual(1);
    const [row] = await supportDb().select().from(tickets).where(eq(tickets.id, t.id));
    expect(row!.status).toBe("closed");
    expect((await runAutoClose(at(start + 7 * day + 5))).closed).toBe(0);
    await expect(replyAsCustomer(bob, t.id, { body: "late" })).rejects.toMatchObject({ code: "CONFLICT" });
    // A resolved ticket nobody re-opens closes after the same wait, without a warning.
    const solved = await openTicket({ customerId: bob }, { departmentId: technical, subject: "Solved one", body: "x" }, [], { now: at(0) });
    await setTicketStatus(staff, [solved.id], "resolved", { now: at(1) });
    await runAutoClose(at(1 + 6 * day));
    expect((await supportDb().select().from(tickets).where(eq(tickets.id, solved.id)))[0]!.status).toBe("resolved");
    await runAutoClose(at(1 + 7 * day));
    expect((await supportDb().select().from(tickets).where(eq(tickets.id, solved.id)))[0]!.status).toBe("closed");
    // A rating after close, once.
    await rateTicket(bob, t.id, { rating: "4" });
    await expect(rateTicket(bob, t.id, { rating: "5" })).rejects.toBeInstanceOf(AppError);
  });
});

function rawEmail(opts: { from: string; to: string; subject?: string; text: string; messageId: string }) {
  return [
    `From: Customer <${opts.from}>`,
    `To: ${opts.to}`,
    `Subject: ${opts.subject ?? "Re: ticket"}`,
    `Message-ID: ${opts.messageId}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    opts.text,
    "",
  ].join("\r\n");
}

describe("email in and out", () => {
  it("emails the customer on a public reply with a signed reply address, and threads the emailed answer back once", async () => {
    const t = await openTicket({ customerId: alice }, { departmentId: technical, subject: "Email thread", body: "Start" }, [], { now: at(0) });
    await assignTickets(staff, [t.id], staff.id);
    await replyAsStaff(staff, t.id, { body: "Could you send a **log**?" }, [], { now: at(1) });
    await replyAsStaff(staff, t.id, { body: "private", internal: true }, [], { now: at(2) });
    await runJobs();
    const mails = (await emailsTo("alice@example.test")).filter((e) => e.subject.includes(t.number));
    expect(mails.map((m) => m.subject).sort()).toEqual([`[${t.number}] Email thread`, `[${t.number}] Re: Email thread`]);
    const reply = mails.find((m) => m.subject.startsWith(`[${t.number}] Re:`))!;
    expect(reply.text).toContain("Could you send a log?");
    expect(reply.text).not.toContain("private");
    const address = replyAddressFor(t.number);
    expect(reply.text).toContain(address);
    // The mail app's plain "Reply" goes to the signed address too.
    expect(reply.replyTo).toBe(address);
    expect(verifyReplyAddress(address)).toBe(t.number);

    const raw = rawEmail({ from: "alice@example.test", to: address, messageId: "<m1@example.test>", text: "Here it is, the log.\n\nOn Mon, Nov 2, 2026 Skyport wrote:\n> Could you send a log?" });
    const result = await processInboundEmail(raw, { now: at(10) });
    expect(result).toMatchObject({ status: "threaded", ticketNumber: t.number });
    expect(await processInboundEmail(raw, { now: at(11) })).toMatchObject({ status: "duplicate" });
    const view = await getCustomerTicket(alice, t.number);
    expect(view.messages.at(-1)!.bodyMarkdown).toBe("Here it is, the log.");
    expect(view.messages.filter((m) => m.bodyMarkdown === "Here it is, the log.")).toHaveLength(1);
    expect(view.status).toBe("awaiting_staff");
    // The assignee hears about the customer's emailed answer.
    await runJobs();
    expect((await emailsTo("agent@skyport.test")).some((e) => e.subject === `[${t.number}] New reply: Email thread`)).toBe(true);
  });

  it("rejects a forged or altered reply address and a stranger's mail", async () => {
    const t = await openTicket({ customerId: alice }, { departmentId: technical, subject: "Forgery", body: "Start" }, [], { now: at(0) });
    const good = replyAddressFor(t.number);
    const forged = good.replace(/\.([0-9a-f]{20})@/, (_, mac: string) => `.${mac.startsWith("0") ? "1" : "0"}${mac.slice(1)}@`);
    const other = good.replace(t.number.toLowerCase(), "t-999999");
    expect(verifyReplyAddress(forged)).toBeNull();
    expect(verifyReplyAddress(other)).toBeNull();
    expect(await processInboundEmail(rawEmail({ from: "alice@example.test", to: forged, messageId: "<f1@x>", text: "hi" }))).toMatchObject({ status: "rejected", reason: /signed/ });
    expect(await processInboundEmail(rawEmail({ from: "mallory@example.test", to: good, messageId: "<f2@x>", text: "hi" }))).toMatchObject({ status: "rejected", reason: /customer/ });
    const messages = await supportDb().select().from(ticketMessages).where(eq(ticketMessages.ticketId, t.id));
    expect(messages).toHaveLength(1);
    expect(await supportDb().select().from(inboundEmails).where(like(inboundEmails.messageId, "<f%"))).toHaveLength(2);
  });

  it("cuts the quoted history off a reply", () => {
    expect(stripQuotedReply("Yes please\r\n\r\n-----Original Message-----\r\nFrom: x")).toBe("Yes please");
    expect(stripQuotedReply("Thanks!\n> old\n> older")).toBe("Thanks!");
  });
});

describe("merge, bulk close, contact form", () => {
  it("merges a customer's duplicate into the original, audited; refuses another customer's ticket", async () => {
    const a = await openTicket({ customerId: alice }, { departmentId: technical, subject: "Original", body: "one" });
    const b = await openTicket({ customerId: alice }, { departmentId: technical, subject: "Duplicate", body: "two" });
    const c = await openTicket({ customerId: bob }, { departmentId: technical, subject: "Bob's", body: "three" });
    await expect(mergeTickets(staff, c.id, a.id)).rejects.toMatchObject({ code: "VALIDATION" });
    await mergeTickets(staff, b.id, a.id);
    const merged = await getStaffTicket(a.number);
    expect(merged.messages.map((m) => m.bodyMarkdown)).toEqual(expect.arrayContaining(["one", "two", expect.stringContaining(b.number)]));
    const source = await getCustomerTicket(alice, b.number);
    expect(source).toMatchObject({ status: "closed", mergedIntoNumber: a.number });
    const closedCount = await setTicketStatus(staff, [a.id, c.id], "closed");
    expect(closedCount).toBe(2);
    expect(await supportDb().select().from(auditLog).where(and(eq(auditLog.action, "ticket.status"), eq(auditLog.entityId, c.id)))).toHaveLength(1);
  });

  it("opens a guest ticket only after the emailed link is clicked; the honeypot drops bots", async () => {
    await submitContactForm({ email: "guest@example.test", departmentId: technical, subject: "Pre-sales", body: "Do you support routers?", website: "" }, { ip: "192.0.2.10" });
    await submitContactForm({ email: "bot@example.test", departmentId: technical, subject: "Buy now", body: "Cheap pills cheap pills", website: "http://spam" }, { ip: "192.0.2.11" });
    expect(await emailsTo("bot@example.test")).toHaveLength(0);
    const mail = (await emailsTo("guest@example.test"))[0]!;
    const token = /token=([\w-]+)/.exec(mail.text)![1]!;
    const first = await verifyContactRequest(token);
    expect(await verifyContactRequest(token)).toEqual(first);
    const [ticket] = await supportDb().select().from(tickets).where(eq(tickets.number, first.number));
    expect(ticket).toMatchObject({ customerId: GUEST_CUSTOMER_ID, requesterEmail: "guest@example.test", source: "contact" });
    await expect(verifyContactRequest("x".repeat(43))).rejects.toMatchObject({ code: "GONE" });
  });

  it("rate-limits the contact form per address", async () => {
    const send = () => submitContactForm({ email: `r${Math.random()}@example.test`, departmentId: technical, subject: "Hello", body: "Hello there, friends" }, { ip: "192.0.2.99" });
    for (let i = 0; i < 5; i++) await send();
    await expect(send()).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });
});

describe("markdown", () => {
  it("renders Markdown and strips scripts, handlers and javascript: links", () => {
    const html = renderMarkdown('**b** [x](javascript:alert(1)) <img src=x onerror=alert(1)> <a href="https://e.test" onclick="x()">e</a>');
    expect(html).toContain("<strong>b</strong>");
    expect(html).not.toMatch(/javascript:|onerror|onclick|<img/);
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });
});
