import "server-only";
/**
 * Global search (Ctrl/Cmd-K): customers by name or email, invoices by number, VPN devices by name or public key,
 * tickets by subject or number. Only the kinds the staff member may read are queried at all (a support agent
 * without invoices.read never reaches the invoices table). Each kind is one indexed-prefix-or-LIKE query limited
 * to a few rows; results carry only what the list shows and a link.
 */
import { and, desc, eq, like, or } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { invoices } from "@/db/billing/schema";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import { supportDb } from "@/db/support/client";
import { tickets } from "@/db/support/schema";
import { vpnDb } from "@/db/vpn/client";
import { devices } from "@/db/vpn/schema";

export type SearchKind = "customer" | "invoice" | "device" | "ticket";

export interface SearchResult {
  kind: SearchKind;
  id: string;
  title: string;
  detail: string;
  href: string;
}

/** Which permission lets a staff member see each kind of result. */
export const SEARCH_PERMISSIONS: Record<SearchKind, string> = {
  customer: "customers.read",
  invoice: "invoices.read",
  device: "customers.read",
  ticket: "tickets.read",
};

const PER_KIND = 5;

/** A LIKE "contains" pattern (q has no % or _ left). */
function contains(q: string): string {
  return `%${q}%`;
}

export async function globalSearch(query: string, permissions: ReadonlySet<string>): Promise<SearchResult[]> {
  // The user's own % and _ are dropped rather than treated as wildcards.
  const q = query.replace(/[%_]/g, "").trim().slice(0, 100);
  if (q.length < 2) return [];
  const pattern = contains(q.toLowerCase());
  const may = (kind: SearchKind) => permissions.has(SEARCH_PERMISSIONS[kind]);
  const esc = (column: Parameters<typeof like>[0]) => like(column, pattern);
  const [customerRows, invoiceRows, deviceRows, ticketRows] = await Promise.all([
    may("customer")
      ? identityDb()
          .select({ id: users.id, email: users.email, name: users.name })
          .from(users)
          .where(and(eq(users.role, "customer"), or(esc(users.email), esc(users.name))))
          .orderBy(desc(users.createdAt))
          .limit(PER_KIND)
      : [],
    may("invoice")
      ? billingDb()
          .select({ id: invoices.id, number: invoices.number, status: invoices.status })
          .from(invoices)
          .where(like(invoices.number, contains(q.toUpperCase())))
          .orderBy(desc(invoices.createdAt))
          .limit(PER_KIND)
      : [],
    may("device")
      ? vpnDb()
          .select({ id: devices.id, name: devices.name, userId: devices.userId, publicKey: devices.publicKey })
          .from(devices)
          // Keys are base64 (case matters), names are matched case-insensitively by LIKE.
          .where(or(esc(devices.name), like(devices.publicKey, contains(q))))
          .orderBy(desc(devices.createdAt))
          .limit(PER_KIND)
      : [],
    may("ticket")
      ? supportDb()
          .select({ id: tickets.id, number: tickets.number, subject: tickets.subject, status: tickets.status, customerId: tickets.customerId })
          .from(tickets)
          .where(or(esc(tickets.subject), like(tickets.number, contains(q.toUpperCase()))))
          .orderBy(desc(tickets.createdAt))
          .limit(PER_KIND)
      : [],
  ]);
  return [
    ...customerRows.map((c) => ({ kind: "customer" as const, id: c.id, title: c.name || c.email, detail: c.email, href: `/admin/customers/${c.id}` })),
    ...invoiceRows.map((i) => ({ kind: "invoice" as const, id: i.id, title: i.number ?? "Draft invoice", detail: i.status, href: `/admin/invoices/${i.id}` })),
    ...deviceRows.map((d) => ({ kind: "device" as const, id: d.id, title: d.name, detail: `${d.publicKey.slice(0, 12)}…`, href: `/admin/customers/${d.userId}` })),
    ...ticketRows.map((t) => ({ kind: "ticket" as const, id: t.id, title: t.subject, detail: `${t.number} · ${t.status}`, href: `/admin/tickets/${encodeURIComponent(t.number)}` })),
  ];
}
