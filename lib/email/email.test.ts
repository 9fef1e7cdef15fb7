/**
 * Email through the outbox, delivered by the job worker to a real SMTP server started here, read back with
 * mailparser. Also: no SMTP configured (captured, nothing lost), a refusing server (retried, not lost),
 * dedupe keys, and the outbox joining the caller's transaction.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerAddress } from "smtp-server";
import { opsDb } from "@/db/ops/client";
import { emailOutbox } from "@/db/ops/schema";
import { resetEnvCache } from "@/lib/env";
import { captureLogger, setupJobDatabases, testClock, type TestClock } from "@/lib/jobs/__fixtures__/setup";
import { jobs } from "@/lib/jobs/tables";
import { createWorker } from "@/lib/jobs/worker";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { renderEmail } from "./render";
import { sendEmail } from "./send";
import { closeSmtpTransports } from "./transport";

interface TestSmtp {
  url: string;
  received: Array<{ mail: ParsedMail; from: string; to: string[] }>;
  close(): Promise<void>;
}

async function startSmtp(options: { refuse?: boolean } = {}): Promise<TestSmtp> {
  const received: TestSmtp["received"] = [];
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no self-signed STARTTLS for the client to reject.
    disabledCommands: ["STARTTLS"],
    logger: false,
    onMailFrom(_address, _session, callback) {
      if (!options.refuse) return callback();
      const error = Object.assign(new Error("Mailbox temporarily unavailable, try again later"), { responseCode: 451 });
      callback(error);
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const address = (a: SMTPServerAddress | false) => (a ? a.address : "");
          received.push({ mail, from: address(session.envelope.mailFrom), to: session.envelope.rcptTo.map(address) });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise((r) => server.close(() => r())) };
}

let temp: TempDatabases;
let clock: TestClock;
const servers: TestSmtp[] = [];

function useSmtp(url: string | undefined) {
  if (url) process.env.SMTP_URL = url;
  else delete process.env.SMTP_URL;
  resetEnvCache();
}

beforeEach(async () => {
  temp = await setupJobDatabases();
  clock = testClock();
});
afterEach(async () => {
  useSmtp(undefined);
  closeSmtpTransports();
  await Promise.all(servers.splice(0).map((s) => s.close()));
  temp.cleanup();
});
afterAll(() => {
  resetEnvCache();
});

const worker = () => createWorker({ databases: ["ops"], schedules: false, clock, random: () => 0.5, logger: captureLogger() });
const outboxRow = async (id: string) => (await opsDb().select().from(emailOutbox).where(eq(emailOutbox.id, id)))[0]!;
const deliveryJob = async (outboxId: string) =>
  (await opsDb().select().from(jobs).where(eq(jobs.uniqueKey, `email:${outboxId}`)))[0]!;

const welcome = () =>
  renderEmail({
    heading: "Confirm your email",
    paragraphs: ["Welcome to Skyport, Ada & friends.", "Click below to confirm your address."],
    action: { label: "Confirm email", url: "https://skyport.test/verify?token=abc123&u=1" },
  });

describe("sendEmail + email.deliver", () => {
  it("delivers through a real SMTP server and marks the outbox row sent", async () => {
    const smtp = await startSmtp();
    servers.push(smtp);
    useSmtp(smtp.url);

    const id = await sendEmail({ to: "ada@example.com", subject: "Confirm your email", ...welcome(), template: "auth.verify", userId: "u1" });
    expect(await outboxRow(id)).toMatchObject({ status: "queued", toAddress: "ada@example.com", fromAddress: "Skyport <no-reply@skyport.test>" });
    expect(await deliveryJob(id)).toMatchObject({ type: "email.deliver", payload: { outboxId: id }, status: "queued" });

    expect(await worker().runOnce()).toMatchObject({ claimed: 1, succeeded: 1 });

    expect(smtp.received).toHaveLength(1);
    const { mail, from, to } = smtp.received[0]!;
    expect(from).toBe("no-reply@skyport.test");
    expect(to).toEqual(["ada@example.com"]);
    expect(mail.subject).toBe("Confirm your email");
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]!.address : null).toBe("ada@example.com");
    expect(mail.text).toContain("Welcome to Skyport, Ada & friends.");
    expect(mail.text).toContain("Confirm email: https://skyport.test/verify?token=abc123&u=1");
    expect(mail.html).toContain('href="https://skyport.test/verify?token=abc123&amp;u=1"');
    expect(mail.html).toContain("Ada &amp; friends.");
    expect(mail.messageId).toBe(`<${id}@skyport.test>`);
    expect(mail.replyTo).toBeUndefined();

    const row = await outboxRow(id);
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null, messageId: `<${id}@skyport.test>`, sentAt: clock() });
    expect(await deliveryJob(id)).toMatchObject({ status: "succeeded", result: { status: "sent" } });

    // A re-run (e.g. after a crash before the job was marked done) does not send again.
    await opsDb().update(jobs).set({ status: "queued" }).where(eq(jobs.uniqueKey, `email:${id}`));
    await worker().runOnce();
    expect(smtp.received).toHaveLength(1);
  });

  it("carries a Reply-To when given (a ticket's signed reply address), so the mail app's Reply reaches it", async () => {
    const smtp = await startSmtp();
    servers.push(smtp);
    useSmtp(smtp.url);
    await sendEmail({ to: "ada@example.com", subject: "[T-1001] Re: Help", ...welcome(), replyTo: "reply+t-1001.sig@support.skyport.test" });
    await worker().runOnce();
    const { mail } = smtp.received[0]!;
    expect(mail.replyTo?.value[0]?.address).toBe("reply+t-1001.sig@support.skyport.test");
    await expect(sendEmail({ to: "ada@example.com", subject: "x", text: "x", replyTo: "a@b.c\r\nBcc: evil@example.com" })).rejects.toThrow();
  });

  it("without SMTP_URL the message is captured in the outbox", async () => {
    const id = await sendEmail({ to: "bob@example.com", subject: "Your invoice", text: "Invoice INV-1 is ready." });
    await worker().runOnce();
    expect(await outboxRow(id)).toMatchObject({ status: "captured", text: "Invoice INV-1 is ready.", sentAt: null });
    expect(await deliveryJob(id)).toMatchObject({ status: "succeeded", result: { status: "captured" } });
  });

  it("logs a short preview in development only", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const previous = process.env.NODE_ENV;
    try {
      (process.env as Record<string, string>).NODE_ENV = "development";
      resetEnvCache();
      await sendEmail({ to: "dev@example.com", subject: "Reset your password", ...welcome() });
      await worker().runOnce();
      const preview = log.mock.calls.map((c) => String(c[0])).find((l) => l.startsWith("[email] captured"));
      expect(preview).toContain("to=dev@example.com");
      expect(preview).toContain('subject="Reset your password"');
      expect(preview).toContain("Welcome to Skyport");
      expect(preview).toContain("→ https://skyport.test/verify?token=abc123&u=1");

      log.mockClear();
      (process.env as Record<string, string>).NODE_ENV = "production";
      resetEnvCache();
      const id = await sendEmail({ to: "prod@example.com", subject: "Secret link", ...welcome() });
      await worker().runOnce();
      expect((await outboxRow(id)).status).toBe("captured");
      expect(log.mock.calls.flat().join("\n")).not.toContain("prod@example.com");
    } finally {
      (process.env as Record<string, string | undefined>).NODE_ENV = previous;
      resetEnvCache();
      log.mockRestore();
    }
  });

  it("a refusing SMTP server makes the job retry; the message is kept and delivered later", async () => {
    const refusing = await startSmtp({ refuse: true });
    servers.push(refusing);
    useSmtp(refusing.url);
    const id = await sendEmail({ to: "carol@example.com", subject: "Service suspended", text: "Please pay invoice INV-7." });

    expect(await worker().runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    let row = await outboxRow(id);
    expect(row).toMatchObject({ status: "queued", attempts: 1, sentAt: null });
    expect(row.lastError).toContain("try again later");
    const job = await deliveryJob(id);
    expect(job).toMatchObject({ status: "failed", attempts: 1 });
    expect(job.runAt.getTime()).toBeGreaterThan(clock.ms());
    expect(refusing.received).toHaveLength(0);

    const working = await startSmtp();
    servers.push(working);
    useSmtp(working.url);
    clock.set(job.runAt.getTime());
    expect(await worker().runOnce()).toMatchObject({ claimed: 1, succeeded: 1 });
    row = await outboxRow(id);
    expect(row).toMatchObject({ status: "sent", attempts: 2, lastError: null });
    expect(working.received.map((r) => r.mail.subject)).toEqual(["Service suspended"]);
  });

  it("marks the outbox row failed when delivery gives up", async () => {
    const refusing = await startSmtp({ refuse: true });
    servers.push(refusing);
    useSmtp(refusing.url);
    const id = await sendEmail({ to: "dan@example.com", subject: "Hello", text: "Hi" });
    await opsDb().update(jobs).set({ maxAttempts: 1 }).where(eq(jobs.uniqueKey, `email:${id}`));
    expect(await worker().runOnce()).toMatchObject({ dead: 1 });
    expect(await outboxRow(id)).toMatchObject({ status: "failed", attempts: 1 });
    expect((await deliveryJob(id)).status).toBe("dead");
  });

  it("a repeated dedupeKey is a no-op", async () => {
    const input = { to: "eve@example.com", subject: "Invoice overdue", text: "Reminder 1", dedupeKey: "dunning:inv_1:1" };
    const first = await sendEmail(input);
    const second = await sendEmail({ ...input, text: "Reminder 1 (again)" });
    expect(second).toBe(first);
    expect(await opsDb().select().from(emailOutbox)).toHaveLength(1);
    expect(await opsDb().select().from(jobs)).toHaveLength(1);
    expect((await outboxRow(first)).text).toBe("Reminder 1");
  });

  it("joins the caller's ops transaction: rolled back, nothing is queued", async () => {
    const db = opsDb();
    await expect(
      db.transaction(async (tx) => {
        await sendEmail(tx, { to: "fay@example.com", subject: "Welcome", text: "Hi" });
        throw new Error("sign-up failed");
      }),
    ).rejects.toThrow("sign-up failed");
    expect(await db.select().from(emailOutbox)).toHaveLength(0);
    expect(await db.select().from(jobs)).toHaveLength(0);

    const id = await db.transaction((tx) => sendEmail(tx, { to: "fay@example.com", subject: "Welcome", text: "Hi" }));
    expect(await outboxRow(id)).toMatchObject({ status: "queued" });
    expect(await deliveryJob(id)).toBeDefined();
  });

  it("rejects malformed messages before queuing them", async () => {
    await expect(sendEmail({ to: "not-an-email", subject: "x", text: "y" })).rejects.toThrow();
    await expect(sendEmail({ to: "a@example.com", subject: "two\nlines", text: "y" })).rejects.toThrow();
    expect(await opsDb().select().from(emailOutbox)).toHaveLength(0);
  });
});
