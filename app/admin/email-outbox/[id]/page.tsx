import type { Metadata } from "next";
import { eq } from "drizzle-orm";
import { notFound } from "next/navigation";
import { DateCell, StatusCell, TextCell } from "@/components/data-table/cells";
import { RecordDetail } from "@/components/data-table/record-detail";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { opsDb } from "@/db/ops/client";
import { emailOutbox } from "@/db/ops/schema";
import { requireStaff } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Email" };

export default async function EmailPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff("settings.write");
  const { id } = await params;
  const [email] = await opsDb()
    .select({ id: emailOutbox.id, toAddress: emailOutbox.toAddress, fromAddress: emailOutbox.fromAddress, subject: emailOutbox.subject, text: emailOutbox.text, template: emailOutbox.template, status: emailOutbox.status, attempts: emailOutbox.attempts, lastError: emailOutbox.lastError, messageId: emailOutbox.messageId, sentAt: emailOutbox.sentAt, createdAt: emailOutbox.createdAt })
    .from(emailOutbox)
    .where(eq(emailOutbox.id, id))
    .limit(1);
  if (!email) notFound();
  return (
    <RecordDetail
      title={email.subject}
      back={{ href: "/admin/email-outbox", label: "Email outbox" }}
      fields={[
        ["Status", <StatusCell key="s" status={email.status} />],
        ["To", email.toAddress],
        ["From", email.fromAddress],
        ["Template", <TextCell key="t" value={email.template} mono />],
        ["Attempts", email.attempts],
        ["Last error", <TextCell key="e" value={email.lastError} />],
        ["Message id", <TextCell key="m" value={email.messageId} mono />],
        ["Queued", <DateCell key="q" value={email.createdAt} time />],
        ["Sent", <DateCell key="se" value={email.sentAt} time />],
      ]}
    >
      <Card as="section" aria-labelledby="email-body">
        <CardHeader>
          <CardTitle id="email-body">Text</CardTitle>
        </CardHeader>
        <CardContent>
          {/* The plain-text part only: the HTML part is not rendered in the back office (no untrusted markup here). */}
          <pre className="overflow-x-auto rounded bg-bg-subtle p-3 text-xs whitespace-pre-wrap">{email.text}</pre>
        </CardContent>
      </Card>
    </RecordDetail>
  );
}
