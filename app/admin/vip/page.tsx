import type { Metadata } from "next";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { GrantPlanForm, VipAddForm, VipRemoveButton } from "@/components/vpn/admin-forms";
import { requireStaff } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/format/dates";
import { listVipEmails } from "@/lib/vpn/admin";

export const metadata: Metadata = { title: "VIP list" };

export default async function VipPage() {
  await requireStaff("vpn.vip.write");
  const vips = await listVipEmails();
  return (
    <div className="grid gap-6">
      <PageHeader title="VIP list" description="Customers with these emails see VIP-only locations. Every change is audited." />
      <Card as="section" aria-labelledby="vip-add-title">
        <CardHeader>
          <CardTitle id="vip-add-title">Add an email</CardTitle>
        </CardHeader>
        <CardContent>
          <VipAddForm />
        </CardContent>
      </Card>
      <Card as="section" aria-labelledby="vip-grant-title">
        <CardHeader>
          <CardTitle id="vip-grant-title">Give a VIP customer a plan without payment</CardTitle>
          <CardDescription>The customer must have an account and be on the VIP list. Granting again changes the device limit.</CardDescription>
        </CardHeader>
        <CardContent>
          <GrantPlanForm />
        </CardContent>
      </Card>
      <Card as="section" aria-labelledby="vip-list-title">
        <CardHeader>
          <CardTitle id="vip-list-title">On the list ({vips.length})</CardTitle>
        </CardHeader>
        <CardContent className="overflow-x-auto">
          {vips.length === 0 ? (
            <p className="text-sm text-muted">Nobody yet.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="text-xs text-muted uppercase">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">Email</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Note</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Added</th>
                  <th scope="col" className="py-2 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {vips.map((v) => (
                  <tr key={v.id} data-testid="vip-row">
                    <td className="py-2 pr-4 break-all">{v.email}</td>
                    <td className="py-2 pr-4 text-muted">{v.note ?? "—"}</td>
                    <td className="py-2 pr-4 whitespace-nowrap text-muted">{formatDateTime(v.createdAt)}</td>
                    <td className="py-2 text-right">
                      <VipRemoveButton vipId={v.id} email={v.email} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
