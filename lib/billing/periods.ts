import "server-only";
/** Billing periods: calendar months in UTC, with the day clamped to the month's end (Jan 31 + 1 month = Feb 28/29). */
import type { BillingCycle } from "@/db/billing/schema";

export const CYCLE_MONTHS: Record<BillingCycle, number | null> = {
  monthly: 1,
  quarterly: 3,
  semiannual: 6,
  yearly: 12,
  biennial: 24,
  triennial: 36,
  one_time: null,
};

export function addMonthsUtc(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      targetYear,
      targetMonth,
      Math.min(date.getUTCDate(), lastDay),
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds(),
    ),
  );
}

/** End of the period that starts at `start`; null for one-time purchases (they never renew). */
export function periodEnd(start: Date, cycle: BillingCycle): Date | null {
  const months = CYCLE_MONTHS[cycle];
  return months === null ? null : addMonthsUtc(start, months);
}

export const CYCLE_LABELS: Record<BillingCycle, string> = {
  monthly: "monthly",
  quarterly: "quarterly",
  semiannual: "every 6 months",
  yearly: "yearly",
  biennial: "every 2 years",
  triennial: "every 3 years",
  one_time: "one-time",
};
