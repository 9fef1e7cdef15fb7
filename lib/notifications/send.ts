import "server-only";
/**
 * Writes one customer notice: a row in the portal feed and the same words by email (queued in lib/email's outbox),
 * in one ops transaction with a marker keyed by the event. However many times a job delivers the same event —
 * at-least-once delivery, a retry after a crash — the customer gets one feed row and one email.
 */
import { jobEffects, notifications } from "@/db/ops/schema";
import { opsDb } from "@/db/ops/client";
import { renderEmail, sendEmail } from "@/lib/email";
import { serverEnv } from "@/lib/env";

export interface NoticeInput {
  userId: string;
  /** Where the email goes; null sends the feed row only. */
  email: string | null;
  /** e.g. `vpn.devices_disabled`; also the email's template name in the admin's outbox view. */
  kind: string;
  title: string;
  paragraphs: string[];
  /** Portal path the feed row and the email's button lead to. */
  link: string;
  actionLabel: string;
  /** The event's identity: one notice per key, ever. */
  dedupeKey: string;
}

/** Returns false when this key was already delivered (nothing is written then). */
export async function sendNotice(input: NoticeInput): Promise<boolean> {
  return opsDb().transaction(async (tx) => {
    // The marker shares the transaction with the feed row and the email: both exist iff it does.
    const [first] = await tx
      .insert(jobEffects)
      .values({ key: `notice:${input.dedupeKey}`, jobId: input.dedupeKey })
      .onConflictDoNothing({ target: jobEffects.key })
      .returning({ key: jobEffects.key });
    if (!first) return false;
    await tx.insert(notifications).values({ userId: input.userId, kind: input.kind, title: input.title, body: input.paragraphs.join("\n\n"), link: input.link });
    if (input.email) {
      const url = new URL(input.link, serverEnv().APP_URL).toString();
      const rendered = renderEmail({ heading: input.title, paragraphs: input.paragraphs, action: { label: input.actionLabel, url } });
      await sendEmail(tx, {
        to: input.email,
        subject: input.title,
        text: rendered.text,
        html: rendered.html,
        template: input.kind,
        userId: input.userId,
        dedupeKey: input.dedupeKey,
      });
    }
    return true;
  });
}
