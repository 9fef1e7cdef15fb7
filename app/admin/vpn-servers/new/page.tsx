import type { Metadata } from "next";
import { Card, CardContent } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { EMPTY_SERVER, ServerForm } from "@/components/vpn/admin-forms";
import { requireStaff } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Add a VPN location" };

export default async function NewVpnServerPage() {
  await requireStaff("vpn.servers.write");
  return (
    <div className="grid gap-6">
      <PageHeader title="Add a location" description="After creating it, issue the agent token and start the agent on the server." />
      <Card>
        <CardContent className="pt-5">
          <ServerForm initial={EMPTY_SERVER} />
        </CardContent>
      </Card>
    </div>
  );
}
