import "server-only";
/** Delivery of queued emails from the ops outbox. */
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { opsDb } from "@/db/ops/client";
import { emailOutbox } from "@/db/ops/schema";
import { serverEnv } from "@/lib/env";
import { defineJob, PermanentJobError } from "@/lib/jobs/define";
import { getSmtpUrl } from "@/lib/settings";
import { smtpTransport } from "./transport";

/** Enough tries to ride out an SMTP outage of a couple of hours (5 s doubling, capped at 1 h). */
export const EMAIL_MAX_ATTEMPTS = 12;

function messageIdFor(outboxId: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "skyport.local";
  return `<${outboxId}@${domain}>`;
}

function preview(row: typeof emailOutbox.$inferSelect): string {
  const lines = row.text.split("\n").filter((l) => l.trim() !== "");
  const links = [...new Set(row.text.match(/\b(?:https?:\/\/|mailto:)[^\s<>"')]+/g) ?? [])];
  return [
    `[email] captured (SMTP_URL not set) to=${row.toAddress} subject=${JSON.stringify(row.subject)}`,
    ...lines.slice(0, 4).map((l) => `  | ${l.length > 120 ? `${l.slice(0, 117)}...` : l}`),
    ...links.map((l) => `  → ${l}`),
  ].join("\n");
}

export const deliverEmailJob = defineJob("email.deliver", z.object({ outboxId: z.string().min(1) }), async ({ outboxId }, ctx) => {
  const ops = opsDb();
  const [row] = await ops.select().from(emailOutbox).where(eq(emailOutbox.id, outboxId)).limit(1);
  if (!row) throw new PermanentJobError(`email_outbox row ${outboxId} does not exist`);
  // A re-run after a crash between sending and this job finishing: nothing left to do.
  if (row.status === "sent" || row.status === "captured") return { status: row.status, messageId: row.messageId };

  const env = serverEnv();
  // The SMTP server set in admin (Settings → Email) wins over the environment's SMTP_URL.
  const smtpUrl = (await getSmtpUrl()) ?? env.SMTP_URL;
  if (!smtpUrl) {
    await ops.update(emailOutbox).set({ status: "captured", lastError: null }).where(eq(emailOutbox.id, outboxId));
    // Only a developer's terminal sees message contents; production logs never carry them.
    if (env.NODE_ENV === "development") console.log(preview(row));
    return { status: "captured" };
  }

  try {
    // A stable Message-ID (from the outbox id) lets receiving servers and clients drop a duplicate if a
    // crash after sending makes us send again.
    const info = await smtpTransport(smtpUrl).sendMail({
      from: row.fromAddress,
      to: row.toAddress,
      subject: row.subject,
      text: row.text,
      html: row.html ?? undefined,
      replyTo: row.replyTo ?? undefined,
      messageId: messageIdFor(row.id, row.fromAddress),
    });
    await ops
      .update(emailOutbox)
      .set({
        status: "sent",
        messageId: info.messageId,
        sentAt: ctx.now(),
        lastError: null,
        attempts: sql`${emailOutbox.attempts} + 1`,
      })
      .where(eq(emailOutbox.id, outboxId));
    return { status: "sent", messageId: info.messageId };
  } catch (error) {
    await ops
      .update(emailOutbox)
      .set({
        // Still queued while the job retries; `failed` once it gives up (the row stays for the admin to resend).
        status: ctx.isLastAttempt ? "failed" : "queued",
        lastError: error instanceof Error ? error.message : String(error),
        attempts: sql`${emailOutbox.attempts} + 1`,
      })
      .where(eq(emailOutbox.id, outboxId));
    throw error;
  }
});
