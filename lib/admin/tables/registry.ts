import "server-only";
/**
 * Every table that can be exported as CSV: the permission that guards its screen (the export route also needs
 * `data.export`), how its rows are iterated and which columns the file has. Adding a table = one entry here.
 */
import { formatSortParam } from "./url-state";
import { iterateMergedRows, iterateTableRows, parseTableParams, type AnyTableDefinition, type MergedSource, type TableParams } from "./query";
import { csvMoney, type CsvColumn } from "./csv";
import {
  couponsTable,
  creditNotesTable,
  invoicesTable,
  ordersTable,
  paymentsTable,
  productsTable,
  refundsTable,
  servicesTable,
  taxRatesTable,
  type CouponTableRow,
  type CreditNoteTableRow,
  type InvoiceTableRow,
  type OrderTableRow,
  type PaymentTableRow,
  type ProductTableRow,
  type RefundTableRow,
  type ServiceTableRow,
  type TaxRateTableRow,
} from "./definitions/billing";
import {
  apiTokensTable,
  authEventsTable,
  blockedIpsTable,
  customersTable,
  organizationsTable,
  staffTable,
  type ApiTokenTableRow,
  type AuthEventTableRow,
  type BlockedIpTableRow,
  type CustomerTableRow,
  type OrganizationTableRow,
  type StaffTableRow,
} from "./definitions/identity";
import { vipTable, vpnDevicesTable, vpnServersTable, type VipTableRow, type VpnDeviceTableRow, type VpnServerTableRow } from "./definitions/vpn";
import { emailOutboxTable, type EmailOutboxTableRow } from "./definitions/ops";
import { auditSources, jobSources, type AuditTableRow, type JobTableRow } from "./definitions/system";

export interface ExportSpec {
  /** Permission of the table's screen. */
  permission: string;
  /** Definition used to validate the URL params (the first source's, for merged tables). */
  definition: AnyTableDefinition;
  rows: (params: TableParams) => AsyncIterable<Array<Record<string, unknown>>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: Array<CsvColumn<any>>;
}

function single<Row extends { id: string }>(permission: string, definition: AnyTableDefinition, columns: Array<CsvColumn<Row>>): ExportSpec {
  return {
    permission,
    definition,
    rows: (params) => iterateTableRows(definition, params) as AsyncIterable<Array<Record<string, unknown>>>,
    columns,
  };
}

function merged<Row extends { id: string }>(permission: string, sources: Array<MergedSource<Row>>, columns: Array<CsvColumn<Row & { source: string }>>): ExportSpec {
  return {
    permission,
    definition: sources[0]!.definition,
    rows: (params) => iterateMergedRows(sources, params) as AsyncIterable<Array<Record<string, unknown>>>,
    columns,
  };
}

export const exportRegistry: Record<string, ExportSpec> = {
  invoices: single<InvoiceTableRow>("invoices.read", invoicesTable, [
    { header: "id", value: (r) => r.id },
    { header: "number", value: (r) => r.number },
    { header: "customer_email", value: (r) => r.customerEmail },
    { header: "kind", value: (r) => r.kind },
    { header: "status", value: (r) => r.status },
    { header: "currency", value: (r) => r.currency },
    { header: "total", value: (r) => csvMoney(r.total, r.currency) },
    { header: "amount_paid", value: (r) => csvMoney(r.amountPaid, r.currency) },
    { header: "issued_at", value: (r) => r.issuedAt },
    { header: "due_at", value: (r) => r.dueAt },
    { header: "created_at", value: (r) => r.createdAt },
  ]),
  orders: single<OrderTableRow>("invoices.read", ordersTable, [
    { header: "id", value: (r) => r.id },
    { header: "customer_email", value: (r) => r.customerEmail },
    { header: "status", value: (r) => r.status },
    { header: "currency", value: (r) => r.currency },
    { header: "subtotal", value: (r) => csvMoney(r.subtotal, r.currency) },
    { header: "discount", value: (r) => csvMoney(r.discount, r.currency) },
    { header: "tax", value: (r) => csvMoney(r.tax, r.currency) },
    { header: "total", value: (r) => csvMoney(r.total, r.currency) },
    { header: "invoice_id", value: (r) => r.invoiceId },
    { header: "created_at", value: (r) => r.createdAt },
  ]),
  services: single<ServiceTableRow>("customers.read", servicesTable, [
    { header: "id", value: (r) => r.id },
    { header: "customer_email", value: (r) => r.customerEmail },
    { header: "product", value: (r) => r.productName },
    { header: "label", value: (r) => r.label },
    { header: "cycle", value: (r) => r.cycle },
    { header: "currency", value: (r) => r.currency },
    { header: "amount", value: (r) => csvMoney(r.amount, r.currency) },
    { header: "status", value: (r) => r.status },
    { header: "next_due_at", value: (r) => r.nextDueAt },
    { header: "created_at", value: (r) => r.createdAt },
  ]),
  payments: single<PaymentTableRow>("payments.read", paymentsTable, [
    { header: "id", value: (r) => r.id },
    { header: "customer_email", value: (r) => r.customerEmail },
    { header: "invoice_id", value: (r) => r.invoiceId },
    { header: "gateway", value: (r) => r.gateway },
    { header: "gateway_ref", value: (r) => r.gatewayRef },
    { header: "currency", value: (r) => r.currency },
    { header: "amount", value: (r) => csvMoney(r.amount, r.currency) },
    { header: "refunded", value: (r) => csvMoney(r.amountRefunded, r.currency) },
    { header: "status", value: (r) => r.status },
    { header: "paid_at", value: (r) => r.paidAt },
    { header: "created_at", value: (r) => r.createdAt },
  ]),
  refunds: single<RefundTableRow>("payments.read", refundsTable, [
    { header: "id", value: (r) => r.id },
    { header: "payment_id", value: (r) => r.paymentId },
    { header: "customer_email", value: (r) => r.customerEmail },
    { header: "method", value: (r) => r.method },
    { header: "gateway", value: (r) => r.gateway },
    { header: "currency", value: (r) => r.currency },
    { header: "amount", value: (r) => csvMoney(r.amount, r.currency) },
    { header: "status", value: (r) => r.status },
    { header: "reason", value: (r) => r.reason },
    { header: "created_at", value: (r) => r.createdAt },
  ]),
  "credit-notes": single<CreditNoteTableRow>("payments.read", creditNotesTable, [
    { header: "id", value: (r) => r.id },
    { header: "number", value: (r) => r.number },
    { header: "invoice_id", value: (r) => r.invoiceId },
    { header: "customer_email", value: (r) => r.customerEmail },
    { header: "currency", value: (r) => r.currency },
    { header: "total", value: (r) => csvMoney(r.total, r.currency) },
    { header: "status", value: (r) => r.status },
    { header: "issued_at", value: (r) => r.issuedAt },
  ]),
  coupons: single<CouponTableRow>("coupons.write", couponsTable, [
    { header: "id", value: (r) => r.id },
    { header: "code", value: (r) => r.code },
    { header: "type", value: (r) => r.discountType },
    { header: "percent", value: (r) => (r.percentBps === null ? "" : (r.percentBps / 100).toFixed(2)) },
    { header: "amount_off", value: (r) => csvMoney(r.amountOff, r.currency) },
    { header: "currency", value: (r) => r.currency },
    { header: "duration", value: (r) => r.duration },
    { header: "redemptions", value: (r) => r.redemptionCount },
    { header: "active", value: (r) => r.active },
    { header: "valid_until", value: (r) => r.validUntil },
  ]),
  "tax-rates": single<TaxRateTableRow>("taxes.write", taxRatesTable, [
    { header: "id", value: (r) => r.id },
    { header: "name", value: (r) => r.name },
    { header: "country", value: (r) => r.country },
    { header: "state", value: (r) => r.state },
    { header: "rate_percent", value: (r) => (r.rateBps / 100).toFixed(2) },
    { header: "inclusive", value: (r) => r.inclusive },
    { header: "active", value: (r) => r.active },
  ]),
  products: single<ProductTableRow>("products.write", productsTable, [
    { header: "id", value: (r) => r.id },
    { header: "slug", value: (r) => r.slug },
    { header: "type", value: (r) => r.type },
    { header: "name", value: (r) => r.name },
    { header: "module", value: (r) => r.module },
    { header: "visible", value: (r) => r.visible },
    { header: "prices", value: (r) => r.priceCount },
  ]),
  customers: single<CustomerTableRow>("customers.read", customersTable, [
    { header: "id", value: (r) => r.id },
    { header: "email", value: (r) => r.email },
    { header: "name", value: (r) => r.name },
    { header: "status", value: (r) => r.status },
    { header: "email_verified", value: (r) => Boolean(r.emailVerified) },
    { header: "two_factor", value: (r) => r.twoFactorEnabled },
    { header: "country", value: (r) => r.country },
    { header: "last_sign_in_at", value: (r) => r.lastSignInAt },
    { header: "created_at", value: (r) => r.createdAt },
  ]),
  staff: single<StaffTableRow>("staff.manage", staffTable, [
    { header: "id", value: (r) => r.id },
    { header: "email", value: (r) => r.email },
    { header: "name", value: (r) => r.name },
    { header: "role", value: (r) => r.role },
    { header: "status", value: (r) => r.status },
    { header: "two_factor", value: (r) => r.twoFactorEnabled },
    { header: "last_sign_in_at", value: (r) => r.lastSignInAt },
  ]),
  organizations: single<OrganizationTableRow>("customers.read", organizationsTable, [
    { header: "id", value: (r) => r.id },
    { header: "slug", value: (r) => r.slug },
    { header: "name", value: (r) => r.name },
    { header: "owner_email", value: (r) => r.ownerEmail },
    { header: "billing_email", value: (r) => r.billingEmail },
    { header: "members", value: (r) => r.memberCount },
    { header: "status", value: (r) => r.status },
    { header: "created_at", value: (r) => r.createdAt },
  ]),
  "api-tokens": single<ApiTokenTableRow>("security.manage", apiTokensTable, [
    { header: "id", value: (r) => r.id },
    { header: "owner_email", value: (r) => r.userEmail },
    { header: "name", value: (r) => r.name },
    { header: "last4", value: (r) => r.last4 },
    { header: "scopes", value: (r) => r.scopes.join(" ") },
    { header: "state", value: (r) => r.state },
    { header: "last_used_at", value: (r) => r.lastUsedAt },
    { header: "created_at", value: (r) => r.createdAt },
  ]),
  "auth-events": single<AuthEventTableRow>("security.manage", authEventsTable, [
    { header: "id", value: (r) => r.id },
    { header: "type", value: (r) => r.type },
    { header: "reason", value: (r) => r.reason },
    { header: "email", value: (r) => r.email },
    { header: "ip", value: (r) => r.ip },
    { header: "user_agent", value: (r) => r.userAgent },
    { header: "created_at", value: (r) => r.createdAt },
  ]),
  "blocked-ips": single<BlockedIpTableRow>("security.manage", blockedIpsTable, [
    { header: "id", value: (r) => r.id },
    { header: "cidr", value: (r) => r.cidr },
    { header: "reason", value: (r) => r.reason },
    { header: "blocked_by", value: (r) => r.createdByEmail },
    { header: "expires_at", value: (r) => r.expiresAt },
    { header: "created_at", value: (r) => r.createdAt },
  ]),
  "vpn-servers": single<VpnServerTableRow>("vpn.servers.write", vpnServersTable, [
    { header: "id", value: (r) => r.id },
    { header: "slug", value: (r) => r.slug },
    { header: "name", value: (r) => r.name },
    { header: "country", value: (r) => r.countryCode },
    { header: "city", value: (r) => r.city },
    { header: "access", value: (r) => r.accessLevel },
    { header: "active", value: (r) => r.active },
    { header: "peers", value: (r) => r.peerCount },
    { header: "load_percent", value: (r) => (r.loadPermille / 10).toFixed(1) },
    { header: "last_seen_at", value: (r) => r.lastSeenAt },
  ]),
  "vpn-devices": single<VpnDeviceTableRow>("vpn.devices.write", vpnDevicesTable, [
    { header: "id", value: (r) => r.id },
    { header: "owner_email", value: (r) => r.userEmail },
    { header: "name", value: (r) => r.name },
    { header: "platform", value: (r) => r.platform },
    { header: "public_key", value: (r) => r.publicKey },
    { header: "ipv4", value: (r) => r.ipv4 },
    { header: "ipv6", value: (r) => r.ipv6 },
    { header: "status", value: (r) => r.status },
    { header: "last_handshake_at", value: (r) => r.lastHandshakeAt },
    { header: "created_at", value: (r) => r.createdAt },
  ]),
  vip: single<VipTableRow>("vpn.vip.write", vipTable, [
    { header: "email", value: (r) => r.email },
    { header: "note", value: (r) => r.note },
    { header: "added_by", value: (r) => r.addedByEmail },
    { header: "created_at", value: (r) => r.createdAt },
  ]),
  "email-outbox": single<EmailOutboxTableRow>("settings.write", emailOutboxTable, [
    { header: "id", value: (r) => r.id },
    { header: "to", value: (r) => r.toAddress },
    { header: "subject", value: (r) => r.subject },
    { header: "template", value: (r) => r.template },
    { header: "status", value: (r) => r.status },
    { header: "attempts", value: (r) => r.attempts },
    { header: "sent_at", value: (r) => r.sentAt },
    { header: "created_at", value: (r) => r.createdAt },
  ]),
  jobs: merged<JobTableRow>("jobs.manage", jobSources, [
    { header: "database", value: (r) => r.source },
    { header: "id", value: (r) => r.id },
    { header: "type", value: (r) => r.type },
    { header: "status", value: (r) => r.status },
    { header: "attempts", value: (r) => r.attempts },
    { header: "last_error", value: (r) => r.lastError },
    { header: "run_at", value: (r) => r.runAt },
    { header: "created_at", value: (r) => r.createdAt },
    { header: "finished_at", value: (r) => r.finishedAt },
  ]),
  audit: merged<AuditTableRow>("audit.read", auditSources, [
    { header: "database", value: (r) => r.source },
    { header: "id", value: (r) => r.id },
    { header: "created_at", value: (r) => r.createdAt },
    { header: "actor_email", value: (r) => r.actorEmail },
    { header: "actor_id", value: (r) => r.actorId },
    { header: "on_behalf_of", value: (r) => r.onBehalfOf },
    { header: "action", value: (r) => r.action },
    { header: "entity_type", value: (r) => r.entityType },
    { header: "entity_id", value: (r) => r.entityId },
    { header: "before", value: (r) => (r.before ? JSON.stringify(r.before) : "") },
    { header: "after", value: (r) => (r.after ? JSON.stringify(r.after) : "") },
    { header: "ip", value: (r) => r.ip },
  ]),
};

export function parseExportParams(spec: ExportSpec, searchParams: URLSearchParams): TableParams {
  return parseTableParams(spec.definition, searchParams);
}

/** What the export's audit row records: the exact view exported. */
export function describeExport(params: TableParams): Record<string, unknown> {
  return {
    q: params.q || null,
    sort: formatSortParam(params.sort),
    filters: Object.fromEntries(params.filters.map((f) => [f.id, f.kind === "enum" ? f.values : f.kind === "text" ? f.value : f.kind === "date" ? [f.from, f.to] : [f.min, f.max]])),
  };
}
