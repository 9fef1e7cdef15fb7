import "server-only";
/**
 * Customer notices about their VPN devices and plan: a portal notification and an email (through lib/email's
 * outbox), exactly once per event.
 *
 * The change lives in the vpn database and the notice in ops; two databases cannot share a transaction, so the
 * notice goes through the vpn database's own job queue (transactional outbox): `queueNotice(tx, …)` records it in
 * the SAME vpn transaction as the change, keyed by the event, so it exists if and only if the change committed.
 * Right after the commit the caller delivers it at once (`deliverNoticesNow`, so the feed shows it on the next
 * page load); if that fails — ops down, crash — the `vpn.notice` job delivers it later. Both paths run
 * `deliverNotice` → lib/notifications' `sendNotice`, which writes the feed row and queues the email in one ops
 * transaction with a marker keyed by the event, so however many times it runs: one notice, one email.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { newId } from "@/db/columns";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import { vpnDb } from "@/db/vpn/client";
import { jobs } from "@/db/vpn/schema";
import { defineJob } from "@/lib/jobs/define";
import { sendNotice } from "@/lib/notifications/send";
import type { VpnTx } from "./db";

export const NOTICE_KINDS = [
  "vpn.device_added",
  "vpn.key_rotated",
  "vpn.config_downloaded",
  "vpn.devices_disabled",
  "vpn.devices_enabled",
  "vpn.access_suspended",
  "vpn.access_restored",
] as const;

const noticeSchema = z.object({
  kind: z.enum(NOTICE_KINDS),
  title: z.string().min(1),
  paragraphs: z.array(z.string()),
  /** Portal path, e.g. `/portal/devices`. */
  link: z.string().startsWith("/").optional(),
});
export type VpnNotice = z.infer<typeof noticeSchema>;

const payloadSchema = z.object({
  userId: z.string().min(1),
  email: z.string().nullable(),
  notice: noticeSchema,
  /** One notice and one email per key: the event's identity (see noticeKey). */
  dedupeKey: z.string().min(1),
});
type NoticePayload = z.infer<typeof payloadSchema>;

/**
 * A fresh key for one event (a device added, a plan change…). Events that should be told once per period use a
 * key of their own instead, e.g. one download notice per device, location and day.
 */
export const noticeKey = (kind: VpnNotice["kind"]) => `${kind}:${newId()}`;

/** Records a notice in the vpn transaction of the change it reports. A second call with the same key adds nothing. */
export async function queueNotice(tx: VpnTx, userId: string, notice: VpnNotice, options: { key: string; email?: string | null }): Promise<void> {
  await vpnNoticeJob.enqueue(tx, { userId, email: options.email ?? null, notice, dedupeKey: options.key }, { uniqueKey: options.key });
}

/**
 * Delivers queued notices now, after their change committed (a key whose change rolled back has no job and is
 * skipped). Failures are logged, not thrown: the change already happened and the job delivers the notice later.
 */
export async function deliverNoticesNow(...keys: Array<string | null | undefined>): Promise<void> {
  for (const key of keys) {
    if (!key) continue;
    try {
      const [job] = await vpnDb().select({ payload: jobs.payload }).from(jobs).where(eq(jobs.uniqueKey, key)).limit(1);
      if (job) await deliverNotice(payloadSchema.parse(job.payload));
    } catch (error) {
      console.error(`[vpn] notice ${key} not delivered yet; its job will retry`, error);
    }
  }
}

/** Writes the feed row and queues the email (lib/notifications/send.ts), once per key. False when already delivered. */
export async function deliverNotice(payload: NoticePayload): Promise<boolean> {
  const { userId, notice, dedupeKey } = payload;
  return sendNotice({
    userId,
    email: payload.email ?? (await lookupEmail(userId)),
    kind: notice.kind,
    title: notice.title,
    paragraphs: notice.paragraphs,
    link: notice.link ?? "/portal/devices",
    actionLabel: "Open your devices",
    dedupeKey,
  });
}

/** The outbox behind queueNotice (registered through lib/vpn/jobs.ts). */
export const vpnNoticeJob = defineJob("vpn.notice", payloadSchema, async (payload) => ({ delivered: await deliverNotice(payload) }));

async function lookupEmail(userId: string): Promise<string | null> {
  const [row] = await identityDb().select({ email: users.email }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.email ?? null;
}
