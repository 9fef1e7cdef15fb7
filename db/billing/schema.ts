/** billing: catalogue, orders, services, invoices, payments, refunds, credit, coupons, taxes, gateways. */
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { boolean, createdAt, currency, id, json, money, ref, timestamp, timestamps } from "../columns";
import { auditLogTable, jobEffectsTable, jobsTable } from "../shared-tables";

export const jobs = jobsTable();
export const jobEffects = jobEffectsTable();
export const auditLog = auditLogTable();

export const PRODUCT_TYPES = ["vpn", "hosting", "cloud", "license", "other"] as const;
export const BILLING_CYCLES = ["monthly", "quarterly", "semiannual", "yearly", "biennial", "triennial", "one_time"] as const;
export type BillingCycle = (typeof BILLING_CYCLES)[number];

export const products = sqliteTable(
  "products",
  {
    id: id(),
    slug: text("slug").notNull(),
    type: text("type", { enum: PRODUCT_TYPES }).notNull(),
    name: text("name").notNull(),
    tagline: text("tagline"),
    description: text("description"),
    /** Marketing bullet points shown on plan cards. */
    features: json<string[]>("features").notNull().default([]),
    /** Provisioning module name (lib/provisioning registry) and its settings, e.g. { deviceLimit: 10, vipAccess: false }. */
    module: text("module").notNull().default("none"),
    moduleConfig: json<Record<string, unknown>>("module_config").notNull().default({}),
    trialDays: integer("trial_days").notNull().default(0),
    visible: boolean("visible").notNull().default(true),
    featured: boolean("featured").notNull().default(false),
    sortOrder: integer("sort_order").notNull().default(0),
    ...timestamps(),
  },
  (t) => [uniqueIndex("products_slug_uq").on(t.slug), index("products_type_idx").on(t.type, t.visible, t.sortOrder)],
);

export const prices = sqliteTable(
  "prices",
  {
    id: id(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    cycle: text("cycle", { enum: BILLING_CYCLES }).notNull(),
    currency: currency().notNull(),
    /** Minor units per cycle. */
    amount: money("amount").notNull(),
    setupFee: money("setup_fee").notNull().default(0),
    active: boolean("active").notNull().default(true),
    ...timestamps(),
  },
  (t) => [uniqueIndex("prices_product_cycle_currency_uq").on(t.productId, t.cycle, t.currency)],
);

/* ─── Customers' billing details ─────────────────────────────────────────────────────────────────────────── */

/** One per customer (identity user id). Invoices copy these details when issued, so later edits don't rewrite history. */
export const billingProfiles = sqliteTable(
  "billing_profiles",
  {
    id: id(),
    customerId: ref("customer_id").notNull(),
    organizationId: ref("organization_id"),
    name: text("name"),
    companyName: text("company_name"),
    email: text("email"),
    addressLine1: text("address_line1"),
    addressLine2: text("address_line2"),
    city: text("city"),
    state: text("state"),
    postalCode: text("postal_code"),
    /** ISO 3166-1 alpha-2; decides tax. */
    country: text("country", { length: 2 }),
    vatId: text("vat_id"),
    /** Last VIES (or format-only) check: { valid, name?, checkedAt, source, status } (lib/billing/tax.ts). */
    vatIdCheck: json<{
      valid: boolean;
      source: "vies" | "format";
      checkedAt: number;
      name?: string;
      /** verified (VIES said yes), unverified (well-formed, VIES not reachable), invalid. */
      status?: "verified" | "unverified" | "invalid";
      reason?: string;
    } | null>("vat_id_check"),
    taxExempt: boolean("tax_exempt").notNull().default(false),
    /** Fixed at the first order; every later invoice, payment and credit of this customer uses it. */
    currency: currency(),
    stripeCustomerId: text("stripe_customer_id"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("billing_profiles_customer_uq").on(t.customerId),
    uniqueIndex("billing_profiles_stripe_uq").on(t.stripeCustomerId),
  ],
);

/* ─── Orders and services ────────────────────────────────────────────────────────────────────────────────── */

export const ORDER_STATUSES = ["pending", "paid", "fulfilled", "cancelled", "failed"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const orders = sqliteTable(
  "orders",
  {
    id: id(),
    customerId: ref("customer_id").notNull(),
    organizationId: ref("organization_id"),
    status: text("status", { enum: ORDER_STATUSES }).notNull().default("pending"),
    currency: currency().notNull(),
    subtotal: money("subtotal").notNull().default(0),
    discount: money("discount").notNull().default(0),
    tax: money("tax").notNull().default(0),
    total: money("total").notNull().default(0),
    couponId: text("coupon_id").references(() => coupons.id, { onDelete: "set null" }),
    invoiceId: ref("invoice_id"),
    /** From the checkout form: a double submit creates one order. */
    idempotencyKey: text("idempotency_key"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    notes: text("notes"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("orders_idempotency_uq").on(t.idempotencyKey),
    index("orders_customer_idx").on(t.customerId, t.createdAt),
    // Organization-owned rows are listed by organization (lib/billing/account-access.ts).
    index("orders_organization_idx").on(t.organizationId, t.createdAt),
    index("orders_status_idx").on(t.status, t.createdAt),
    // Admin tables (lib/admin/tables): sortable columns get an index so a sorted page never scans the table.
    index("orders_created_idx").on(t.createdAt),
    index("orders_total_idx").on(t.total),
  ],
);

export const orderItems = sqliteTable(
  "order_items",
  {
    id: id(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "restrict" }),
    priceId: text("price_id").references(() => prices.id, { onDelete: "set null" }),
    cycle: text("cycle", { enum: BILLING_CYCLES }).notNull(),
    description: text("description").notNull(),
    quantity: integer("quantity").notNull().default(1),
    unitAmount: money("unit_amount").notNull(),
    setupFee: money("setup_fee").notNull().default(0),
    discount: money("discount").notNull().default(0),
    tax: money("tax").notNull().default(0),
    total: money("total").notNull(),
    /** Options chosen at checkout (domain, datacenter, image…). */
    config: json<Record<string, unknown>>("config").notNull().default({}),
    /** The service this line created. */
    serviceId: ref("service_id"),
    createdAt: createdAt(),
  },
  (t) => [index("order_items_order_idx").on(t.orderId), index("order_items_service_idx").on(t.serviceId)],
);

export const SERVICE_STATUSES = ["pending", "active", "suspended", "cancelled", "terminated", "failed"] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];
export const PROVISIONING_STATUSES = ["pending", "running", "succeeded", "failed"] as const;

export const GATEWAYS = ["stripe", "paypal", "bank_transfer", "credit", "manual"] as const;
export type Gateway = (typeof GATEWAYS)[number];

/** A customer's subscription to a product: what renews, what gets provisioned. */
export const services = sqliteTable(
  "services",
  {
    id: id(),
    customerId: ref("customer_id").notNull(),
    organizationId: ref("organization_id"),
    orderId: text("order_id").references(() => orders.id, { onDelete: "set null" }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "restrict" }),
    priceId: text("price_id").references(() => prices.id, { onDelete: "set null" }),
    cycle: text("cycle", { enum: BILLING_CYCLES }).notNull(),
    currency: currency().notNull(),
    /** Recurring amount locked at purchase (price changes don't silently reprice existing customers). */
    amount: money("amount").notNull(),
    status: text("status", { enum: SERVICE_STATUSES }).notNull().default("pending"),
    provisioningStatus: text("provisioning_status", { enum: PROVISIONING_STATUSES }).notNull().default("pending"),
    /** Customer-facing label (hostname, domain, "Family VPN"). */
    label: text("label"),
    /** Module-specific settings and the remote ids the module created (cloud server id, cPanel username…). */
    config: json<Record<string, unknown>>("config").notNull().default({}),
    nextDueAt: timestamp("next_due_at"),
    currentPeriodStart: timestamp("current_period_start"),
    currentPeriodEnd: timestamp("current_period_end"),
    trialEndsAt: timestamp("trial_ends_at"),
    cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
    cancellationReason: text("cancellation_reason"),
    cancelledAt: timestamp("cancelled_at"),
    suspendedAt: timestamp("suspended_at"),
    suspensionReason: text("suspension_reason"),
    terminatedAt: timestamp("terminated_at"),
    /** Saved method used for automatic renewal charges. */
    paymentMethodId: ref("payment_method_id"),
    /** A recurring object at the gateway (e.g. a PayPal subscription) that must be stopped on cancellation. */
    gateway: text("gateway", { enum: GATEWAYS }),
    gatewaySubscriptionRef: text("gateway_subscription_ref"),
    ...timestamps(),
  },
  (t) => [
    index("services_customer_idx").on(t.customerId, t.createdAt),
    // Organization-owned rows are listed by organization (lib/billing/account-access.ts).
    index("services_organization_idx").on(t.organizationId, t.createdAt),
    index("services_status_due_idx").on(t.status, t.nextDueAt),
    index("services_product_idx").on(t.productId, t.status),
    index("services_order_idx").on(t.orderId),
    index("services_created_idx").on(t.createdAt),
    index("services_next_due_idx").on(t.nextDueAt),
    index("services_status_created_idx").on(t.status, t.createdAt),
    uniqueIndex("services_gateway_subscription_uq").on(t.gateway, t.gatewaySubscriptionRef),
    /** Dashboard MRR and its movement: every column that decides when a service was live and what it was worth. */
    index("services_mrr_idx").on(t.status, t.cycle, t.createdAt, t.currency, t.amount, t.cancelledAt, t.terminatedAt, t.updatedAt, t.id),
  ],
);

/** Upgrades/downgrades: previewed, then applied; a pending one can be cancelled. */
export const serviceChanges = sqliteTable(
  "service_changes",
  {
    id: id(),
    serviceId: text("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    fromPriceId: ref("from_price_id"),
    toPriceId: text("to_price_id")
      .notNull()
      .references(() => prices.id, { onDelete: "restrict" }),
    kind: text("kind", { enum: ["upgrade", "downgrade"] }).notNull(),
    /** Signed: positive = customer owes, negative = credit. */
    prorationAmount: money("proration_amount").notNull(),
    currency: currency().notNull(),
    status: text("status", { enum: ["pending", "applied", "cancelled"] }).notNull().default("pending"),
    invoiceId: ref("invoice_id"),
    requestedBy: ref("requested_by"),
    /** When the change takes effect: at once for a paid upgrade, the start of the next period for a downgrade. */
    effectiveAt: timestamp("effective_at"),
    appliedAt: timestamp("applied_at"),
    cancelledAt: timestamp("cancelled_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("service_changes_service_idx").on(t.serviceId, t.createdAt),
    index("service_changes_status_idx").on(t.status, t.effectiveAt),
    /** Dashboard MRR movement: the plan changes applied since a month began, read from the index alone (lib/admin/dashboard.ts). */
    index("service_changes_applied_idx").on(t.status, t.appliedAt, t.serviceId, t.fromPriceId, t.toPriceId),
  ],
);

export const PROVISIONING_ACTIONS = ["create", "suspend", "unsuspend", "terminate", "change_package", "renew", "sync"] as const;
export const PROVISIONING_RUN_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;

/** Each provisioning action is a visible workflow (customer and admin see the steps, staff can retry). */
export const provisioningRuns = sqliteTable(
  "provisioning_runs",
  {
    id: id(),
    serviceId: text("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    action: text("action", { enum: PROVISIONING_ACTIONS }).notNull(),
    module: text("module").notNull(),
    status: text("status", { enum: PROVISIONING_RUN_STATUSES }).notNull().default("queued"),
    attempt: integer("attempt").notNull().default(1),
    /** e.g. `create:<serviceId>` or `suspend:<serviceId>:<invoiceId>`: the same trigger never starts two runs. */
    idempotencyKey: text("idempotency_key"),
    jobId: ref("job_id"),
    triggeredBy: ref("triggered_by"),
    error: text("error"),
    startedAt: timestamp("started_at"),
    finishedAt: timestamp("finished_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("provisioning_runs_idempotency_uq").on(t.idempotencyKey),
    index("provisioning_runs_service_idx").on(t.serviceId, t.createdAt),
    index("provisioning_runs_status_idx").on(t.status, t.createdAt),
  ],
);

export const provisioningSteps = sqliteTable(
  "provisioning_steps",
  {
    id: id(),
    runId: text("run_id")
      .notNull()
      .references(() => provisioningRuns.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    name: text("name").notNull(),
    status: text("status", { enum: ["pending", "running", "succeeded", "failed", "skipped"] }).notNull().default("pending"),
    /** Human-readable log lines (no secrets). */
    log: text("log"),
    data: json<Record<string, unknown>>("data"),
    startedAt: timestamp("started_at"),
    finishedAt: timestamp("finished_at"),
  },
  (t) => [uniqueIndex("provisioning_steps_run_seq_uq").on(t.runId, t.seq)],
);

/* ─── Invoices ───────────────────────────────────────────────────────────────────────────────────────────── */

export const INVOICE_STATUSES = [
  "draft",
  "unpaid",
  "paid",
  "partially_paid",
  "overdue",
  "cancelled",
  "refunded",
  "partially_refunded",
] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const INVOICE_KINDS = ["order", "renewal", "upgrade", "add_funds", "manual"] as const;

/** Gap-free numbering: the row is bumped in the same transaction that issues the invoice or credit note. */
export const invoiceNumberSequences = sqliteTable(
  "invoice_number_sequences",
  {
    /** `INV` for invoices, `CN` for credit notes. */
    series: text("series").notNull(),
    year: integer("year").notNull(),
    lastNumber: integer("last_number").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.series, t.year] })],
);

export interface InvoiceBillingSnapshot {
  name?: string | null;
  companyName?: string | null;
  email?: string | null;
  address?: string[];
  country?: string | null;
  vatId?: string | null;
}

export const invoices = sqliteTable(
  "invoices",
  {
    id: id(),
    /** e.g. `INV-2026-000123`; null while draft, assigned once when issued. */
    number: text("number"),
    customerId: ref("customer_id").notNull(),
    organizationId: ref("organization_id"),
    orderId: text("order_id").references(() => orders.id, { onDelete: "set null" }),
    kind: text("kind", { enum: INVOICE_KINDS }).notNull().default("order"),
    status: text("status", { enum: INVOICE_STATUSES }).notNull().default("draft"),
    currency: currency().notNull(),
    subtotal: money("subtotal").notNull().default(0),
    discount: money("discount").notNull().default(0),
    tax: money("tax").notNull().default(0),
    total: money("total").notNull().default(0),
    amountPaid: money("amount_paid").notNull().default(0),
    amountRefunded: money("amount_refunded").notNull().default(0),
    taxInclusive: boolean("tax_inclusive").notNull().default(false),
    reverseCharge: boolean("reverse_charge").notNull().default(false),
    billingDetails: json<InvoiceBillingSnapshot>("billing_details"),
    couponId: ref("coupon_id"),
    notes: text("notes"),
    /** e.g. `renewal:<serviceId>:<periodStart>`: exactly one renewal invoice per service and period. */
    idempotencyKey: text("idempotency_key"),
    issuedAt: timestamp("issued_at"),
    dueAt: timestamp("due_at"),
    paidAt: timestamp("paid_at"),
    cancelledAt: timestamp("cancelled_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("invoices_number_uq").on(t.number),
    uniqueIndex("invoices_idempotency_uq").on(t.idempotencyKey),
    index("invoices_customer_idx").on(t.customerId, t.createdAt),
    // Organization-owned rows are listed by organization (lib/billing/account-access.ts).
    index("invoices_organization_idx").on(t.organizationId, t.createdAt),
    index("invoices_status_due_idx").on(t.status, t.dueAt),
    index("invoices_order_idx").on(t.orderId),
    index("invoices_created_idx").on(t.createdAt),
    /** Staff lists filtered by status, newest first (a million invoices must not be sorted per page). */
    index("invoices_status_created_idx").on(t.status, t.createdAt),
    index("invoices_issued_idx").on(t.issuedAt),
    index("invoices_due_idx").on(t.dueAt),
    index("invoices_total_idx").on(t.total),
    index("invoices_status_issued_idx").on(t.status, t.issuedAt),
    index("invoices_status_total_idx").on(t.status, t.total),
    /** Dashboard overdue totals per currency, from the index alone. */
    index("invoices_overdue_idx").on(t.status, t.currency, t.total, t.amountPaid),
  ],
);

export const INVOICE_ITEM_KINDS = ["service", "setup_fee", "proration", "add_funds", "adjustment", "other"] as const;

/** Amounts are rounded once per line in minor units; tax rate is in basis points (1900 = 19 %). */
export const invoiceItems = sqliteTable(
  "invoice_items",
  {
    id: id(),
    invoiceId: text("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: INVOICE_ITEM_KINDS }).notNull().default("service"),
    serviceId: text("service_id").references(() => services.id, { onDelete: "set null" }),
    productId: ref("product_id"),
    priceId: ref("price_id"),
    description: text("description").notNull(),
    quantity: integer("quantity").notNull().default(1),
    unitAmount: money("unit_amount").notNull(),
    discount: money("discount").notNull().default(0),
    /** quantity × unit − discount, before tax (or including it when the invoice is tax-inclusive). */
    amount: money("amount").notNull(),
    taxRateId: ref("tax_rate_id"),
    taxName: text("tax_name"),
    taxRateBps: integer("tax_rate_bps").notNull().default(0),
    taxAmount: money("tax_amount").notNull().default(0),
    total: money("total").notNull(),
    periodStart: timestamp("period_start"),
    periodEnd: timestamp("period_end"),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [
    index("invoice_items_invoice_idx").on(t.invoiceId, t.sortOrder),
    index("invoice_items_service_idx").on(t.serviceId, t.periodStart),
  ],
);

/* ─── Payments, refunds, credit ──────────────────────────────────────────────────────────────────────────── */

export const PAYMENT_STATUSES = [
  "pending",
  "requires_action",
  "succeeded",
  "failed",
  "refunded",
  "partially_refunded",
  "disputed",
  /** Received but not applied: currency/amount did not match or the invoice was no longer payable (see reconciliation_flags). */
  "held",
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const payments = sqliteTable(
  "payments",
  {
    id: id(),
    customerId: ref("customer_id").notNull(),
    invoiceId: text("invoice_id").references(() => invoices.id, { onDelete: "restrict" }),
    gateway: text("gateway", { enum: GATEWAYS }).notNull(),
    /** Stripe PaymentIntent id, PayPal capture id, bank reference, credit ledger id. Unique per gateway. */
    gatewayRef: text("gateway_ref"),
    amount: money("amount").notNull(),
    currency: currency().notNull(),
    fee: money("fee"),
    amountRefunded: money("amount_refunded").notNull().default(0),
    status: text("status", { enum: PAYMENT_STATUSES }).notNull().default("pending"),
    failureCode: text("failure_code"),
    failureMessage: text("failure_message"),
    paymentMethodId: ref("payment_method_id"),
    /** Staff who recorded a manual/bank payment. */
    recordedBy: ref("recorded_by"),
    /** Non-secret gateway details worth keeping (card brand/last4, payer email). */
    details: json<Record<string, unknown>>("details"),
    paidAt: timestamp("paid_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("payments_gateway_ref_uq").on(t.gateway, t.gatewayRef),
    index("payments_customer_idx").on(t.customerId, t.createdAt),
    index("payments_invoice_idx").on(t.invoiceId),
    index("payments_status_idx").on(t.status, t.createdAt),
    index("payments_created_idx").on(t.createdAt),
    index("payments_amount_idx").on(t.amount),
    index("payments_gateway_created_idx").on(t.gateway, t.createdAt),
    /** Dashboard revenue by month and gateway: answered from the index alone (lib/admin/dashboard.ts). */
    index("payments_revenue_idx").on(t.paidAt, t.status, t.gateway, t.currency, t.amount, t.amountRefunded),
  ],
);

export const refunds = sqliteTable(
  "refunds",
  {
    id: id(),
    paymentId: text("payment_id")
      .notNull()
      .references(() => payments.id, { onDelete: "restrict" }),
    invoiceId: ref("invoice_id"),
    customerId: ref("customer_id").notNull(),
    /** `gateway` sends money back through the payment's gateway; `credit` adds it to the account balance. */
    method: text("method", { enum: ["gateway", "credit"] }).notNull(),
    gateway: text("gateway", { enum: GATEWAYS }).notNull(),
    gatewayRef: text("gateway_ref"),
    amount: money("amount").notNull(),
    currency: currency().notNull(),
    status: text("status", { enum: ["pending", "succeeded", "failed"] }).notNull().default("pending"),
    reason: text("reason"),
    creditNoteId: ref("credit_note_id"),
    createdBy: ref("created_by"),
    /** Idempotency key sent to the gateway and guarding against double clicks. */
    idempotencyKey: text("idempotency_key"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("refunds_gateway_ref_uq").on(t.gateway, t.gatewayRef),
    uniqueIndex("refunds_idempotency_uq").on(t.idempotencyKey),
    index("refunds_payment_idx").on(t.paymentId),
    index("refunds_customer_idx").on(t.customerId, t.createdAt),
    index("refunds_created_idx").on(t.createdAt),
    index("refunds_status_created_idx").on(t.status, t.createdAt),
  ],
);

export const creditNotes = sqliteTable(
  "credit_notes",
  {
    id: id(),
    /** e.g. `CN-2026-000007` from invoice_number_sequences (series `CN`). */
    number: text("number").notNull(),
    invoiceId: text("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "restrict" }),
    customerId: ref("customer_id").notNull(),
    currency: currency().notNull(),
    subtotal: money("subtotal").notNull(),
    tax: money("tax").notNull().default(0),
    total: money("total").notNull(),
    reason: text("reason"),
    status: text("status", { enum: ["issued", "void"] }).notNull().default("issued"),
    createdBy: ref("created_by"),
    issuedAt: timestamp("issued_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("credit_notes_number_uq").on(t.number),
    index("credit_notes_invoice_idx").on(t.invoiceId),
    index("credit_notes_customer_idx").on(t.customerId, t.createdAt),
    index("credit_notes_issued_idx").on(t.issuedAt),
  ],
);

export const CREDIT_REASONS = ["add_funds", "refund", "invoice_payment", "adjustment", "promotion", "reversal"] as const;

/**
 * Append-only account credit ledger per customer and currency. `seq` numbers each customer's entries: two
 * concurrent writers that read the same balance both try the same seq and one fails, so balance_after stays right.
 * Spending never takes the balance below zero (checked in lib/billing); a chargeback on already-spent credit may.
 */
export const creditLedger = sqliteTable(
  "credit_ledger",
  {
    id: id(),
    customerId: ref("customer_id").notNull(),
    currency: currency().notNull(),
    seq: integer("seq").notNull(),
    /** Signed minor units: positive adds credit, negative spends it. */
    amount: money("amount").notNull(),
    balanceAfter: money("balance_after").notNull(),
    reason: text("reason", { enum: CREDIT_REASONS }).notNull(),
    description: text("description"),
    invoiceId: ref("invoice_id"),
    paymentId: ref("payment_id"),
    refundId: ref("refund_id"),
    createdBy: ref("created_by"),
    idempotencyKey: text("idempotency_key"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("credit_ledger_customer_seq_uq").on(t.customerId, t.currency, t.seq),
    uniqueIndex("credit_ledger_idempotency_uq").on(t.idempotencyKey),
    index("credit_ledger_customer_idx").on(t.customerId, t.createdAt),
  ],
);

/* ─── Coupons and taxes ──────────────────────────────────────────────────────────────────────────────────── */

export const coupons = sqliteTable(
  "coupons",
  {
    id: id(),
    /** Stored upper-cased; matched case-insensitively by upper-casing the input. */
    code: text("code").notNull(),
    description: text("description"),
    discountType: text("discount_type", { enum: ["percent", "fixed"] }).notNull(),
    /** For `percent`: basis points (2000 = 20 %). */
    percentBps: integer("percent_bps"),
    /** For `fixed`: minor units in `currency`; the coupon applies only to carts in that currency. */
    amountOff: money("amount_off"),
    currency: currency(),
    duration: text("duration", { enum: ["once", "repeating", "forever"] }).notNull().default("once"),
    /** For `repeating`: how many billing cycles the discount lasts. */
    durationCycles: integer("duration_cycles"),
    /** Empty = every product / every cycle. */
    productIds: json<string[]>("product_ids").notNull().default([]),
    cycles: json<BillingCycle[]>("cycles").notNull().default([]),
    maxRedemptions: integer("max_redemptions"),
    maxPerCustomer: integer("max_per_customer"),
    redemptionCount: integer("redemption_count").notNull().default(0),
    newCustomersOnly: boolean("new_customers_only").notNull().default(false),
    validFrom: timestamp("valid_from"),
    validUntil: timestamp("valid_until"),
    active: boolean("active").notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("coupons_code_uq").on(t.code),
    index("coupons_active_idx").on(t.active, t.validUntil),
    check("coupons_code_uppercase", sql`${t.code} = upper(${t.code})`),
  ],
);

export const couponRedemptions = sqliteTable(
  "coupon_redemptions",
  {
    id: id(),
    couponId: text("coupon_id")
      .notNull()
      .references(() => coupons.id, { onDelete: "restrict" }),
    customerId: ref("customer_id").notNull(),
    orderId: ref("order_id"),
    serviceId: ref("service_id"),
    invoiceId: ref("invoice_id"),
    amount: money("amount").notNull(),
    currency: currency().notNull(),
    /** For repeating coupons: cycles still discounted on this service. */
    cyclesRemaining: integer("cycles_remaining"),
    /** Start of the last renewal period a cycle was counted for (services of one order renew together). */
    lastPeriodStart: timestamp("last_period_start"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("coupon_redemptions_coupon_order_uq").on(t.couponId, t.orderId),
    index("coupon_redemptions_coupon_customer_idx").on(t.couponId, t.customerId),
    index("coupon_redemptions_service_idx").on(t.serviceId),
  ],
);

export const taxRates = sqliteTable(
  "tax_rates",
  {
    id: id(),
    name: text("name").notNull(),
    /** ISO 3166-1 alpha-2. */
    country: text("country", { length: 2 }).notNull(),
    /** Region code (e.g. `CA`), or '' for the whole country (not null so the unique key works). */
    state: text("state").notNull().default(""),
    /** Basis points: 1900 = 19 %. */
    rateBps: integer("rate_bps").notNull(),
    inclusive: boolean("inclusive").notNull().default(false),
    active: boolean("active").notNull().default(true),
    ...timestamps(),
  },
  (t) => [uniqueIndex("tax_rates_country_state_uq").on(t.country, t.state), index("tax_rates_active_idx").on(t.active)],
);

/* ─── Gateways ───────────────────────────────────────────────────────────────────────────────────────────── */

/**
 * Gateway configuration set in admin. Secrets (API keys, webhook secrets) are one AES-256-GCM encrypted JSON blob
 * that is never sent back to the browser; environment variables override it for deployments.
 */
export const gatewaySettings = sqliteTable("gateway_settings", {
  gateway: text("gateway", { enum: GATEWAYS }).primaryKey(),
  enabled: boolean("enabled").notNull().default(false),
  testMode: boolean("test_mode").notNull().default(true),
  displayName: text("display_name").notNull(),
  /** Non-secret settings: publishable key, PayPal webhook id, bank transfer instructions. */
  publicConfig: json<Record<string, unknown>>("public_config").notNull().default({}),
  secretsEncrypted: text("secrets_encrypted"),
  sortOrder: integer("sort_order").notNull().default(0),
  updatedBy: ref("updated_by"),
  ...timestamps(),
});

export const GATEWAY_EVENT_STATUSES = ["received", "processing", "processed", "ignored", "failed"] as const;

/** Inbound webhook events, stored under a unique (gateway, event id) before anything acts on them. */
export const gatewayEvents = sqliteTable(
  "gateway_events",
  {
    id: id(),
    gateway: text("gateway", { enum: GATEWAYS }).notNull(),
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    payload: json<unknown>("payload").notNull(),
    status: text("status", { enum: GATEWAY_EVENT_STATUSES }).notNull().default("received"),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    invoiceId: ref("invoice_id"),
    paymentId: ref("payment_id"),
    receivedAt: timestamp("received_at")
      .notNull()
      .default(sql`(cast(unixepoch('subsecond') * 1000 as integer))`),
    processedAt: timestamp("processed_at"),
  },
  (t) => [
    uniqueIndex("gateway_events_gateway_event_uq").on(t.gateway, t.eventId),
    index("gateway_events_status_idx").on(t.status, t.receivedAt),
    index("gateway_events_type_idx").on(t.gateway, t.type, t.receivedAt),
  ],
);

/** Saved payment methods: references to objects held by the gateway, never card data. */
export const paymentMethods = sqliteTable(
  "payment_methods",
  {
    id: id(),
    customerId: ref("customer_id").notNull(),
    gateway: text("gateway", { enum: GATEWAYS }).notNull(),
    gatewayCustomerRef: text("gateway_customer_ref"),
    gatewayMethodRef: text("gateway_method_ref").notNull(),
    type: text("type", { enum: ["card", "paypal", "sepa_debit", "other"] }).notNull(),
    brand: text("brand"),
    last4: text("last4", { length: 4 }),
    expMonth: integer("exp_month"),
    expYear: integer("exp_year"),
    isDefault: boolean("is_default").notNull().default(false),
    status: text("status", { enum: ["active", "expired", "detached"] }).notNull().default("active"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("payment_methods_gateway_ref_uq").on(t.gateway, t.gatewayMethodRef),
    index("payment_methods_customer_idx").on(t.customerId, t.createdAt),
  ],
);

/* ─── Automation: dunning, failures, reconciliation ─────────────────────────────────────────────────────── */

export const DUNNING_STEPS = [
  "before_due",
  "due",
  "overdue_1",
  "overdue_3",
  "overdue_7",
  "suspension_warning",
  "suspended",
  "terminated",
] as const;
export type DunningStep = (typeof DUNNING_STEPS)[number];

/** One row per (invoice, step) that happened: the unique key makes every reminder happen once. */
export const dunningSteps = sqliteTable(
  "dunning_steps",
  {
    id: id(),
    invoiceId: text("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    step: text("step", { enum: DUNNING_STEPS }).notNull(),
    emailId: ref("email_id"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("dunning_steps_invoice_step_uq").on(t.invoiceId, t.step)],
);

export const paymentFailures = sqliteTable(
  "payment_failures",
  {
    id: id(),
    customerId: ref("customer_id").notNull(),
    invoiceId: text("invoice_id").references(() => invoices.id, { onDelete: "cascade" }),
    serviceId: ref("service_id"),
    paymentMethodId: ref("payment_method_id"),
    gateway: text("gateway", { enum: GATEWAYS }).notNull(),
    gatewayRef: text("gateway_ref"),
    amount: money("amount").notNull(),
    currency: currency().notNull(),
    code: text("code"),
    message: text("message"),
    attempt: integer("attempt").notNull().default(1),
    nextRetryAt: timestamp("next_retry_at"),
    resolvedAt: timestamp("resolved_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("payment_failures_customer_idx").on(t.customerId, t.createdAt),
    index("payment_failures_invoice_idx").on(t.invoiceId),
    index("payment_failures_retry_idx").on(t.resolvedAt, t.nextRetryAt),
  ],
);

export const RECONCILIATION_KINDS = [
  "missing_locally",
  "missing_at_gateway",
  "amount_mismatch",
  "currency_mismatch",
  "status_mismatch",
] as const;

/** Found by the nightly reconciliation; the unique key stops the same discrepancy being flagged every night. */
export const reconciliationFlags = sqliteTable(
  "reconciliation_flags",
  {
    id: id(),
    gateway: text("gateway", { enum: GATEWAYS }).notNull(),
    gatewayRef: text("gateway_ref").notNull(),
    kind: text("kind", { enum: RECONCILIATION_KINDS }).notNull(),
    paymentId: ref("payment_id"),
    invoiceId: ref("invoice_id"),
    amount: money("amount"),
    gatewayAmount: money("gateway_amount"),
    currency: currency(),
    details: json<Record<string, unknown>>("details"),
    status: text("status", { enum: ["open", "resolved", "ignored"] }).notNull().default("open"),
    resolvedBy: ref("resolved_by"),
    resolvedAt: timestamp("resolved_at"),
    note: text("note"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("reconciliation_flags_uq").on(t.gateway, t.gatewayRef, t.kind),
    index("reconciliation_flags_status_idx").on(t.status, t.createdAt),
  ],
);

/**
 * Payments started at a gateway that has no list of its payments to reconcile against (PayPal Orders v2): the
 * order we created for an invoice, so the nightly reconciliation can re-read it and record a capture whose
 * webhook and return were both lost (FOSSBilling#1053: paid at PayPal, unpaid in billing).
 */
export const gatewayCheckouts = sqliteTable(
  "gateway_checkouts",
  {
    id: id(),
    gateway: text("gateway", { enum: GATEWAYS }).notNull(),
    gatewayRef: text("gateway_ref").notNull(),
    invoiceId: ref("invoice_id").notNull(),
    amount: money("amount").notNull(),
    currency: currency().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("gateway_checkouts_ref_uq").on(t.gateway, t.gatewayRef), index("gateway_checkouts_created_idx").on(t.gateway, t.createdAt)],
);

/* ─── Licenses ───────────────────────────────────────────────────────────────────────────────────────────── */

/**
 * License keys: looked up by SHA-256 (`key_hash`), kept encrypted so the portal can show the key again,
 * and a short prefix for staff to recognise one.
 */
export const licenses = sqliteTable(
  "licenses",
  {
    id: id(),
    keyHash: text("key_hash").notNull(),
    keyEncrypted: text("key_encrypted").notNull(),
    keyPrefix: text("key_prefix").notNull(),
    customerId: ref("customer_id").notNull(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "restrict" }),
    serviceId: text("service_id").references(() => services.id, { onDelete: "set null" }),
    status: text("status", { enum: ["active", "suspended", "expired", "revoked"] }).notNull().default("active"),
    maxActivations: integer("max_activations").notNull().default(1),
    activationCount: integer("activation_count").notNull().default(0),
    boundDomain: text("bound_domain"),
    boundIp: text("bound_ip"),
    expiresAt: timestamp("expires_at"),
    lastCheckedAt: timestamp("last_checked_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("licenses_key_hash_uq").on(t.keyHash),
    index("licenses_customer_idx").on(t.customerId, t.createdAt),
    index("licenses_service_idx").on(t.serviceId),
    index("licenses_status_idx").on(t.status),
  ],
);

/*
 * Dashboard rollups (lib/admin/dashboard.ts). SQLite triggers on payments and services keep them (migration
 * 0008_dashboard_rollups.sql, which also backfilled them), so every write — whichever code path, raw SQL included —
 * updates them in its own statement and transaction: they can't drift from the rows they sum. The dashboard reads
 * a few dozen rollup rows instead of scanning a million payments; dashboard.test.ts checks them against the
 * straightforward queries on generated data.
 */

/** Per UTC month of `paid_at`, gateway and currency: payments that count as revenue (succeeded or later refunded). */
export const revenueMonthly = sqliteTable(
  "revenue_monthly",
  {
    /** `YYYY-MM` (UTC) of paid_at. */
    month: text("month").notNull(),
    gateway: text("gateway").notNull(),
    currency: currency().notNull(),
    /** Σ (amount − amount_refunded), minor units. */
    amount: money("amount").notNull().default(0),
    /** Payments summed; a row at 0 is an emptied group (not shown). */
    payments: integer("payments").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.month, t.gateway, t.currency] })],
);

/** Services per status, product, currency and cycle, with their recurring amounts normalised to a month. */
export const serviceTotals = sqliteTable(
  "service_totals",
  {
    status: text("status").notNull(),
    productId: text("product_id").notNull(),
    currency: currency().notNull(),
    cycle: text("cycle").notNull(),
    services: integer("services").notNull().default(0),
    /** Σ monthlyAmount(amount, cycle) (lib/admin/dashboard.ts), minor units. */
    monthly: money("monthly").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.status, t.productId, t.currency, t.cycle] })],
);
