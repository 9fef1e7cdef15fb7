import "server-only";
/**
 * Customer notices about their devices: a portal notification and an email, written together in one ops
 * transaction. They are sent after the VPN change committed (two databases cannot share a transaction); a failure
 * here is logged and does not undo the change the customer made, which already happened.
 */
import { eq } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import { opsDb } from "@/db/ops/client";
import { emailOutbox, notifications } from "@/db/ops/schema";
import { renderEmail, sendEmail } from "@/lib/email";
import { serverEnv } from "@/lib/env";

export interface VpnNotice {
  kind: "vpn.device_added" | "vpn.key_rotated" | "vpn.config_downloaded" | "vpn.devices_disabled" | "vpn.devices_enabled";
  title: string;
  paragraphs: string[];
  /** Portal path, e.g. `/portal/devices`. */
  link?: string;
  /** A repeated notice with the same key sends no second email (e.g. one download notice per device and day). */
  dedupeKey?: string;
}

export async function notifyUser(userId: string, notice: VpnNotice, options: { email?: string | null } = {}): Promise<void> {
  try {
    const email = options.email ?? (await lookupEmail(userId));
    const link = notice.link ?? "/portal/devices";
    const body = notice.paragraphs.join("\n\n");
    await opsDb().transaction(async (tx) => {
      if (notice.dedupeKey) {
        const [seen] = await tx.select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.dedupeKey, notice.dedupeKey)).limit(1);
        if (seen) return;
      }
      await tx.insert(notifications).values({ userId, kind: notice.kind, title: notice.title, body, link });
      if (email) {
        const url = new URL(link, serverEnv().APP_URL).toString();
        const rendered = renderEmail({ heading: notice.title, paragraphs: notice.paragraphs, action: { label: "Open your devices", url } });
        await sendEmail(tx, {
          to: email,
          subject: notice.title,
          text: rendered.text,
          html: rendered.html,
          template: notice.kind,
          userId,
          dedupeKey: notice.dedupeKey,
        });
      }
    });
  } catch (error) {
    console.error(`[vpn] could not notify user ${userId} (${notice.kind})`, error);
  }
}

async function lookupEmail(userId: string): Promise<string | null> {
  const [row] = await identityDb().select({ email: users.email }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.email ?? null;
}
