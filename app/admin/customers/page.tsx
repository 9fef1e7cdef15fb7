import type { Metadata } from "next";
import Link from "next/link";
import { Users } from "lucide-react";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { Card, CardContent } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { listCustomers } from "@/lib/auth/customers";
import { requireStaff } from "@/lib/auth/guards";
import { formatDate } from "@/lib/format/dates";

export const metadata: Metadata = { title: "Customers" };

export default async function CustomersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff("customers.read");
  const params = await searchParams;
  const q = typeof params.q === "string" ? params.q : "";
  const page = Math.max(1, Number(params.page) || 1);
  const { rows, total, pageSize } = await listCustomers({ q, page });
  const flat = Object.fromEntries(Object.entries(params).filter(([, v]) => typeof v === "string")) as Record<string, string>;
  return (
    <div className="grid gap-6">
      <PageHeader title="Customers" description={`${total} customer${total === 1 ? "" : "s"}`} />
      <form role="search" className="max-w-sm">
        <label htmlFor="customer-search" className="sr-only">
          Search customers by name or email
        </label>
        <Input id="customer-search" name="q" type="search" defaultValue={q} placeholder="Search by name or email" />
      </form>
      <Card>
        <CardContent className="overflow-x-auto p-0">
          {rows.length === 0 ? (
            <EmptyState icon={Users} title="No customers found" description={q ? "Try another search." : "Customers appear here when they sign up."} />
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="border-b border-border text-xs text-muted uppercase">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">Customer</th>
                  <th scope="col" className="px-4 py-2 font-medium">Status</th>
                  <th scope="col" className="px-4 py-2 font-medium">Email</th>
                  <th scope="col" className="px-4 py-2 font-medium">Two-step</th>
                  <th scope="col" className="px-4 py-2 font-medium">Joined</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {rows.map((c) => (
                  <tr key={c.id} data-testid="customer-row">
                    <td className="px-4 py-2">
                      <Link href={`/admin/customers/${c.id}`} className="font-medium text-brand underline-offset-4 hover:underline">
                        {c.name || c.email}
                      </Link>
                      {c.name && <p className="text-xs text-muted">{c.email}</p>}
                    </td>
                    <td className="px-4 py-2">
                      <StatusBadge status={c.status} />
                    </td>
                    <td className="px-4 py-2">
                      <Badge tone={c.emailVerified ? "success" : "warning"}>{c.emailVerified ? "Verified" : "Unverified"}</Badge>
                    </td>
                    <td className="px-4 py-2 text-muted">{c.twoFactorEnabled ? "On" : "Off"}</td>
                    <td className="px-4 py-2 whitespace-nowrap text-muted">{formatDate(c.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </CardContent>
      </Card>
      <Pagination page={page} pageCount={Math.max(1, Math.ceil(total / pageSize))} pathname="/admin/customers" searchParams={flat} />
    </div>
  );
}
