import type { Metadata } from "next";
import { DateCell, LinkCell, StatusCell, TextCell } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { PageHeader } from "@/components/ui/page-header";
import { emailOutboxTable, type EmailOutboxTableRow } from "@/lib/admin/tables/definitions/ops";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Email outbox" };

export default async function EmailOutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("settings.write");
  const canExport = await roleHasPermission(actor.role, "data.export");
  return (
    <div className="grid min-w-0 grid-cols-1 gap-6">
      <PageHeader title="Email outbox" description="Every email the platform sent or is about to send, with its delivery state." />
      <ServerDataTable<EmailOutboxTableRow>
        id="email-outbox"
        caption="Email outbox"
        noun="emails"
        definition={emailOutboxTable}
        searchParams={await searchParams}
        searchPlaceholder="Recipient (start of) or subject"
        rowLabel={(r) => `${r.subject} to ${r.toAddress}`}
        columns={[
          { id: "subject", header: "Subject", hideable: false, cell: (r) => <LinkCell href={`/admin/email-outbox/${r.id}`}>{r.subject}</LinkCell> },
          { id: "toAddress", header: "To", cell: (r) => <span className="break-all">{r.toAddress}</span> },
          { id: "template", header: "Template", cell: (r) => <TextCell value={r.template} mono /> },
          { id: "status", header: "Status", cell: (r) => <StatusCell status={r.status} /> },
          { id: "attempts", header: "Attempts", align: "right", cell: (r) => r.attempts },
          { id: "createdAt", header: "Queued", cell: (r) => <DateCell value={r.createdAt} time /> },
          { id: "sentAt", header: "Sent", cell: (r) => <DateCell value={r.sentAt} time /> },
        ]}
        exportHref={canExport ? "/admin/export/email-outbox" : undefined}
        empty={{ title: "No emails found", description: "Emails appear here as soon as something sends one." }}
      />
    </div>
  );
}
