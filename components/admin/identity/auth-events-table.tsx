import Link from "next/link";
import { AUTH_EVENT_LABELS, AUTH_FAILURE_REASONS } from "@/components/portal/account/auth-event-labels";
import { Badge } from "@/components/ui/badge";
import type { StaffAuthEvent } from "@/lib/auth/events";
import { formatDateTime } from "@/lib/format/dates";
import { describeUserAgent } from "@/lib/format/user-agent";

const FAILURES = new Set(["sign_in_failure", "locked", "two_factor_failure", "rate_limited", "blocked_ip"]);

export function AuthEventsTable({ events, caption }: { events: StaffAuthEvent[]; caption: string }) {
  if (events.length === 0) return <p className="text-sm text-muted">No events.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-xs text-muted uppercase">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">When</th>
            <th scope="col" className="py-2 pr-4 font-medium">Event</th>
            <th scope="col" className="py-2 pr-4 font-medium">Account</th>
            <th scope="col" className="py-2 pr-4 font-medium">Network</th>
            <th scope="col" className="py-2 font-medium">Device</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {events.map((e) => (
            <tr key={e.id} data-testid="staff-auth-event">
              <td className="py-2 pr-4 whitespace-nowrap text-muted">{formatDateTime(e.createdAt)}</td>
              <td className="py-2 pr-4">
                <Badge tone={FAILURES.has(e.type) ? "danger" : "neutral"}>{AUTH_EVENT_LABELS[e.type] ?? e.type}</Badge>
                {e.reason && <span className="ml-2 text-muted">{AUTH_FAILURE_REASONS[e.reason] ?? e.reason}</span>}
              </td>
              <td className="py-2 pr-4">
                {e.userId ? (
                  <Link href={`/admin/customers/${e.userId}`} className="text-brand underline-offset-4 hover:underline">
                    {e.email ?? e.userId}
                  </Link>
                ) : (
                  <span className="text-muted">{e.email ?? "—"}</span>
                )}
              </td>
              <td className="py-2 pr-4 font-mono text-xs text-muted">{e.ip ?? "—"}</td>
              <td className="py-2 text-muted">{describeUserAgent(e.userAgent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
