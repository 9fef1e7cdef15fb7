import "server-only";
/** Time rules for "online": devices by their last handshake, servers by their agent's last report. */

/** A handshake this recent means the device is connected (WireGuard re-handshakes every 2 minutes while in use). */
export const ONLINE_WINDOW_MS = 3 * 60_000;
/** A server is offline once its agent has not reported for this long (DESIGN: shown offline within 2 minutes). */
export const OFFLINE_AFTER_MS = 120_000;

/** Online iff the agent reported less than `offlineAfterMs` ago (and the server is active). */
export function serverStatus(
  server: { lastSeenAt: Date | null; active: boolean },
  now: Date = new Date(),
  offlineAfterMs = OFFLINE_AFTER_MS,
): "online" | "offline" {
  if (!server.active || !server.lastSeenAt) return "offline";
  return now.getTime() - server.lastSeenAt.getTime() < offlineAfterMs ? "online" : "offline";
}

/** `YYYY-MM` in UTC: the key of device_usage_monthly. */
export const usageMonth = (now: Date) => now.toISOString().slice(0, 7);
