import type { Metadata } from "next";
import { DateCell, LinkCell, MoneyCell, PersonCell, StatusCell, words } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { PageHeader } from "@/components/ui/page-header";
import { servicesTable, type ServiceTableRow } from "@/lib/admin/tables/definitions/billing";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Services" };

export default async function ServicesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("customers.read");
  const canExport = await roleHasPermission(actor.role, "data.export");
  return (
    <div className="grid min-w-0 grid-cols-1 gap-6">
      <PageHeader title="Services" description="Every customer subscription: what renews, when, and its provisioning state." />
      <ServerDataTable<ServiceTableRow>
        id="services"
        caption="Services"
        noun="services"
        definition={servicesTable}
        searchParams={await searchParams}
        searchPlaceholder="Service id or customer email"
        rowLabel={(r) => `${r.productName ?? "service"} ${r.label ?? r.id.slice(0, 8)}`}
        columns={[
          { id: "product", header: "Service", hideable: false, cell: (r) => <span className="grid"><LinkCell href={`/admin/services/${r.id}`}>{r.productName ?? "Service"}</LinkCell>{r.label && <span className="text-xs text-muted">{r.label}</span>}</span> },
          { id: "customer", header: "Customer", cell: (r) => <PersonCell id={r.customerId} email={r.customerEmail} /> },
          { id: "status", header: "Status", cell: (r) => <StatusCell status={r.status} /> },
          { id: "provisioning", header: "Provisioning", cell: (r) => <StatusCell status={r.provisioningStatus} /> },
          { id: "cycle", header: "Cycle", cell: (r) => <span className="text-muted">{words(r.cycle)}</span> },
          { id: "nextDueAt", header: "Next due", cell: (r) => <DateCell value={r.nextDueAt} /> },
          { id: "amount", header: "Amount", align: "right", cell: (r) => <MoneyCell amount={r.amount} currency={r.currency} /> },
          { id: "createdAt", header: "Created", cell: (r) => <DateCell value={r.createdAt} /> },
        ]}
        exportHref={canExport ? "/admin/export/services" : undefined}
        empty={{ title: "No services found", description: "Services appear here when orders are paid." }}
      />
    </div>
  );
}
