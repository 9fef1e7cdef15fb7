import "server-only";
/**
 * Signed reply addresses: `reply+t-1001.<mac>@<domain>`. The MAC (HMAC-SHA256 under a key derived from
 * AUTH_SECRET, truncated to 80 bits) proves we issued the address for that ticket, so a guessed or altered
 * address threads nothing. Lower-case only: mail servers may fold the case of the local part.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { serverEnv } from "@/lib/env";

const PREFIX = "reply+";

function macFor(number: string): string {
  const key = createHmac("sha256", serverEnv().AUTH_SECRET).update("skyport:support:reply-address:v1").digest();
  return createHmac("sha256", key).update(number.toLowerCase()).digest("hex").slice(0, 20);
}

export function replyDomain(): string {
  const env = serverEnv();
  if (env.SUPPORT_REPLY_DOMAIN) return env.SUPPORT_REPLY_DOMAIN.toLowerCase();
  return (/@([^>\s]+)>?\s*$/.exec(env.EMAIL_FROM)?.[1] ?? "skyport.local").toLowerCase();
}

export function replyAddressFor(ticketNumber: string): string {
  const number = ticketNumber.toLowerCase();
  return `${PREFIX}${number}.${macFor(number)}@${replyDomain()}`;
}

/** The ticket number an address was issued for, or null when it is not one of ours or its MAC is wrong. */
export function verifyReplyAddress(address: string): string | null {
  const match = /^reply\+(t-\d{1,9})\.([0-9a-f]{20})@(.+)$/i.exec(address.trim());
  if (!match) return null;
  const number = match[1]!.toLowerCase();
  const given = Buffer.from(match[2]!.toLowerCase(), "utf8");
  const expected = Buffer.from(macFor(number), "utf8");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (match[3]!.toLowerCase() !== replyDomain()) return null;
  return number.toUpperCase();
}
