import "server-only";
/**
 * The portal's notice feed: reads of the ops `notifications` table, always scoped by the signed-in user's id.
 * Notices are written through ./send.ts by the modules that cause them (e.g. lib/vpn/notify.ts).
 */
import { desc, eq } from "drizzle-orm";
import { opsDb } from "@/db/ops/client";
import { notifications } from "@/db/ops/schema";

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  readAt: Date | null;
  createdAt: Date;
}

export const NOTIFICATIONS_MAX_LIMIT = 100;

/** The user's latest notices, newest first (ids are UUIDv7, so they break ties in creation order). */
export async function listNotifications(userId: string, options: { limit?: number } = {}): Promise<NotificationView[]> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 10), 1), NOTIFICATIONS_MAX_LIMIT);
  return opsDb()
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
    })
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}
