import type { Metadata } from "next";
import Link from "next/link";
import { CannedReplyForm, DeleteButton } from "@/components/support/settings-forms";
import { SupportSettingsNav } from "@/components/support/settings-nav";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { listCannedReplies, listDepartments } from "@/lib/support/queries";

export const metadata: Metadata = { title: "Canned replies" };

export default async function CannedRepliesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff("support.settings.write");
  const params = await searchParams;
  const [replies, departments] = await Promise.all([listCannedReplies(), listDepartments({ includeInactive: true })]);
  const editing = typeof params.edit === "string" ? replies.find((r) => r.id === params.edit) : undefined;
  const deptName = new Map(departments.map((d) => [d.id, d.name]));
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title="Canned replies" description="Answers staff insert into a reply and adjust before sending." />
      <SupportSettingsNav current="/admin/support/canned-replies" />
      {replies.length === 0 ? (
        <EmptyState title="No canned replies" description="Add the answers you give most often." />
      ) : (
        <Card>
          <CardContent className="p-0 sm:p-0">
            <ul className="divide-y divide-border">
              {replies.map((r) => (
                <li key={r.id} className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-start sm:justify-between">
                  <div className="min-w-0">
                    <p className="font-medium text-fg">{r.title}</p>
                    <p className="text-xs text-muted">{r.departmentId ? deptName.get(r.departmentId) : "All departments"}</p>
                    <p className="mt-1 line-clamp-2 text-sm text-muted">{r.bodyMarkdown}</p>
                  </div>
                  <div className="flex shrink-0 items-center gap-2">
                    <Link href={`/admin/support/canned-replies?edit=${r.id}`} className="text-sm text-brand hover:underline">
                      Edit<span className="sr-only"> {r.title}</span>
                    </Link>
                    <DeleteButton id={r.id} name={r.title} kind="canned" />
                  </div>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      )}
      <Card as="section" aria-labelledby="canned-form-heading">
        <CardHeader>
          <CardTitle id="canned-form-heading">{editing ? `Edit “${editing.title}”` : "Add a canned reply"}</CardTitle>
        </CardHeader>
        <CardContent>
          <CannedReplyForm key={editing?.id ?? "new"} reply={editing ?? null} departments={departments.map((d) => ({ value: d.id, label: d.name }))} />
        </CardContent>
      </Card>
    </div>
  );
}
