import type { Metadata } from "next";
import { AuthEventsTable } from "@/components/admin/identity/auth-events-table";
import { BlockIpForm, UnblockButton } from "@/components/admin/identity/blocked-ip-forms";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { listAuthEvents } from "@/lib/auth/events";
import { requireStaff } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/format/dates";
import { listBlockedIps } from "@/lib/security/blocked-ips";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityAdminPage() {
  await requireStaff("security.manage");
  const [blocked, events] = await Promise.all([listBlockedIps({ includeExpired: true }), listAuthEvents({ limit: 100 })]);
  return (
    <div className="grid gap-6">
      <PageHeader title="Security" description="Sign-in activity across all accounts, and blocked networks." />
      <Card as="section" aria-labelledby="blocked-title">
        <CardHeader>
          <CardTitle id="blocked-title">Blocked addresses</CardTitle>
          <CardDescription>Requests from these addresses are refused before they reach sign-in.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6">
          <BlockIpForm />
          {blocked.length > 0 && (
            <ul className="divide-y divide-border rounded-md border border-border">
              {blocked.map((b) => (
                <li key={b.id} className="flex flex-wrap items-center justify-between gap-3 p-3 text-sm" data-testid="blocked-ip">
                  <div>
                    <p className="font-mono text-fg">
                      {b.cidr} {!b.active && <Badge tone="neutral">Expired</Badge>}
                    </p>
                    <p className="text-xs text-muted">
                      {b.reason} · until {b.expiresAt ? formatDateTime(b.expiresAt) : "removed"}
                    </p>
                  </div>
                  <UnblockButton id={b.id} cidr={b.cidr} />
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
      <Card as="section" aria-labelledby="events-title">
        <CardHeader>
          <CardTitle id="events-title">Authentication events</CardTitle>
        </CardHeader>
        <CardContent>
          <AuthEventsTable events={events.items} caption="Authentication events" />
        </CardContent>
      </Card>
    </div>
  );
}
