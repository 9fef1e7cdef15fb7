import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";

export default function Loading() {
  return <DataTableSkeleton title="Customers" columns={7} />;
}
