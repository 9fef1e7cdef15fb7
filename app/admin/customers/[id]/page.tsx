import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AuthEventsTable } from "@/components/admin/identity/auth-events-table";
import { ResetTwoFactorButton } from "@/components/admin/identity/reset-two-factor-button";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getCustomerForStaff } from "@/lib/auth/customers";
import { listAuthEvents } from "@/lib/auth/events";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format/dates";

export const metadata: Metadata = { title: "Customer" };

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireStaff("customers.read");
  const { id } = await params;
  const customer = await getCustomerForStaff(id).catch((error) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const [events, canWrite] = await Promise.all([
    listAuthEvents({ userId: id, limit: 25 }),
    roleHasPermission(actor.role, "customers.write"),
  ]);
  return (
    <div className="grid gap-6">
      <PageHeader title={customer.name || customer.email} description={customer.email} />
      <Card as="section" aria-labelledby="profile-title">
        <CardHeader>
          <CardTitle id="profile-title">Account</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-x-8 gap-y-3 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-muted">Status</dt>
              <dd><StatusBadge status={customer.status} /></dd>
            </div>
            <div>
              <dt className="text-muted">Email</dt>
              <dd><Badge tone={customer.emailVerified ? "success" : "warning"}>{customer.emailVerified ? "Verified" : "Unverified"}</Badge></dd>
            </div>
            <div>
              <dt className="text-muted">Two-step verification</dt>
              <dd className="text-fg">{customer.twoFactorEnabled ? "On" : "Off"}</dd>
            </div>
            <div>
              <dt className="text-muted">Locked until</dt>
              <dd className="text-fg">{customer.lockedUntil && customer.lockedUntil > new Date() ? formatDateTime(customer.lockedUntil) : "Not locked"}</dd>
            </div>
            <div>
              <dt className="text-muted">Last sign-in</dt>
              <dd className="text-fg">{formatDateTime(customer.lastSignInAt)}</dd>
            </div>
            <div>
              <dt className="text-muted">Joined</dt>
              <dd className="text-fg">{formatDateTime(customer.createdAt)}</dd>
            </div>
          </dl>
          {canWrite && customer.twoFactorEnabled && (
            <div className="mt-6">
              <ResetTwoFactorButton userId={customer.id} email={customer.email} />
            </div>
          )}
        </CardContent>
      </Card>
      <Card as="section" aria-labelledby="events-title">
        <CardHeader>
          <CardTitle id="events-title">Sign-in history</CardTitle>
        </CardHeader>
        <CardContent>
          <AuthEventsTable events={events.items} caption={`Sign-in history of ${customer.email}`} />
        </CardContent>
      </Card>
    </div>
  );
}
