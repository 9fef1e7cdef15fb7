import "server-only";
/**
 * The support desk's scheduled work, both safe to run any number of times and from several workers at once: every
 * change is a conditional UPDATE that only one run can win, and every email has a dedupe key.
 */
import { and, eq, inArray, isNotNull, isNull, lte } from "drizzle-orm";
import { supportDb } from "@/db/support/client";
import { auditLog, ticketMessages, tickets } from "@/db/support/schema";
import { SYSTEM_ACTOR, writeAudit } from "@/lib/audit";
import { renderEmail, sendEmail } from "@/lib/email";
import { AUTO_CLOSE, DAY_MS, GUEST_CUSTOMER_ID } from "./db";
import { customerAddress, customerTicketUrl, staffTicketUrl } from "./notify";
import { peopleByIds } from "./people";
import { replyAddressFor } from "./reply-address";
import { sweepSlaBreaches } from "./sla";

export async function runSlaSweep(now: Date): Promise<{ firstResponse: number; resolution: number }> {
  const db = supportDb();
  const swept = await db.transaction(async (tx) => {
    const result = await sweepSlaBreaches(now, tx);
    for (const [kind, ids] of [["first_response", result.firstResponse], ["resolution", result.resolution]] as const) {
      for (const id of ids) await writeAudit(tx, auditLog, SYSTEM_ACTOR, { action: "ticket.sla_breach", entityType: "ticket", entityId: id, after: { kind, at: now.toISOString() } });
    }
    return result;
  });
  const ids = [...new Set([...swept.firstResponse, ...swept.resolution])];
  if (ids.length) {
    const rows = await db.select({ id: tickets.id, number: tickets.number, subject: tickets.subject, assigneeId: tickets.assigneeId }).from(tickets).where(inArray(tickets.id, ids));
    const people = await peopleByIds(rows.map((r) => r.assigneeId));
    for (const row of rows) {
      const assignee = row.assigneeId ? people.get(row.assigneeId) : undefined;
      if (!assignee) continue;
      const kinds = [swept.firstResponse.includes(row.id) && "first response", swept.resolution.includes(row.id) && "resolution"].filter(Boolean).join(" and ");
      const email = renderEmail({ heading: `SLA breached on ${row.number}`, paragraphs: [`“${row.subject}” missed its ${kinds} target.`], action: { label: "Open the ticket", url: staffTicketUrl(row) } });
      await sendEmail({ to: assignee.email, subject: `[${row.number}] SLA breached`, ...email, template: "support.sla-breach", dedupeKey: `ticket-sla:${row.id}:${kinds}`, userId: assignee.id });
    }
  }
  return { firstResponse: swept.firstResponse.length, resolution: swept.resolution.length };
}

export interface AutoCloseOptions {
  warnAfterDays?: number;
  closeAfterDays?: number;
}

/**
 * Tickets awaiting the customer: after `warnAfterDays` the customer is told the ticket will close; after
 * `closeAfterDays` (and at least a day after the warning) it closes. A customer reply in between clears the warning
 * (status goes back to awaiting staff), so the next wait starts over.
 */
export async function runAutoClose(now: Date, options: AutoCloseOptions = {}): Promise<{ warned: number; closed: number }> {
  const warnAfter = (options.warnAfterDays ?? AUTO_CLOSE.warnAfterDays) * DAY_MS;
  const closeAfter = (options.closeAfterDays ?? AUTO_CLOSE.closeAfterDays) * DAY_MS;
  const db = supportDb();

  const closed = await db.transaction(async (tx) => {
    const rows = await tx
      .update(tickets)
      .set({ status: "closed", closedAt: now, statusChangedAt: now, updatedAt: now })
      .where(
        and(
          eq(tickets.status, "awaiting_customer"),
          lte(tickets.statusChangedAt, new Date(now.getTime() - closeAfter)),
          isNotNull(tickets.autoCloseWarnedAt),
          lte(tickets.autoCloseWarnedAt, new Date(now.getTime() - Math.min(AUTO_CLOSE.minNoticeMs, closeAfter - warnAfter))),
        ),
      )
      .returning({ id: tickets.id, number: tickets.number });
    for (const row of rows) {
      await tx.insert(ticketMessages).values({ ticketId: row.id, authorRole: "system", bodyMarkdown: "Closed automatically: we did not hear back.", createdAt: now });
      await writeAudit(tx, auditLog, SYSTEM_ACTOR, { action: "ticket.auto_close", entityType: "ticket", entityId: row.id, after: { number: row.number } });
    }
    return rows;
  });

  // Resolved tickets the customer never came back to are closed after the same wait (no warning: they said it was solved).
  const finished = await db.transaction(async (tx) => {
    const rows = await tx
      .update(tickets)
      .set({ status: "closed", closedAt: now, statusChangedAt: now, updatedAt: now })
      .where(and(eq(tickets.status, "resolved"), lte(tickets.statusChangedAt, new Date(now.getTime() - closeAfter))))
      .returning({ id: tickets.id, number: tickets.number });
    for (const row of rows) await writeAudit(tx, auditLog, SYSTEM_ACTOR, { action: "ticket.auto_close", entityType: "ticket", entityId: row.id, after: { number: row.number, from: "resolved" } });
    return rows;
  });

  // Email first, flag second: the dedupe key makes a re-sent warning a no-op, so a crash in between never leaves a
  // ticket flagged as warned without the customer having been told.
  const candidates = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.status, "awaiting_customer"), isNull(tickets.autoCloseWarnedAt), lte(tickets.statusChangedAt, new Date(now.getTime() - warnAfter))));
  const closeInDays = Math.max(1, Math.round((closeAfter - warnAfter) / DAY_MS));
  let warned = 0;
  for (const ticket of candidates) {
    const to = await customerAddress(ticket);
    if (to) {
      const url = customerTicketUrl(ticket);
      const email = renderEmail({
        heading: `Is ${ticket.number} solved?`,
        paragraphs: [
          `We are waiting for your answer on “${ticket.subject}”. If we don't hear from you, the ticket closes in ${closeInDays} day${closeInDays === 1 ? "" : "s"}.`,
          `To keep it open, reply to this email or write to ${replyAddressFor(ticket.number)}.`,
        ],
        action: url ? { label: "View the ticket", url } : undefined,
      });
      await sendEmail({
        to,
        subject: `[${ticket.number}] Closing soon: ${ticket.subject}`,
        ...email,
        template: "support.auto-close-warning",
        dedupeKey: `ticket-autoclose-warning:${ticket.id}:${ticket.statusChangedAt?.getTime() ?? 0}`,
        userId: ticket.customerId === GUEST_CUSTOMER_ID ? undefined : ticket.customerId,
      });
    }
    const flagged = await db
      .update(tickets)
      .set({ autoCloseWarnedAt: now })
      .where(and(eq(tickets.id, ticket.id), eq(tickets.status, "awaiting_customer"), isNull(tickets.autoCloseWarnedAt)))
      .returning({ id: tickets.id });
    warned += flagged.length;
  }
  return { warned, closed: closed.length + finished.length };
}
