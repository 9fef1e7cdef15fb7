import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { AgentTokenPanel, ServerForm } from "@/components/vpn/admin-forms";
import { formatBytes } from "@/components/vpn/format";
import { requireStaff } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/format/dates";
import { listServersAdmin, serverHealthHistory } from "@/lib/vpn/admin";
import { getVpnSettings } from "@/lib/vpn/settings";
import { serverPeers } from "@/lib/vpn/agent-api";

export const metadata: Metadata = { title: "VPN server" };

export default async function VpnServerPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff("vpn.servers.write");
  const { id } = await params;
  const server = (await listServersAdmin()).find((s) => s.id === id);
  if (!server) notFound();
  const [health, peers, { offlineAfterMs }] = await Promise.all([serverHealthHistory(id, { limit: 50 }), serverPeers(id), getVpnSettings()]);
  // The page renders per request (it reads the session), so "now" is the request time.
  const now = Date.now();
  const lastContact = server.sync.lastReportAt ?? server.sync.lastFetchAt;
  const silentFor = lastContact ? now - lastContact.getTime() : null;
  return (
    <div className="grid gap-6">
      <PageHeader
        title={server.name}
        description={
          <>
            <Link href="/admin/vpn-servers" className="text-brand hover:underline">
              VPN servers
            </Link>{" "}
            · {server.slug} · {server.endpointHost}:{server.endpointPort}
          </>
        }
        actions={
          <Badge tone={!server.active ? "neutral" : server.status === "online" ? "success" : "danger"} dot data-testid="server-status">
            {!server.active ? "Inactive" : server.status === "online" ? "Online" : "Offline"}
          </Badge>
        }
      />
      <Card as="section" aria-labelledby="agent-title">
        <CardHeader>
          <CardTitle id="agent-title">Agent</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-3">
          <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
            <div>
              <dt className="text-xs text-muted">Token</dt>
              <dd>{server.hasAgentToken ? `…${server.agentTokenLast4 ?? ""}` : "None"}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Serial (applied)</dt>
              <dd className="tabular-nums">
                {server.sync.desiredSerial} ({server.sync.appliedSerial})
              </dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Last report</dt>
              <dd>{formatDateTime(server.sync.lastReportAt)}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Agent version</dt>
              <dd>{server.sync.agentVersion ?? "—"}</dd>
            </div>
          </dl>
          {server.sync.lastError && <p className="text-sm text-danger">Last error: {server.sync.lastError}</p>}
          <div data-testid="agent-state" className="grid gap-3">
            {!server.active ? (
              <Alert tone="info" title="This location is inactive">
                Its agent is told so and carries no peers; customers cannot download configs for it. Tick “Active” below to serve them again.
              </Alert>
            ) : silentFor === null ? (
              <Alert tone="warning" title="The agent has not contacted the control plane yet">
                Issue a token and start the agent on the server (<code>npm run vpn-agent</code>).
              </Alert>
            ) : silentFor >= offlineAfterMs ? (
              <Alert tone="danger" title={`No contact from the agent for ${formatDuration(silentFor)}`}>
                Last contact {formatDateTime(lastContact)}. The agent stopped, lost its network, or its token is refused; the location shows offline on the
                storefront.
              </Alert>
            ) : null}
            {server.sync.lastRejectedAt && (
              <Alert tone="warning" title="An agent is using a revoked or replaced token">
                Refused {server.sync.rejectedCount} {server.sync.rejectedCount === 1 ? "time" : "times"}, last at {formatDateTime(server.sync.lastRejectedAt)}. It applies
                nothing until it is given this location&apos;s current token (or is stopped).
              </Alert>
            )}
          </div>
          <AgentTokenPanel serverId={server.id} hasToken={server.hasAgentToken} />
        </CardContent>
      </Card>
      <Card as="section" aria-labelledby="peers-title">
        <CardHeader>
          <CardTitle id="peers-title">Peers it carries ({peers.length})</CardTitle>
        </CardHeader>
        <CardContent className="overflow-x-auto">
          {peers.length === 0 ? (
            <p className="text-sm text-muted">No peers.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="text-xs text-muted uppercase">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">Public key</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Address</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Last handshake</th>
                  <th scope="col" className="py-2 font-medium">Received / sent</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {peers.map((p) => (
                  <tr key={p.deviceId}>
                    <td className="py-2 pr-4 font-mono text-xs break-all">{p.publicKey}</td>
                    <td className="py-2 pr-4">{p.ipv4}</td>
                    <td className="py-2 pr-4 whitespace-nowrap">{formatDateTime(p.lastHandshakeAt)}</td>
                    <td className="py-2 tabular-nums">
                      {formatBytes(p.rxBytes)} / {formatBytes(p.txBytes)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </CardContent>
      </Card>
      <Card as="section" aria-labelledby="health-title">
        <CardHeader>
          <CardTitle id="health-title">Health history</CardTitle>
        </CardHeader>
        <CardContent className="overflow-x-auto">
          {health.length === 0 ? (
            <p className="text-sm text-muted">No reports yet.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="text-xs text-muted uppercase">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">Time</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Peers (active)</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Load</th>
                  <th scope="col" className="py-2 font-medium">Error</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {health.map((h) => (
                  <tr key={h.id}>
                    <td className="py-2 pr-4 whitespace-nowrap">{formatDateTime(h.sampledAt)}</td>
                    <td className="py-2 pr-4 tabular-nums">
                      {h.peerCount} ({h.activePeers})
                    </td>
                    <td className="py-2 pr-4 tabular-nums">{(h.loadPermille / 10).toFixed(1)}%</td>
                    <td className="py-2 text-muted">{h.error ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </CardContent>
      </Card>
      <Card as="section" aria-labelledby="edit-title">
        <CardHeader>
          <CardTitle id="edit-title">Edit location</CardTitle>
        </CardHeader>
        <CardContent>
          <ServerForm
            initial={{
              id: server.id,
              slug: server.slug,
              name: server.name,
              countryCode: server.countryCode,
              city: server.city,
              description: server.description ?? "",
              endpointHost: server.endpointHost,
              endpointPort: server.endpointPort,
              publicKey: server.publicKey,
              accessLevel: server.accessLevel,
              capacity: server.capacity,
              active: server.active,
              provider: server.provider ?? "",
              monthlyCost: server.monthlyCost == null ? "" : (server.monthlyCost / 100).toFixed(2),
              monthlyCostCurrency: server.monthlyCostCurrency ?? "EUR",
            }}
          />
        </CardContent>
      </Card>
    </div>
  );
}

/** "45 s", "7 min", "3 h", "2 d": how long an agent has been silent. */
function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}
