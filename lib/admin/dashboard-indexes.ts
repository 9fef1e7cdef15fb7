/**
 * Billing indexes the dashboard queries want (bench/admin-dashboard.ts applies them to its temporary databases and
 * prints the figures with and without). The billing schema is owned by the billing work: these are proposed there
 * as a migration rather than generated from here, so two branches don't both write billing migrations.
 * Each one covers its query, so SQLite answers from the index without touching the table rows.
 */
export const PROPOSED_BILLING_INDEXES = [
  // revenueByMonth: range on paid_at, then status/gateway filters and the summed columns, all in the index.
  "CREATE INDEX IF NOT EXISTS payments_revenue_idx ON payments (paid_at, status, gateway, currency, amount, amount_refunded)",
  // overdueInvoices: one status, grouped by currency.
  "CREATE INDEX IF NOT EXISTS invoices_overdue_idx ON invoices (status, currency, total, amount_paid)",
  // mrrThisMonth: services created this month ("new").
  "CREATE INDEX IF NOT EXISTS services_created_idx ON services (created_at)",
  // mrrMovement / the month-start MRR: every recurring service with the columns that decide when it was live and what it was worth.
  "CREATE INDEX IF NOT EXISTS services_mrr_idx ON services (status, cycle, created_at, currency, amount, cancelled_at, terminated_at, updated_at, id)",
];
