import "server-only";
/**
 * Replies by email. The mail server posts each raw RFC 822 message (authenticated by a shared secret, checked in
 * the route); `mailparser` parses it; the first recipient that is a validly signed reply address names the ticket;
 * the sender must be that ticket's customer. The quoted history is cut off, attachments go through the same checks
 * as uploads, and the Message-ID is recorded in the same transaction as the message, so a redelivery threads nothing
 * twice.
 */
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import { eq } from "drizzle-orm";
import { createHash } from "node:crypto";
import { supportDb } from "@/db/support/client";
import { inboundEmails, tickets } from "@/db/support/schema";
import { AppError } from "@/lib/errors";
import { checkAttachment, type CheckedFile } from "./attachments";

import { customerAddress } from "./notify";
import { verifyReplyAddress } from "./reply-address";
import { replyAsCustomer } from "./tickets";

export const INBOUND_MAX_BYTES = 15 * 1024 * 1024;

export type InboundResult =
  | { status: "threaded"; ticketNumber: string; messageId: string; skippedAttachments: string[] }
  | { status: "duplicate"; ticketNumber: string | null }
  | { status: "rejected"; reason: string };

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value.map((v) => v.address?.toLowerCase() ?? "")).filter(Boolean);
}

function headerAddresses(mail: ParsedMail, name: string): string[] {
  const value = mail.headers.get(name);
  if (!value) return [];
  if (typeof value === "string") return value.split(",").map((v) => (/<([^>]+)>/.exec(v)?.[1] ?? v).trim().toLowerCase());
  if (typeof value === "object" && "value" in value && Array.isArray(value.value)) return addresses(value as AddressObject);
  return [];
}

/** The new text of a reply: everything above the quoted history ("On … wrote:", "-----Original Message-----", "> …"). */
export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const next = `${line} ${lines[i + 1] ?? ""}`;
    if (/^\s*On\b.{0,200}\bwrote:\s*$/i.test(line) || /^\s*On\b.{0,200}\bwrote:\s*$/i.test(next.trim())) break;
    if (/^\s*-{2,}\s*Original Message\s*-{2,}/i.test(line)) break;
    if (/^\s*From:\s.+/i.test(line) && out.length > 0 && /^\s*$/.test(lines[i - 1] ?? "")) break;
    if (/^\s*>/.test(line)) continue;
    out.push(line);
  }
  // A signature separator ends the message too.
  const sig = out.findIndex((l) => l === "-- ");
  return (sig >= 0 ? out.slice(0, sig) : out).join("\n").trim();
}

async function record(entry: typeof inboundEmails.$inferInsert): Promise<void> {
  await supportDb().insert(inboundEmails).values(entry).onConflictDoNothing({ target: inboundEmails.messageId });
}

export async function processInboundEmail(raw: Buffer | string, options: { now?: Date } = {}): Promise<InboundResult> {
  const now = options.now ?? new Date();
  const size = typeof raw === "string" ? Buffer.byteLength(raw) : raw.length;
  if (size > INBOUND_MAX_BYTES) return { status: "rejected", reason: "message too large" };
  const mail = await simpleParser(raw, { skipHtmlToText: false, maxHtmlLengthToParse: 2 * 1024 * 1024 });
  const messageId = (mail.messageId ?? `<sha256:${createHash("sha256").update(raw).digest("hex")}>`).slice(0, 500);
  const from = addresses(mail.from)[0] ?? null;
  const subject = mail.subject?.slice(0, 250) ?? null;

  const [seen] = await supportDb().select({ ticketId: inboundEmails.ticketId, status: inboundEmails.status }).from(inboundEmails).where(eq(inboundEmails.messageId, messageId)).limit(1);
  if (seen) {
    const [t] = seen.ticketId ? await supportDb().select({ number: tickets.number }).from(tickets).where(eq(tickets.id, seen.ticketId)).limit(1) : [];
    return { status: "duplicate", ticketNumber: t?.number ?? null };
  }

  const recipients = [...addresses(mail.to), ...addresses(mail.cc), ...headerAddresses(mail, "delivered-to"), ...headerAddresses(mail, "x-original-to")];
  let number: string | null = null;
  let toAddress: string | null = null;
  for (const r of recipients) {
    number = verifyReplyAddress(r);
    if (number) {
      toAddress = r;
      break;
    }
  }
  const reject = async (reason: string, ticketId: string | null = null): Promise<InboundResult> => {
    await record({ messageId, fromAddress: from, toAddress: toAddress ?? recipients[0] ?? null, subject, status: "rejected", reason, ticketId, receivedAt: now });
    return { status: "rejected", reason };
  };
  if (!number) return reject("no validly signed reply address");

  const [ticket] = await supportDb().select().from(tickets).where(eq(tickets.number, number)).limit(1);
  if (!ticket) return reject("unknown ticket");
  const expected = (await customerAddress(ticket))?.toLowerCase();
  if (!from || !expected || from !== expected) return reject("sender is not the ticket's customer", ticket.id);
  if (ticket.status === "closed") return reject("ticket is closed", ticket.id);

  const body = stripQuotedReply(mail.text ?? "") || "(empty message)";
  const checked: CheckedFile[] = [];
  const skipped: string[] = [];
  for (const a of mail.attachments.slice(0, 5)) {
    if (a.contentDisposition === "inline" && a.related) continue;
    const result = checkAttachment({ filename: a.filename ?? "attachment", content: a.content });
    if (typeof result === "string") skipped.push(result);
    else checked.push(result);
  }
  const text = skipped.length ? `${body}\n\n_Not attached (refused): ${skipped.join("; ")}_` : body;

  try {
    const { messageId: ticketMessageId } = await replyAsCustomer(
      ticket.customerId,
      ticket.id,
      { body: text },
      checked,
      {
        now,
        // Recorded in the reply's own transaction: a redelivery racing this one fails on the unique Message-ID.
        beforeAppend: async (tx) => {
          await tx.insert(inboundEmails).values({ messageId, fromAddress: from, toAddress, subject, status: "threaded", ticketId: ticket.id, receivedAt: now });
        },
      },
    );
    await supportDb().update(inboundEmails).set({ ticketMessageId }).where(eq(inboundEmails.messageId, messageId));
    return { status: "threaded", ticketNumber: ticket.number, messageId: ticketMessageId, skippedAttachments: skipped };
  } catch (error) {
    if (error instanceof AppError && error.code !== "INTERNAL") return reject(error.message, ticket.id);
    if (/UNIQUE constraint failed: inbound_emails\.message_id/.test(String((error as { cause?: unknown })?.cause ?? error))) {
      return { status: "duplicate", ticketNumber: ticket.number };
    }
    throw error;
  }
}

