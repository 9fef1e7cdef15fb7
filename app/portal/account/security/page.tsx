import type { Metadata } from "next";
import { AccountNav } from "@/components/portal/account/account-nav";
import { AUTH_EVENT_LABELS, AUTH_FAILURE_REASONS } from "@/components/portal/account/auth-event-labels";
import { SessionList } from "@/components/portal/account/session-list";
import { TwoFactorCard } from "@/components/portal/account/two-factor-card";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { listAuthEventsForUser } from "@/lib/auth/events";
import { requireCustomer } from "@/lib/auth/guards";
import { isStaffRole } from "@/lib/auth/permissions";
import { listUserSessions } from "@/lib/auth/sessions";
import { getTwoFactorStatus } from "@/lib/auth/two-factor";
import { formatDateTime } from "@/lib/format/dates";
import { describeUserAgent } from "@/lib/format/user-agent";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireCustomer();
  const params = await searchParams;
  const [status, sessions, events] = await Promise.all([
    getTwoFactorStatus(actor.userId),
    listUserSessions(actor.userId, { currentSessionId: actor.sessionId }),
    listAuthEventsForUser(actor.userId, { limit: 20 }),
  ]);
  return (
    <div className="grid gap-6">
      <PageHeader title="Account" description="Your profile, sign-in details and security." />
      <AccountNav />
      <TwoFactorCard
        enabled={status.enabled}
        remainingRecoveryCodes={status.remainingRecoveryCodes}
        isStaff={isStaffRole(actor.role)}
        required={params.required === "staff"}
      />
      <Card as="section" aria-labelledby="sessions-title">
        <CardHeader>
          <CardTitle id="sessions-title">Where you're signed in</CardTitle>
          <CardDescription>Sign out of any device you don't recognise.</CardDescription>
        </CardHeader>
        <CardContent>
          <SessionList
            sessions={sessions.map((s) => ({
              id: s.id,
              device: describeUserAgent(s.userAgent),
              ip: s.ip,
              lastSeen: formatDateTime(s.lastSeenAt ?? s.createdAt),
              current: s.current,
            }))}
          />
        </CardContent>
      </Card>
      <Card as="section" aria-labelledby="events-title">
        <CardHeader>
          <CardTitle id="events-title">Recent sign-ins and security events</CardTitle>
        </CardHeader>
        <CardContent>
          {events.length === 0 ? (
            <p className="text-sm text-muted">Nothing yet.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Recent sign-ins and security events</caption>
                <thead className="text-xs text-muted uppercase">
                  <tr>
                    <th scope="col" className="py-2 pr-4 font-medium">Event</th>
                    <th scope="col" className="py-2 pr-4 font-medium">When</th>
                    <th scope="col" className="py-2 pr-4 font-medium">Device</th>
                    <th scope="col" className="py-2 font-medium">Network</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-border">
                  {events.map((e) => (
                    <tr key={e.id} data-testid="auth-event">
                      <td className="py-2 pr-4 text-fg">
                        {AUTH_EVENT_LABELS[e.type] ?? e.type}
                        {e.reason && e.type !== "sign_in_success" ? (
                          <span className="text-muted"> ({AUTH_FAILURE_REASONS[e.reason] ?? e.reason.replaceAll("_", " ")})</span>
                        ) : null}
                      </td>
                      <td className="py-2 pr-4 whitespace-nowrap text-muted">{formatDateTime(e.createdAt)}</td>
                      <td className="py-2 pr-4 text-muted">{describeUserAgent(e.userAgent)}</td>
                      <td className="py-2 text-muted">{e.ip ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
