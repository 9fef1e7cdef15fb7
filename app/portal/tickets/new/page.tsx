import type { Metadata } from "next";
import Link from "next/link";
import { NewTicketForm } from "@/components/support/portal-ticket-forms";
import { supportStrings } from "@/components/support/strings";
import { Card, CardContent } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireCustomer } from "@/lib/auth/guards";
import { listDepartments, relatedOptionsFor } from "@/lib/support/queries";

const t = supportStrings.portal;
export const metadata: Metadata = { title: t.newTitle };

export default async function NewTicketPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireCustomer();
  const params = await searchParams;
  const [departments, related] = await Promise.all([listDepartments(), relatedOptionsFor(actor.userId)]);
  // ?device=<id> / ?service=<id> preselect only when it is one of the customer's own.
  const wanted = typeof params.device === "string" ? `device:${params.device}` : typeof params.service === "string" ? `service:${params.service}` : undefined;
  const defaultRelated = related.some((r) => r.value === wanted) ? wanted : undefined;
  return (
    <div className="grid grid-cols-1 gap-6">
      <p className="text-sm">
        <Link href="/portal/tickets" className="text-brand hover:underline">
          ← All tickets
        </Link>
      </p>
      <PageHeader title={t.newTitle} description={t.newLead} />
      <Card className="max-w-3xl">
        <CardContent>
          <NewTicketForm departments={departments.map((d) => ({ id: d.id, name: d.name, description: d.description }))} related={related} defaultRelated={defaultRelated} />
        </CardContent>
      </Card>
    </div>
  );
}
