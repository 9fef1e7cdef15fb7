import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import {
  AddCreditButton,
  AddNoteForm,
  EditCustomerButton,
  ImpersonateButton,
  SendEmailButton,
  SuspendCustomerButton,
} from "@/components/admin/customers/customer-actions";
import { AuthEventsTable } from "@/components/admin/identity/auth-events-table";
import { ResetTwoFactorButton } from "@/components/admin/identity/reset-two-factor-button";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getCustomer360 } from "@/lib/admin/customers";
import { listAuthEvents } from "@/lib/auth/events";
import { requireStaff } from "@/lib/auth/guards";
import { permissionsForRole } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { formatDate, formatDateTime } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";

export const metadata: Metadata = { title: "Customer" };

function Section({ id, title, count, action, children, wide }: { id: string; title: string; count?: number; action?: ReactNode; children: ReactNode; wide?: boolean }) {
  return (
    <Card as="section" aria-labelledby={id} className={wide ? "xl:col-span-2" : undefined}>
      <CardHeader className="flex-row flex-wrap items-center justify-between gap-2">
        <CardTitle id={id}>
          {title}
          {count !== undefined && <span className="ml-2 text-sm font-normal text-muted">({count})</span>}
        </CardTitle>
        {action}
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

function Table({ caption, head, children }: { caption: string; head: Array<string | { label: string; numeric: true }>; children: ReactNode }) {
  return (
    <div className="-mx-1 overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-xs text-muted uppercase">
          <tr>
            {head.map((h) =>
              typeof h === "string" ? (
                <th key={h} scope="col" className="px-1 py-2 pr-3 font-medium">{h}</th>
              ) : (
                <th key={h.label} scope="col" className="px-1 py-2 pr-3 text-right font-medium">{h.label}</th>
              ),
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-border">{children}</tbody>
      </table>
    </div>
  );
}

const td = "px-1 py-2 pr-3 align-top";
const num = `${td} text-right whitespace-nowrap tabular-nums`;
const none = (what: string) => <p className="text-sm text-muted">{what}</p>;

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireStaff("customers.read");
  const { id } = await params;
  const data = await getCustomer360(id).catch((error) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const [events, granted] = await Promise.all([listAuthEvents({ userId: id, limit: 25 }), permissionsForRole(actor.role)]);
  const can = (p: string) => granted.has(p);
  const { profile: customer } = data;
  const billing = can("invoices.read");

  return (
    <div className="grid gap-6">
      <PageHeader
        title={customer.name || customer.email}
        description={customer.name ? customer.email : undefined}
        actions={
          <div className="flex flex-wrap gap-2" role="group" aria-label="Customer actions">
            {can("customers.write") && <EditCustomerButton customer={customer} />}
            {can("customers.write") && <SendEmailButton customerId={customer.id} email={customer.email} />}
            {can("invoices.refund") && <AddCreditButton customerId={customer.id} email={customer.email} currency={data.credit?.currency ?? null} />}
            {can("customers.impersonate") && customer.status === "active" && <ImpersonateButton customerId={customer.id} email={customer.email} />}
            {can("customers.write") && <SuspendCustomerButton customer={customer} />}
          </div>
        }
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Section id="profile-title" title="Account">
          <dl className="grid gap-x-8 gap-y-3 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-muted">Status</dt>
              <dd>
                <StatusBadge status={customer.status} />
                {customer.statusReason && <span className="ml-2 text-muted">{customer.statusReason}</span>}
              </dd>
            </div>
            <div>
              <dt className="text-muted">Email</dt>
              <dd><Badge tone={customer.emailVerified ? "success" : "warning"}>{customer.emailVerified ? "Verified" : "Unverified"}</Badge></dd>
            </div>
            <div>
              <dt className="text-muted">Two-step verification</dt>
              <dd className="text-fg">{customer.twoFactorEnabled ? "On" : "Off"}</dd>
            </div>
            <div>
              <dt className="text-muted">Locked until</dt>
              <dd className="text-fg">{customer.lockedUntil && customer.lockedUntil > new Date() ? formatDateTime(customer.lockedUntil) : "Not locked"}</dd>
            </div>
            <div>
              <dt className="text-muted">Country / time zone</dt>
              <dd className="text-fg">{customer.country ?? "—"} · {customer.timezone}</dd>
            </div>
            <div>
              <dt className="text-muted">Last sign-in</dt>
              <dd className="text-fg">{formatDateTime(customer.lastSignInAt)}{customer.lastSignInIp ? ` from ${customer.lastSignInIp}` : ""}</dd>
            </div>
            <div>
              <dt className="text-muted">Joined</dt>
              <dd className="text-fg">{formatDateTime(customer.createdAt)}</dd>
            </div>
          </dl>
          {can("customers.write") && customer.twoFactorEnabled && (
            <div className="mt-6">
              <ResetTwoFactorButton userId={customer.id} email={customer.email} />
            </div>
          )}
        </Section>

        {billing && (
          <Section id="balance-title" title="Balance">
            <dl className="grid gap-x-8 gap-y-3 text-sm sm:grid-cols-2">
              <div>
                <dt className="text-muted">Account credit</dt>
                <dd className="text-lg font-semibold tabular-nums" data-testid="credit-balance">
                  {data.credit ? formatMoney(data.credit.balance, data.credit.currency) : "No billing currency yet"}
                </dd>
              </div>
              <div>
                <dt className="text-muted">Outstanding</dt>
                <dd className="text-lg font-semibold tabular-nums">
                  {data.outstanding.length ? data.outstanding.map((o) => formatMoney(o.due, o.currency)).join(" · ") : "Nothing owed"}
                </dd>
              </div>
            </dl>
          </Section>
        )}

        <Section id="orgs-title" title="Organizations" count={data.organizations.length}>
          {data.organizations.length === 0
            ? none("Not a member of any organization.")
            : (
              <ul className="divide-y divide-border text-sm">
                {data.organizations.map((o) => (
                  <li key={o.id} className="flex items-center justify-between gap-2 py-2">
                    <span className="font-medium">{o.name}</span>
                    <span className="flex gap-2"><Badge>{o.role}</Badge><StatusBadge status={o.status} /></span>
                  </li>
                ))}
              </ul>
            )}
        </Section>

        {billing && (
          <Section id="services-title" title="Services" count={data.services.length} action={<Link className="text-sm text-brand underline-offset-4 hover:underline" href={`/admin/services?customer=${customer.id}`}>All services</Link>}>
            {data.services.length === 0
              ? none("No services yet.")
              : (
                <Table caption="Services" head={["Product", "Status", "Cycle", { label: "Amount", numeric: true }, "Next due"]}>
                  {data.services.map((s) => (
                    <tr key={s.id}>
                      <td className={td}>{s.productName}{s.label && <p className="text-xs text-muted">{s.label}</p>}</td>
                      <td className={td}><StatusBadge status={s.status} /></td>
                      <td className={td}>{s.cycle}</td>
                      <td className={num}>{formatMoney(s.amount, s.currency)}</td>
                      <td className={`${td} whitespace-nowrap`}>{formatDate(s.nextDueAt)}</td>
                    </tr>
                  ))}
                </Table>
              )}
          </Section>
        )}

        {billing && (
          <Section id="invoices-title" title="Invoices" count={data.invoices.total} action={<Link className="text-sm text-brand underline-offset-4 hover:underline" href={`/admin/invoices?customer=${customer.id}`}>All invoices</Link>}>
            {data.invoices.rows.length === 0
              ? none("No invoices yet.")
              : (
                <Table caption="Invoices" head={["Number", "Status", { label: "Total", numeric: true }, { label: "Due", numeric: true }, "Issued"]}>
                  {data.invoices.rows.map((i) => (
                    <tr key={i.id}>
                      <td className={td}><Link href={`/admin/invoices/${i.id}`} className="font-medium text-brand underline-offset-4 hover:underline">{i.number ?? "Draft"}</Link></td>
                      <td className={td}><StatusBadge status={i.status} /></td>
                      <td className={num}>{formatMoney(i.total, i.currency)}</td>
                      <td className={num}>{formatMoney(i.amountDue, i.currency)}</td>
                      <td className={`${td} whitespace-nowrap`}>{formatDate(i.issuedAt ?? i.createdAt)}</td>
                    </tr>
                  ))}
                </Table>
              )}
          </Section>
        )}

        {billing && (
          <Section id="payments-title" title="Payments" count={data.payments.length}>
            {data.payments.length === 0
              ? none("No payments yet.")
              : (
                <Table caption="Payments" head={["When", "Gateway", "Status", { label: "Amount", numeric: true }, { label: "Refunded", numeric: true }]}>
                  {data.payments.map((p) => (
                    <tr key={p.id}>
                      <td className={`${td} whitespace-nowrap`}>{formatDate(p.paidAt ?? p.createdAt)}</td>
                      <td className={td}>{p.gateway.replace("_", " ")}</td>
                      <td className={td}><StatusBadge status={p.status} /></td>
                      <td className={num}>{formatMoney(p.amount, p.currency)}</td>
                      <td className={num}>{p.amountRefunded ? formatMoney(p.amountRefunded, p.currency) : "—"}</td>
                    </tr>
                  ))}
                </Table>
              )}
          </Section>
        )}

        <Section id="devices-title" title="VPN devices" count={data.devices.length}>
          {data.devices.length === 0
            ? none("No devices yet.")
            : (
              <Table caption="VPN devices" head={["Name", "Status", "Address", "Public key", "Added"]}>
                {data.devices.map((d) => (
                  <tr key={d.id}>
                    <td className={td}>{d.name}<p className="text-xs text-muted">{d.platform}</p></td>
                    <td className={td}><StatusBadge status={d.status} /></td>
                    <td className={`${td} font-mono text-xs`}>{d.ipv4}</td>
                    <td className={`${td} max-w-40 truncate font-mono text-xs`} title={d.publicKey}>{d.publicKey}</td>
                    <td className={`${td} whitespace-nowrap`}>{formatDate(d.createdAt)}</td>
                  </tr>
                ))}
              </Table>
            )}
        </Section>

        {can("tickets.read") && (
          <Section id="tickets-title" title="Tickets" count={data.tickets.length}>
            {data.tickets.length === 0
              ? none("No tickets.")
              : (
                <Table caption="Tickets" head={["Ticket", "Status", "Priority", "Last reply"]}>
                  {data.tickets.map((t) => (
                    <tr key={t.id}>
                      <td className={td}><span className="font-mono text-xs text-muted">{t.number}</span> {t.subject}</td>
                      <td className={td}><StatusBadge status={t.status} /></td>
                      <td className={td}><Badge tone={t.priority === "urgent" ? "danger" : t.priority === "high" ? "warning" : "neutral"}>{t.priority}</Badge></td>
                      <td className={`${td} whitespace-nowrap`}>{formatDateTime(t.lastReplyAt ?? t.createdAt)}</td>
                    </tr>
                  ))}
                </Table>
              )}
          </Section>
        )}

        <Section id="notes-title" title="Staff notes" count={data.notes.length}>
          <div className="grid gap-4">
            {data.notes.length === 0
              ? none("No notes yet.")
              : (
                <ul className="grid gap-3 text-sm">
                  {data.notes.map((n) => (
                    <li key={n.id} className="rounded-md border border-border p-3">
                      <p className="whitespace-pre-wrap">{n.body}</p>
                      <p className="mt-1 text-xs text-muted">
                        {n.pinned && <Badge tone="info" className="mr-2">Pinned</Badge>}
                        {n.authorEmail ?? "Staff"} · {formatDateTime(n.createdAt)}
                      </p>
                    </li>
                  ))}
                </ul>
              )}
            {can("customers.write") && <AddNoteForm customerId={customer.id} />}
          </div>
        </Section>

        <Section id="events-title" title="Sign-in history" wide>
          <AuthEventsTable events={events.items} caption={`Sign-in history of ${customer.email}`} />
        </Section>

        {can("audit.read") && (
          <Section id="audit-title" title="Audit trail" count={data.audit.length} wide>
            {data.audit.length === 0
              ? none("No staff changes recorded for this customer.")
              : (
                <Table caption={`Audit trail of ${customer.email}`} head={["When", "Action", "By", "Change"]}>
                  {data.audit.map((a) => (
                    <tr key={`${a.database}-${a.id}`} data-testid="audit-row">
                      <td className={`${td} whitespace-nowrap`}>{formatDateTime(a.createdAt)}</td>
                      <td className={td}><span className="font-mono text-xs">{a.action}</span></td>
                      <td className={td}>{a.actorEmail ?? "System"}{a.onBehalfOf && a.onBehalfOf === customer.id && a.actorEmail && <p className="text-xs text-muted">as the customer</p>}</td>
                      <td className={`${td} max-w-md break-words font-mono text-xs text-muted`}>
                        {a.before && <span>before {JSON.stringify(a.before)} </span>}
                        {a.after && <span>after {JSON.stringify(a.after)}</span>}
                      </td>
                    </tr>
                  ))}
                </Table>
              )}
          </Section>
        )}
      </div>
    </div>
  );
}
