import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { opsDb } from "@/db/ops/client";
import { emailOutbox } from "@/db/ops/schema";
import { serverEnv } from "@/lib/env";
import type { JobExecutor } from "@/lib/jobs/tables";
import { deliverEmailJob, EMAIL_MAX_ATTEMPTS } from "./jobs";

const noLineBreaks = (field: string) => z.string().trim().min(1, `${field} is required`).refine((v) => !/[\r\n]/.test(v), `${field} must be one line`);

export const sendEmailSchema = z.object({
  to: z.email(),
  subject: noLineBreaks("subject").pipe(z.string().max(250)),
  text: z.string().min(1),
  html: z.string().optional(),
  /** Where replies should go (a ticket's signed reply address); one address, no line breaks. */
  replyTo: z.email().optional(),
  /** Which template or purpose produced it (e.g. "auth.verify"), for the admin's outbox view. */
  template: z.string().optional(),
  /** A second sendEmail with the same key does nothing (e.g. `invoice-reminder:<invoiceId>:1`). */
  dedupeKey: z.string().min(1).optional(),
  userId: z.string().optional(),
});

export type SendEmailInput = z.input<typeof sendEmailSchema>;

/**
 * Queues an email: writes it to the ops `email_outbox` and enqueues its `email.deliver` job in the same
 * ops transaction, so the message is never lost and never delivered without a record.
 * Pass an ops transaction to make the email part of a larger ops change; otherwise the ops database is used.
 * Returns the outbox id (the existing one for a repeated dedupeKey).
 */
export async function sendEmail(input: SendEmailInput): Promise<string>;
export async function sendEmail(db: JobExecutor, input: SendEmailInput): Promise<string>;
export async function sendEmail(a: JobExecutor | SendEmailInput, b?: SendEmailInput): Promise<string> {
  const db = b ? (a as JobExecutor) : opsDb();
  const message = sendEmailSchema.parse(b ?? a);
  const from = serverEnv().EMAIL_FROM;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(emailOutbox)
      .values({
        toAddress: message.to,
        fromAddress: from,
        subject: message.subject,
        text: message.text,
        html: message.html,
        replyTo: message.replyTo,
        template: message.template,
        dedupeKey: message.dedupeKey,
        userId: message.userId,
      })
      .onConflictDoNothing({ target: emailOutbox.dedupeKey })
      .returning({ id: emailOutbox.id });
    if (!row) {
      const [existing] = await tx
        .select({ id: emailOutbox.id })
        .from(emailOutbox)
        .where(eq(emailOutbox.dedupeKey, message.dedupeKey!))
        .limit(1);
      if (!existing) throw new Error(`sendEmail: insert ignored but no outbox row has dedupeKey ${message.dedupeKey}`);
      return existing.id;
    }
    await deliverEmailJob.enqueue(tx, { outboxId: row.id }, { uniqueKey: `email:${row.id}`, maxAttempts: EMAIL_MAX_ATTEMPTS });
    return row.id;
  });
}
