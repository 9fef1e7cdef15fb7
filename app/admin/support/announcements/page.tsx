import type { Metadata } from "next";
import Link from "next/link";
import { AnnouncementForm, DeleteButton } from "@/components/support/settings-forms";
import { SupportSettingsNav } from "@/components/support/settings-nav";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/format/dates";
import { listAnnouncements } from "@/lib/support/settings";

export const metadata: Metadata = { title: "Announcements" };

export default async function AnnouncementsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff("support.settings.write");
  const params = await searchParams;
  const items = await listAnnouncements();
  const editing = typeof params.edit === "string" ? items.find((a) => a.id === params.edit) : undefined;
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title="Announcements" description="News on the status page (everyone) and in the portal (customers)." />
      <SupportSettingsNav current="/admin/support/announcements" />
      {items.length === 0 ? (
        <EmptyState title="No announcements" description="Add one to tell customers about changes or incidents." />
      ) : (
        <Card>
          <CardContent className="p-0 sm:p-0">
            <ul className="divide-y divide-border">
              {items.map((a) => (
                <li key={a.id} className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
                  <div>
                    <p className="font-medium text-fg">
                      {a.title} {a.published ? <Badge tone="success">Published</Badge> : <Badge tone="neutral">Draft</Badge>}
                    </p>
                    <p className="text-xs text-muted">
                      {a.audience} · {a.level} · {formatDateTime(a.publishAt ?? a.createdAt)}
                    </p>
                  </div>
                  <div className="flex items-center gap-2">
                    <Link href={`/admin/support/announcements?edit=${a.id}`} className="text-sm text-brand hover:underline">
                      Edit<span className="sr-only"> {a.title}</span>
                    </Link>
                    <DeleteButton id={a.id} name={a.title} kind="announcement" />
                  </div>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      )}
      <Card as="section" aria-labelledby="ann-form-heading">
        <CardHeader>
          <CardTitle id="ann-form-heading">{editing ? `Edit “${editing.title}”` : "Add an announcement"}</CardTitle>
        </CardHeader>
        <CardContent>
          <AnnouncementForm key={editing?.id ?? "new"} announcement={editing ?? null} />
        </CardContent>
      </Card>
    </div>
  );
}
