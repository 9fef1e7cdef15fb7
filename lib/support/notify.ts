import "server-only";
/**
 * Ticket emails. Each carries the ticket's signed reply address, so answering by email threads back into the
 * ticket (lib/support/inbound.ts). Every email has a dedupe key: a re-run job sends nothing twice.
 */
import { asc, eq } from "drizzle-orm";
import { supportDb } from "@/db/support/client";
import { attachments, ticketMessages, tickets } from "@/db/support/schema";
import { renderEmail, sendEmail } from "@/lib/email";
import { serverEnv } from "@/lib/env";
import { markdownToText } from "@/lib/markdown/render";
import { GUEST_CUSTOMER_ID } from "./db";
import { peopleByIds } from "./people";
import { replyAddressFor } from "./reply-address";

type TicketRow = typeof tickets.$inferSelect;

/** Where to write to the ticket's customer: their account email, or the guest's address. */
export async function customerAddress(ticket: Pick<TicketRow, "customerId" | "requesterEmail">): Promise<string | null> {
  if (ticket.customerId === GUEST_CUSTOMER_ID) return ticket.requesterEmail;
  const people = await peopleByIds([ticket.customerId]);
  return people.get(ticket.customerId)?.email ?? ticket.requesterEmail ?? null;
}

export function customerTicketUrl(ticket: Pick<TicketRow, "customerId" | "number">): string | null {
  if (ticket.customerId === GUEST_CUSTOMER_ID) return null;
  return `${serverEnv().APP_URL.replace(/\/+$/, "")}/portal/tickets/${ticket.number}`;
}

export const staffTicketUrl = (ticket: Pick<TicketRow, "number">) => `${serverEnv().APP_URL.replace(/\/+$/, "")}/admin/tickets/${ticket.number}`;

const quote = (markdown: string) => {
  const text = markdownToText(markdown);
  return text.length > 4000 ? `${text.slice(0, 4000)}…` : text;
};

export async function sendMessageNotifications(messageId: string): Promise<{ sent: string[] }> {
  const db = supportDb();
  const [message] = await db.select().from(ticketMessages).where(eq(ticketMessages.id, messageId)).limit(1);
  if (!message || message.internal || message.authorRole === "system") return { sent: [] };
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, message.ticketId)).limit(1);
  if (!ticket) return { sent: [] };
  const files = await db.select({ filename: attachments.filename }).from(attachments).where(eq(attachments.messageId, messageId));
  const firstMessage = (await db.select({ id: ticketMessages.id }).from(ticketMessages).where(eq(ticketMessages.ticketId, ticket.id)).orderBy(asc(ticketMessages.createdAt), asc(ticketMessages.id)).limit(1))[0];
  const isOpening = firstMessage?.id === message.id;
  const replyTo = replyAddressFor(ticket.number);
  const sent: string[] = [];
  const fileLine = files.length ? [`Attached: ${files.map((f) => f.filename).join(", ")}`] : [];

  if (message.authorRole === "staff") {
    const to = await customerAddress(ticket);
    const url = customerTicketUrl(ticket);
    if (to) {
      const email = renderEmail({
        heading: `New reply on ${ticket.number}: ${ticket.subject}`,
        paragraphs: [quote(message.bodyMarkdown), ...fileLine, `Reply to this email, or write to ${replyTo}, and your answer is added to the ticket.`],
        action: url ? { label: "View the ticket", url } : undefined,
        footer: `You get this because you opened ticket ${ticket.number}.`,
      });
      await sendEmail({ to, subject: `[${ticket.number}] Re: ${ticket.subject}`, ...email, replyTo, template: "support.reply", dedupeKey: `ticket-message:${messageId}:customer`, userId: ticket.customerId === GUEST_CUSTOMER_ID ? undefined : ticket.customerId });
      sent.push(to);
    }
  } else if (isOpening) {
    const to = await customerAddress(ticket);
    const url = customerTicketUrl(ticket);
    if (to) {
      const email = renderEmail({
        heading: `We received your request ${ticket.number}`,
        paragraphs: [`“${ticket.subject}” is with our team. We will answer as soon as we can.`, `To add something, reply to this email or write to ${replyTo}.`],
        action: url ? { label: "View the ticket", url } : undefined,
      });
      await sendEmail({ to, subject: `[${ticket.number}] ${ticket.subject}`, ...email, replyTo, template: "support.opened", dedupeKey: `ticket-message:${messageId}:customer`, userId: ticket.customerId === GUEST_CUSTOMER_ID ? undefined : ticket.customerId });
      sent.push(to);
    }
  }

  // The assignee hears about every public reply they did not write themselves.
  if (ticket.assigneeId && ticket.assigneeId !== message.authorId) {
    const assignee = (await peopleByIds([ticket.assigneeId])).get(ticket.assigneeId);
    if (assignee) {
      const who = message.authorRole === "customer" ? "the customer" : "a colleague";
      const email = renderEmail({
        heading: `${ticket.number}: new reply from ${who}`,
        paragraphs: [`“${ticket.subject}”`, quote(message.bodyMarkdown), ...fileLine],
        action: { label: "Open in the queue", url: staffTicketUrl(ticket) },
      });
      await sendEmail({ to: assignee.email, subject: `[${ticket.number}] New reply: ${ticket.subject}`, ...email, template: "support.assignee", dedupeKey: `ticket-message:${messageId}:assignee`, userId: assignee.id });
      sent.push(assignee.email);
    }
  }
  return { sent };
}
