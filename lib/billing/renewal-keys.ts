import "server-only";
/** The idempotency key of a service's renewal invoice for the period starting at `periodStart` (unique on invoices). */
export const renewalKey = (serviceId: string, periodStart: Date) => `renewal:${serviceId}:${periodStart.getTime()}`;
