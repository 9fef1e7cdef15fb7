import type { Metadata } from "next";
import { eq } from "drizzle-orm";
import { notFound } from "next/navigation";
import { DateCell, TextCell } from "@/components/data-table/cells";
import { RecordDetail } from "@/components/data-table/record-detail";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { auditLog } from "@/lib/admin/tables/definitions/system";
import { requireStaff } from "@/lib/auth/guards";
import { DATABASE_NAMES, type DatabaseName } from "@/lib/env";
import { jobsDatabase } from "@/lib/jobs/tables";

export const metadata: Metadata = { title: "Audit entry" };

export default async function AuditEntryPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff("audit.read");
  const [database, id] = decodeURIComponent((await params).id).split(":") as [DatabaseName, string | undefined];
  if (!(DATABASE_NAMES as readonly string[]).includes(database) || !id || !/^[0-9a-f-]{36}$/.test(id)) notFound();
  const [entry] = await jobsDatabase(database).select().from(auditLog).where(eq(auditLog.id, id)).limit(1);
  if (!entry) notFound();
  return (
    <RecordDetail
      title={entry.action}
      description={`${entry.entityType} ${entry.entityId ?? ""} · ${database} database`}
      back={{ href: "/admin/audit-log", label: "Audit log" }}
      fields={[
        ["When", <DateCell key="w" value={entry.createdAt} time />],
        ["Actor", entry.actorEmail ?? "system"],
        ["Actor id", <TextCell key="a" value={entry.actorId} mono />],
        ["On behalf of", <TextCell key="o" value={entry.onBehalfOf} mono />],
        ["Entity", `${entry.entityType} ${entry.entityId ?? ""}`],
        ["From", <TextCell key="ip" value={entry.ip} mono />],
        ["User agent", <TextCell key="ua" value={entry.userAgent} />],
      ]}
    >
      <div className="grid gap-6 lg:grid-cols-2">
        {(["before", "after"] as const).map((k) => (
          <Card as="section" key={k} aria-labelledby={`audit-${k}`}>
            <CardHeader>
              <CardTitle id={`audit-${k}`}>{k === "before" ? "Before" : "After"}</CardTitle>
            </CardHeader>
            <CardContent>
              <pre className="overflow-x-auto rounded bg-bg-subtle p-3 text-xs">{entry[k] ? JSON.stringify(entry[k], null, 2) : "—"}</pre>
            </CardContent>
          </Card>
        ))}
      </div>
    </RecordDetail>
  );
}
