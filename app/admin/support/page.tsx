import type { Metadata } from "next";
import Link from "next/link";
import { DepartmentForm } from "@/components/support/settings-forms";
import { SupportSettingsNav } from "@/components/support/settings-nav";
import { supportStrings, TICKET_PRIORITY_VALUES } from "@/components/support/strings";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { listDepartments, listSlaTargets } from "@/lib/support/queries";
import { formatDuration } from "@/lib/support/sla";

export const metadata: Metadata = { title: "Support settings" };

const mins = (m: number | null | undefined) => (m == null ? "—" : formatDuration(m * 60_000));

export default async function SupportSettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff("support.settings.write");
  const params = await searchParams;
  const [departments, targets] = await Promise.all([listDepartments({ includeInactive: true }), listSlaTargets()]);
  const editing = typeof params.edit === "string" ? departments.find((d) => d.id === params.edit) : undefined;
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title="Support settings" description="Departments customers write to, and the SLA targets per priority that set the queue's timers." />
      <SupportSettingsNav current="/admin/support" />
      <Card>
        <CardContent className="relative overflow-x-auto p-0 sm:p-0">
          <table className="w-full min-w-[48rem] text-left text-sm">
            <caption className="sr-only">Departments with first response / resolution targets per priority</caption>
            <thead className="text-xs text-muted uppercase">
              <tr className="border-b border-border">
                <th scope="col" className="px-4 py-2.5 font-medium">Department</th>
                {TICKET_PRIORITY_VALUES.map((p) => (
                  <th key={p} scope="col" className="px-3 py-2.5 font-medium">
                    {supportStrings.priority[p]}
                  </th>
                ))}
                <th scope="col" className="px-4 py-2.5 text-right font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {departments.map((d) => (
                <tr key={d.id}>
                  <td className="px-4 py-2.5">
                    <span className="font-medium text-fg">{d.name}</span> {!d.active && <Badge tone="neutral">Inactive</Badge>}
                    <span className="block text-xs text-muted">{d.slug}</span>
                  </td>
                  {TICKET_PRIORITY_VALUES.map((p) => {
                    const t = targets.find((x) => x.departmentId === d.id && x.priority === p);
                    return (
                      <td key={p} className="px-3 py-2.5 text-xs whitespace-nowrap tabular-nums">
                        {mins(t ? t.firstResponseMinutes : d.firstResponseMinutes)} / {mins(t ? t.resolutionMinutes : d.resolutionMinutes)}
                      </td>
                    );
                  })}
                  <td className="px-4 py-2.5 text-right">
                    <Link href={`/admin/support?edit=${d.id}`} className="text-brand hover:underline">
                      Edit<span className="sr-only"> {d.name}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardContent>
      </Card>
      <Card as="section" aria-labelledby="dept-form-heading">
        <CardHeader>
          <CardTitle id="dept-form-heading">{editing ? `Edit ${editing.name}` : "Add a department"}</CardTitle>
        </CardHeader>
        <CardContent>
          <DepartmentForm key={editing?.id ?? "new"} department={editing ? { ...editing, targets: targets.filter((t) => t.departmentId === editing.id) } : null} />
        </CardContent>
      </Card>
    </div>
  );
}
