import "server-only";
/** Admin tables over the billing database. Sortable columns are backed by indexes (db/billing/schema.ts). */
import { eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import {
  BILLING_CYCLES,
  coupons,
  creditNotes,
  GATEWAYS,
  INVOICE_KINDS,
  INVOICE_STATUSES,
  invoices,
  ORDER_STATUSES,
  PAYMENT_STATUSES,
  payments,
  prices,
  PRODUCT_TYPES,
  products,
  refunds,
  orders,
  SERVICE_STATUSES,
  services,
  taxRates,
} from "@/db/billing/schema";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { COUNT_CAP, defineTable } from "../query";
import { personIdsByEmailPrefix, withPeople } from "../people";

const CURRENCIES = ["USD", "EUR", "GBP"] as const;
const prefix = (column: SQLiteColumn, term: string): SQL => sql`(${column} >= ${term} and ${column} < ${`${term}\uffff`})`;

/** q: an exact id, a document number prefix, or the start of the customer's email. */
function documentSearch(idColumn: SQLiteColumn, numberColumn: SQLiteColumn | null, customerColumn: SQLiteColumn) {
  return async (q: string): Promise<SQL | undefined> => {
    const ids = q.includes("@") || !numberColumn ? await personIdsByEmailPrefix(q) : await personIdsByEmailPrefix(q, 200);
    return or(eq(idColumn, q), numberColumn ? prefix(numberColumn, q.toUpperCase()) : undefined, ids.length ? inArray(customerColumn, ids) : undefined);
  };
}

export interface InvoiceTableRow {
  id: string;
  number: string | null;
  customerId: string;
  customerEmail: string | null;
  customerName: string | null;
  kind: string;
  status: string;
  currency: string;
  total: number;
  amountPaid: number;
  issuedAt: Date | null;
  dueAt: Date | null;
  createdAt: Date;
}

export const invoicesTable = defineTable<InvoiceTableRow>({
  name: "invoices",
  db: billingDb,
  table: invoices,
  select: {
    id: invoices.id,
    number: invoices.number,
    customerId: invoices.customerId,
    kind: invoices.kind,
    status: invoices.status,
    currency: invoices.currency,
    total: invoices.total,
    amountPaid: invoices.amountPaid,
    issuedAt: invoices.issuedAt,
    dueAt: invoices.dueAt,
    createdAt: invoices.createdAt,
  },
  key: invoices.id,
  columns: {
    number: { column: invoices.number, label: "Number", sortable: true, filter: { kind: "text", match: "prefix" } },
    kind: { column: invoices.kind, label: "Kind", filter: { kind: "enum", options: INVOICE_KINDS } },
    status: { column: invoices.status, label: "Status", filter: { kind: "enum", options: INVOICE_STATUSES } },
    currency: { column: invoices.currency, label: "Currency", filter: { kind: "enum", options: CURRENCIES } },
    total: { column: invoices.total, label: "Total", sortable: true, filter: { kind: "amount" } },
    issuedAt: { column: invoices.issuedAt, label: "Issued", sortable: true, filter: { kind: "date" } },
    dueAt: { column: invoices.dueAt, label: "Due", sortable: true, filter: { kind: "date" } },
    createdAt: { column: invoices.createdAt, label: "Created", sortable: true, filter: { kind: "date" } },
  },
  defaultSort: [{ id: "createdAt", desc: true }],
  search: documentSearch(invoices.id, invoices.number, invoices.customerId),
  decorate: (rows) => withPeople<InvoiceTableRow>(rows),
  countCap: COUNT_CAP,
});

export interface OrderTableRow {
  id: string;
  customerId: string;
  customerEmail: string | null;
  status: string;
  currency: string;
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
  invoiceId: string | null;
  createdAt: Date;
}

export const ordersTable = defineTable<OrderTableRow>({
  name: "orders",
  db: billingDb,
  table: orders,
  select: {
    id: orders.id,
    customerId: orders.customerId,
    status: orders.status,
    currency: orders.currency,
    subtotal: orders.subtotal,
    discount: orders.discount,
    tax: orders.tax,
    total: orders.total,
    invoiceId: orders.invoiceId,
    createdAt: orders.createdAt,
  },
  key: orders.id,
  columns: {
    status: { column: orders.status, label: "Status", filter: { kind: "enum", options: ORDER_STATUSES } },
    currency: { column: orders.currency, label: "Currency", filter: { kind: "enum", options: CURRENCIES } },
    total: { column: orders.total, label: "Total", sortable: true, filter: { kind: "amount" } },
    createdAt: { column: orders.createdAt, label: "Placed", sortable: true, filter: { kind: "date" } },
  },
  defaultSort: [{ id: "createdAt", desc: true }],
  search: documentSearch(orders.id, null, orders.customerId),
  decorate: (rows) => withPeople<OrderTableRow>(rows),
  countCap: COUNT_CAP,
});

export interface ServiceTableRow {
  id: string;
  customerId: string;
  customerEmail: string | null;
  productId: string;
  productName: string | null;
  label: string | null;
  cycle: string;
  currency: string;
  amount: number;
  status: string;
  provisioningStatus: string;
  nextDueAt: Date | null;
  createdAt: Date;
}

export const servicesTable = defineTable<ServiceTableRow>({
  name: "services",
  db: billingDb,
  table: services,
  select: {
    id: services.id,
    customerId: services.customerId,
    productId: services.productId,
    // Correlated lookup of a handful of products: cheaper than a join planner surprise on big pages.
    productName: sql<string | null>`(select ${products.name} from ${products} where ${products.id} = ${services.productId})`.as("product_name"),
    label: services.label,
    cycle: services.cycle,
    currency: services.currency,
    amount: services.amount,
    status: services.status,
    provisioningStatus: services.provisioningStatus,
    nextDueAt: services.nextDueAt,
    createdAt: services.createdAt,
  },
  key: services.id,
  columns: {
    status: { column: services.status, label: "Status", filter: { kind: "enum", options: SERVICE_STATUSES } },
    cycle: { column: services.cycle, label: "Cycle", filter: { kind: "enum", options: BILLING_CYCLES } },
    amount: { column: services.amount, label: "Amount", filter: { kind: "amount" } },
    nextDueAt: { column: services.nextDueAt, label: "Next due", sortable: true, filter: { kind: "date" } },
    createdAt: { column: services.createdAt, label: "Created", sortable: true, filter: { kind: "date" } },
  },
  defaultSort: [{ id: "createdAt", desc: true }],
  search: documentSearch(services.id, null, services.customerId),
  decorate: (rows) => withPeople<ServiceTableRow>(rows),
  countCap: COUNT_CAP,
});

export interface PaymentTableRow {
  id: string;
  customerId: string;
  customerEmail: string | null;
  invoiceId: string | null;
  gateway: string;
  gatewayRef: string | null;
  amount: number;
  amountRefunded: number;
  currency: string;
  status: string;
  paidAt: Date | null;
  createdAt: Date;
}

export const paymentsTable = defineTable<PaymentTableRow>({
  name: "payments",
  db: billingDb,
  table: payments,
  select: {
    id: payments.id,
    customerId: payments.customerId,
    invoiceId: payments.invoiceId,
    gateway: payments.gateway,
    gatewayRef: payments.gatewayRef,
    amount: payments.amount,
    amountRefunded: payments.amountRefunded,
    currency: payments.currency,
    status: payments.status,
    paidAt: payments.paidAt,
    createdAt: payments.createdAt,
  },
  key: payments.id,
  columns: {
    gateway: { column: payments.gateway, label: "Gateway", filter: { kind: "enum", options: GATEWAYS } },
    status: { column: payments.status, label: "Status", filter: { kind: "enum", options: PAYMENT_STATUSES } },
    currency: { column: payments.currency, label: "Currency", filter: { kind: "enum", options: CURRENCIES } },
    amount: { column: payments.amount, label: "Amount", sortable: true, filter: { kind: "amount" } },
    createdAt: { column: payments.createdAt, label: "Created", sortable: true, filter: { kind: "date" } },
  },
  defaultSort: [{ id: "createdAt", desc: true }],
  search: async (q) => or(eq(payments.id, q), eq(payments.gatewayRef, q), await documentSearch(payments.id, null, payments.customerId)(q)),
  decorate: (rows) => withPeople<PaymentTableRow>(rows),
  countCap: COUNT_CAP,
});

export interface RefundTableRow {
  id: string;
  paymentId: string;
  invoiceId: string | null;
  customerId: string;
  customerEmail: string | null;
  method: string;
  gateway: string;
  amount: number;
  currency: string;
  status: string;
  reason: string | null;
  creditNoteId: string | null;
  createdAt: Date;
}

export const refundsTable = defineTable<RefundTableRow>({
  name: "refunds",
  db: billingDb,
  table: refunds,
  select: {
    id: refunds.id,
    paymentId: refunds.paymentId,
    invoiceId: refunds.invoiceId,
    customerId: refunds.customerId,
    method: refunds.method,
    gateway: refunds.gateway,
    amount: refunds.amount,
    currency: refunds.currency,
    status: refunds.status,
    reason: refunds.reason,
    creditNoteId: refunds.creditNoteId,
    createdAt: refunds.createdAt,
  },
  key: refunds.id,
  columns: {
    method: { column: refunds.method, label: "Method", filter: { kind: "enum", options: ["gateway", "credit"] } },
    status: { column: refunds.status, label: "Status", filter: { kind: "enum", options: ["pending", "succeeded", "failed"] } },
    amount: { column: refunds.amount, label: "Amount", filter: { kind: "amount" } },
    createdAt: { column: refunds.createdAt, label: "Created", sortable: true, filter: { kind: "date" } },
  },
  defaultSort: [{ id: "createdAt", desc: true }],
  search: documentSearch(refunds.id, null, refunds.customerId),
  decorate: (rows) => withPeople<RefundTableRow>(rows),
});

export interface CreditNoteTableRow {
  id: string;
  number: string;
  invoiceId: string;
  customerId: string;
  customerEmail: string | null;
  currency: string;
  total: number;
  reason: string | null;
  status: string;
  issuedAt: Date;
}

export const creditNotesTable = defineTable<CreditNoteTableRow>({
  name: "credit-notes",
  db: billingDb,
  table: creditNotes,
  select: {
    id: creditNotes.id,
    number: creditNotes.number,
    invoiceId: creditNotes.invoiceId,
    customerId: creditNotes.customerId,
    currency: creditNotes.currency,
    total: creditNotes.total,
    reason: creditNotes.reason,
    status: creditNotes.status,
    issuedAt: creditNotes.issuedAt,
  },
  key: creditNotes.id,
  columns: {
    number: { column: creditNotes.number, label: "Number", sortable: true, filter: { kind: "text", match: "prefix" } },
    status: { column: creditNotes.status, label: "Status", filter: { kind: "enum", options: ["issued", "void"] } },
    total: { column: creditNotes.total, label: "Total", filter: { kind: "amount" } },
    issuedAt: { column: creditNotes.issuedAt, label: "Issued", sortable: true, filter: { kind: "date" } },
  },
  defaultSort: [{ id: "issuedAt", desc: true }],
  search: documentSearch(creditNotes.id, creditNotes.number, creditNotes.customerId),
  decorate: (rows) => withPeople<CreditNoteTableRow>(rows),
});

export interface CouponTableRow {
  id: string;
  code: string;
  description: string | null;
  discountType: string;
  percentBps: number | null;
  amountOff: number | null;
  currency: string | null;
  duration: string;
  redemptionCount: number;
  maxRedemptions: number | null;
  validUntil: Date | null;
  active: boolean;
  createdAt: Date;
}

export const couponsTable = defineTable<CouponTableRow>({
  name: "coupons",
  db: billingDb,
  table: coupons,
  select: {
    id: coupons.id,
    code: coupons.code,
    description: coupons.description,
    discountType: coupons.discountType,
    percentBps: coupons.percentBps,
    amountOff: coupons.amountOff,
    currency: coupons.currency,
    duration: coupons.duration,
    redemptionCount: coupons.redemptionCount,
    maxRedemptions: coupons.maxRedemptions,
    validUntil: coupons.validUntil,
    active: coupons.active,
    createdAt: coupons.createdAt,
  },
  key: coupons.id,
  columns: {
    code: { column: coupons.code, label: "Code", sortable: true, filter: { kind: "text", match: "prefix" } },
    discountType: { column: coupons.discountType, label: "Type", filter: { kind: "enum", options: ["percent", "fixed"] } },
    duration: { column: coupons.duration, label: "Duration", filter: { kind: "enum", options: ["once", "repeating", "forever"] } },
    redemptionCount: { column: coupons.redemptionCount, label: "Redemptions", sortable: true },
    validUntil: { column: coupons.validUntil, label: "Valid until", sortable: true, filter: { kind: "date" } },
    createdAt: { column: coupons.createdAt, label: "Created", sortable: true },
  },
  defaultSort: [{ id: "createdAt", desc: true }],
  search: (q) => or(eq(coupons.id, q), prefix(coupons.code, q.toUpperCase())),
});

export interface TaxRateTableRow {
  id: string;
  name: string;
  country: string;
  state: string;
  rateBps: number;
  inclusive: boolean;
  active: boolean;
  updatedAt: Date;
}

export const taxRatesTable = defineTable<TaxRateTableRow>({
  name: "tax-rates",
  db: billingDb,
  table: taxRates,
  select: {
    id: taxRates.id,
    name: taxRates.name,
    country: taxRates.country,
    state: taxRates.state,
    rateBps: taxRates.rateBps,
    inclusive: taxRates.inclusive,
    active: taxRates.active,
    updatedAt: taxRates.updatedAt,
  },
  key: taxRates.id,
  columns: {
    country: { column: taxRates.country, label: "Country", sortable: true, filter: { kind: "text", match: "exact", lowercase: false } },
    name: { column: taxRates.name, label: "Name", sortable: true },
    rateBps: { column: taxRates.rateBps, label: "Rate", sortable: true },
    updatedAt: { column: taxRates.updatedAt, label: "Updated", sortable: true },
  },
  defaultSort: [{ id: "country", desc: false }],
  search: (q) => or(eq(taxRates.country, q.toUpperCase()), sql`${taxRates.name} like ${`%${q.replace(/[\\%_]/g, "")}%`}`),
});

export interface ProductTableRow {
  id: string;
  slug: string;
  type: string;
  name: string;
  module: string;
  visible: boolean;
  priceCount: number;
  sortOrder: number;
  updatedAt: Date;
}

export const productsTable = defineTable<ProductTableRow>({
  name: "products",
  db: billingDb,
  table: products,
  select: {
    id: products.id,
    slug: products.slug,
    type: products.type,
    name: products.name,
    module: products.module,
    visible: products.visible,
    priceCount: sql<number>`(select count(*) from ${prices} where ${prices.productId} = ${products.id})`.as("price_count"),
    sortOrder: products.sortOrder,
    updatedAt: products.updatedAt,
  },
  key: products.id,
  columns: {
    name: { column: products.name, label: "Name", sortable: true },
    type: { column: products.type, label: "Type", sortable: true, filter: { kind: "enum", options: PRODUCT_TYPES } },
    sortOrder: { column: products.sortOrder, label: "Order", sortable: true },
    updatedAt: { column: products.updatedAt, label: "Updated", sortable: true },
  },
  defaultSort: [{ id: "type", desc: false }, { id: "sortOrder", desc: false }],
  search: (q) => or(eq(products.id, q), prefix(products.slug, q.toLowerCase()), sql`${products.name} like ${`%${q.replace(/[\\%_]/g, "")}%`}`),
});

