import { Bell } from "lucide-react";
import Link from "next/link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/lib/format/dates";
import type { NotificationView } from "@/lib/notifications/queries";

/** Only same-site portal paths become links: a notice's link is data, not something to send people off-site with. */
function safeLink(link: string | null): string | null {
  return link && link.startsWith("/") && !link.startsWith("//") ? link : null;
}

/** The dashboard's notice feed: the latest notices (device added, key rotated, config downloaded, …), newest first. */
export function DashboardNotices({ notices }: { notices: NotificationView[] }) {
  return (
    <Card as="section" aria-labelledby="portal-notices" className="lg:col-span-2">
      <CardHeader>
        <CardTitle id="portal-notices">Notices</CardTitle>
      </CardHeader>
      <CardContent>
        {notices.length === 0 ? (
          <EmptyState bordered={false} size="sm" icon={Bell} title="No notices yet" description="We tell you here (and by email) when a device is added, a key is rotated or a configuration is downloaded." />
        ) : (
          <ul className="divide-y divide-border text-sm" data-testid="dashboard-notices">
            {notices.map((notice) => {
              const href = safeLink(notice.link);
              return (
                <li key={notice.id} className="grid gap-1 py-3 first:pt-0 last:pb-0">
                  <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                    {href ? (
                      <Link href={href} className="font-medium text-fg hover:underline">
                        {notice.title}
                      </Link>
                    ) : (
                      <span className="font-medium text-fg">{notice.title}</span>
                    )}
                    <time dateTime={notice.createdAt.toISOString()} className="text-xs text-muted tabular-nums">
                      {formatDateTime(notice.createdAt)}
                    </time>
                  </div>
                  {notice.body && <p className="whitespace-pre-line text-muted">{notice.body}</p>}
                </li>
              );
            })}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
