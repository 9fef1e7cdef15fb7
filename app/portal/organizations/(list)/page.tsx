import { Building2, ChevronRight } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { CreateOrganizationForm } from "@/components/portal/organizations/create-organization-form";
import { RoleBadge } from "@/components/portal/organizations/role-badge";
import { organizationStrings } from "@/components/portal/organizations/strings";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireCustomer } from "@/lib/auth/guards";
import { listMyOrganizations } from "@/lib/auth/organizations";
import { formatDate } from "@/lib/format/dates";

const t = organizationStrings;

export const metadata: Metadata = { title: t.list.metaTitle };

export default async function OrganizationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireCustomer();
  const { notice } = await searchParams;
  const organizations = await listMyOrganizations(actor.userId);
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title={t.list.title} description={t.list.lead} />
      {notice === "left" && (
        <Alert tone="success" live>
          {t.list.leftNotice}
        </Alert>
      )}
      <Card as="section" aria-labelledby="organizations-title">
        <CardHeader>
          <CardTitle id="organizations-title">{t.list.yours}</CardTitle>
        </CardHeader>
        <CardContent>
          {organizations.length === 0 ? (
            <EmptyState bordered={false} icon={Building2} title={t.list.emptyTitle} description={t.list.emptyText} />
          ) : (
            <ul className="divide-y divide-border rounded-md border border-border">
              {organizations.map((org) => (
                <li key={org.id} data-testid="organization-row">
                  <Link
                    href={`/portal/organizations/${org.id}`}
                    className="flex items-center gap-3 p-3 hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-offset-[-2px]"
                  >
                    <span className="grid size-9 shrink-0 place-items-center rounded-full bg-brand-soft text-brand-soft-fg">
                      <Building2 aria-hidden="true" className="size-4" />
                    </span>
                    <span className="grid min-w-0 flex-1 grid-cols-1 gap-1">
                      <span className="flex flex-wrap items-center gap-2">
                        <span className="truncate font-medium text-fg">{org.name}</span>
                        <RoleBadge role={org.role} />
                        {org.isPrimaryOwner && <Badge tone="neutral">{t.list.creator}</Badge>}
                        {org.status === "suspended" && <Badge tone="danger">{t.list.suspended}</Badge>}
                      </span>
                      <span className="text-xs text-muted">
                        {t.list.joined} {formatDate(org.joinedAt)}
                      </span>
                    </span>
                    <ChevronRight aria-hidden="true" className="size-4 shrink-0 text-muted" />
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
      <Card as="section" aria-labelledby="create-organization-title">
        <CardHeader>
          <CardTitle id="create-organization-title">{t.create.title}</CardTitle>
          <CardDescription>{t.create.description}</CardDescription>
        </CardHeader>
        <CardContent>
          <CreateOrganizationForm />
        </CardContent>
      </Card>
    </div>
  );
}
