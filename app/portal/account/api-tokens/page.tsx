import type { Metadata } from "next";
import { AccountNav } from "@/components/portal/account/account-nav";
import { ApiTokenManager } from "@/components/portal/account/api-token-manager";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { API_SCOPE_DESCRIPTIONS, listApiTokens, scopesForRole } from "@/lib/auth/api-tokens";
import { requireCustomer } from "@/lib/auth/guards";
import { formatDate, formatDateTime } from "@/lib/format/dates";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  const actor = await requireCustomer();
  const tokens = await listApiTokens(actor.userId);
  return (
    <div className="grid gap-6">
      <PageHeader title="Account" description="Your profile, sign-in details and security." />
      <AccountNav />
      <Card as="section" aria-labelledby="tokens-title">
        <CardHeader>
          <CardTitle id="tokens-title">API tokens</CardTitle>
          <CardDescription>Personal tokens for the Skyport REST API. Each is shown once; we keep only a fingerprint.</CardDescription>
        </CardHeader>
        <CardContent>
          <ApiTokenManager
            scopes={scopesForRole(actor.role).map((s) => ({ value: s, label: API_SCOPE_DESCRIPTIONS[s] }))}
            tokens={tokens.map((t) => ({
              id: t.id,
              name: t.name,
              scopes: t.scopes,
              last4: t.last4,
              created: formatDate(t.createdAt),
              expires: t.expiresAt ? formatDate(t.expiresAt) : "Never",
              lastUsed: t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Never",
              revoked: Boolean(t.revokedAt),
            }))}
          />
        </CardContent>
      </Card>
    </div>
  );
}
