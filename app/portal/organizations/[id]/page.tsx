import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { InviteMemberForm } from "@/components/portal/organizations/invite-member-form";
import { LeaveOrganizationButton, MemberActions } from "@/components/portal/organizations/member-actions";
import { PendingInviteList } from "@/components/portal/organizations/pending-invite-list";
import { RoleBadge } from "@/components/portal/organizations/role-badge";
import { organizationStrings } from "@/components/portal/organizations/strings";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireCustomer } from "@/lib/auth/guards";
import {
  listMembers,
  listMyOrganizations,
  listPendingInvites,
  ORG_ROLE_ALLOWS,
  ORGANIZATION_ROLES,
  type OrganizationRole,
} from "@/lib/auth/organizations";
import { formatDate } from "@/lib/format/dates";

const t = organizationStrings;

export const metadata: Metadata = { title: t.list.metaTitle };

export default async function OrganizationPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireCustomer();
  const { id } = await params;
  // Only organizations the actor belongs to are found: any other id is a plain 404, whether it exists or not.
  const org = (await listMyOrganizations(actor.userId)).find((o) => o.id === id);
  if (!org) notFound();

  const canManage = ORG_ROLE_ALLOWS[org.role].has("members.manage");
  const [members, invites] = await Promise.all([
    listMembers(actor.userId, org.id),
    canManage ? listPendingInvites(actor.userId, org.id) : Promise.resolve([]),
  ]);
  const isOwner = org.role === "owner";
  // Mirrors lib/auth/organizations: only owners grant the owner role or touch owners; the creator never changes.
  const grantable: OrganizationRole[] = ORGANIZATION_ROLES.filter((r) => isOwner || r !== "owner");
  const ownerCount = members.filter((m) => m.role === "owner").length;
  const me = members.find((m) => m.userId === actor.userId);

  return (
    <div className="grid grid-cols-1 gap-6">
      <Link
        href="/portal/organizations"
        className="inline-flex w-fit items-center gap-1.5 text-sm font-medium text-muted underline-offset-4 hover:text-fg hover:underline"
      >
        <ArrowLeft aria-hidden="true" className="size-4" />
        {t.detail.back}
      </Link>
      <PageHeader
        title={org.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            {t.detail.yourRole}: <RoleBadge role={org.role} />
            {org.status === "suspended" && <Badge tone="danger">{t.list.suspended}</Badge>}
          </span>
        }
      />

      <Card as="section" aria-labelledby="members-title">
        <CardHeader>
          <CardTitle id="members-title">{t.detail.members}</CardTitle>
          <CardDescription>{t.detail.membersDescription}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <ul className="divide-y divide-border rounded-md border border-border">
            {members.map((m) => {
              const who = m.name ? `${m.name} (${m.email})` : m.email;
              const isMe = m.userId === actor.userId;
              const touchable = canManage && !m.isPrimaryOwner && (isOwner || m.role !== "owner");
              return (
                <li key={m.userId} data-testid="member-row" className="grid grid-cols-1 gap-3 p-3 sm:flex sm:flex-wrap sm:items-center sm:justify-between">
                  <div className="min-w-0">
                    <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-fg">
                      <span className="min-w-0 truncate">{m.name ?? m.email}</span>
                      {isMe && <span className="text-xs font-normal text-muted">({t.detail.you})</span>}
                      <RoleBadge role={m.role} />
                      {m.isPrimaryOwner && <Badge tone="neutral">{t.detail.creator}</Badge>}
                    </p>
                    <p className="truncate text-xs text-muted">
                      {m.name ? `${m.email} · ` : ""}
                      {t.detail.joined(formatDate(m.joinedAt))}
                    </p>
                  </div>
                  {touchable && (
                    <MemberActions
                      organizationId={org.id}
                      organizationName={org.name}
                      userId={m.userId}
                      who={who}
                      role={m.role}
                      roles={grantable}
                      canRemove={!isMe}
                    />
                  )}
                </li>
              );
            })}
          </ul>
          <p className="text-sm text-muted">{t.detail.creatorNote}</p>
          {me && me.role === "owner" && ownerCount === 1 && !me.isPrimaryOwner && <Alert tone="info">{t.detail.lastOwnerNote}</Alert>}
        </CardContent>
        <CardFooter>
          {org.isPrimaryOwner ? (
            <p className="text-sm text-muted">{t.detail.creatorCannotLeave}</p>
          ) : (
            <LeaveOrganizationButton organizationId={org.id} organizationName={org.name} />
          )}
        </CardFooter>
      </Card>

      {canManage ? (
        <>
          <Card as="section" aria-labelledby="invite-title">
            <CardHeader>
              <CardTitle id="invite-title">{t.invite.title}</CardTitle>
              <CardDescription>{t.invite.description}</CardDescription>
            </CardHeader>
            <CardContent className="grid gap-4">
              {!actor.emailVerified && <Alert tone="warning">{t.invite.verifyFirst}</Alert>}
              <InviteMemberForm organizationId={org.id} roles={grantable} />
            </CardContent>
          </Card>
          <Card as="section" aria-labelledby="pending-title">
            <CardHeader>
              <CardTitle id="pending-title">{t.pending.title}</CardTitle>
            </CardHeader>
            <CardContent>
              <PendingInviteList
                organizationId={org.id}
                invites={invites.map((i) => ({ id: i.id, email: i.email, role: i.role, expires: formatDate(i.expiresAt) }))}
              />
            </CardContent>
          </Card>
        </>
      ) : (
        <Alert tone="info">{t.invite.cannotInvite}</Alert>
      )}

      <Card as="section" aria-labelledby="roles-title">
        <CardHeader>
          <CardTitle id="roles-title">{t.detail.rolesTitle}</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-3 sm:grid-cols-2">
            {ORGANIZATION_ROLES.map((role) => (
              <div key={role} className="grid gap-1">
                <dt>
                  <RoleBadge role={role} />
                </dt>
                <dd className="text-sm text-muted">{t.roles[role].description}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
    </div>
  );
}
