import "server-only";
/** Database handles and shared constants of the support desk. */
import { supportDb } from "@/db/support/client";

export type SupportDb = ReturnType<typeof supportDb>;
export type SupportTx = Parameters<Parameters<SupportDb["transaction"]>[0]>[0];
export type SupportExecutor = SupportDb | SupportTx;

/** customer_id of tickets opened from the contact form by someone without an account. */
export const GUEST_CUSTOMER_ID = "guest";

/** Statuses in which the ticket is still being worked on (SLA clocks run, the queue shows it by default). */
export const ACTIVE_STATUSES = ["open", "awaiting_staff", "awaiting_customer"] as const;

export const AUTO_CLOSE = {
  /** Awaiting the customer this long: a warning goes out. */
  warnAfterDays: 5,
  /** Awaiting the customer this long (and warned at least a day before): the ticket closes. */
  closeAfterDays: 7,
  /** Least time between the warning and the close, so nobody is closed minutes after being warned. */
  minNoticeMs: 24 * 60 * 60_000,
} as const;

export const DAY_MS = 24 * 60 * 60_000;
