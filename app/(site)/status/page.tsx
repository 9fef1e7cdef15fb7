import { CheckCircle2, MapPin, TriangleAlert, Wrench } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { Suspense } from "react";
import { AnnouncementList, MaintenanceList } from "@/components/support/notices";
import { Badge } from "@/components/ui/badge";
import { Skeleton } from "@/components/ui/skeleton";
import { formatDateTime } from "@/lib/format/dates";
import { getStatusPage } from "@/lib/support/status";

export const metadata: Metadata = {
  title: "Status",
  description: "Live health of every Skyport VPN location, planned maintenance and incident history.",
};

const OVERALL = {
  operational: { text: "All systems operational", tone: "success", Icon: CheckCircle2 },
  maintenance: { text: "Maintenance in progress", tone: "warning", Icon: Wrench },
  degraded: { text: "Some locations are down", tone: "warning", Icon: TriangleAlert },
  outage: { text: "Major outage", tone: "danger", Icon: TriangleAlert },
  unknown: { text: "Waiting for the first reports from our servers", tone: "warning", Icon: Wrench },
} as const;

const LOCATION = {
  online: { label: "Online", tone: "success" },
  offline: { label: "Offline", tone: "danger" },
  maintenance: { label: "Maintenance", tone: "warning" },
  unknown: { label: "Not reporting yet", tone: "neutral" },
} as const;

/** Read at request time: health comes from the agents' last reports and must never be cached. */
async function StatusBody() {
  await connection();
  let data: Awaited<ReturnType<typeof getStatusPage>>;
  try {
    data = await getStatusPage();
  } catch {
    return (
      <p className="rounded-lg border border-border p-6 text-muted" role="status">
        Live status is unavailable right now. Please try again in a minute.
      </p>
    );
  }
  const overall = OVERALL[data.overall];
  return (
    <div className="grid gap-12">
      <p className="flex items-center gap-3 rounded-xl border border-border bg-bg-subtle p-5 text-lg font-medium text-fg" data-testid="overall-status" role="status">
        <overall.Icon aria-hidden="true" className={overall.tone === "success" ? "size-6 text-success" : overall.tone === "danger" ? "size-6 text-danger" : "size-6 text-warning"} />
        {overall.text}
      </p>
      {data.announcements.length > 0 && (
        <section aria-labelledby="status-news">
          <h2 id="status-news" className="mb-4 text-xl font-semibold text-fg">
            Announcements
          </h2>
          <AnnouncementList items={data.announcements} />
        </section>
      )}
      <section aria-labelledby="status-maintenance">
        <h2 id="status-maintenance" className="mb-4 text-xl font-semibold text-fg">
          Maintenance
        </h2>
        {data.maintenance.length ? <MaintenanceList windows={data.maintenance} /> : <p className="text-muted">No maintenance is planned.</p>}
      </section>
      <section aria-labelledby="status-locations">
        <h2 id="status-locations" className="mb-4 text-xl font-semibold text-fg">
          VPN locations
        </h2>
        {data.locations.length === 0 ? (
          <p className="text-muted">No locations are open yet.</p>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {data.locations.map((l) => {
              const s = LOCATION[l.status];
              return (
                <li key={l.slug} className="rounded-xl border border-border p-4" data-testid="status-location" data-slug={l.slug}>
                  <div className="flex items-start justify-between gap-2">
                    <div>
                      <h3 className="flex items-center gap-1.5 font-semibold text-fg">
                        <MapPin aria-hidden="true" className="size-4 text-brand" />
                        {l.name}
                      </h3>
                      <p className="text-sm text-muted">
                        {l.city}, {l.countryCode}
                      </p>
                    </div>
                    <Badge tone={s.tone} dot>
                      {s.label}
                    </Badge>
                  </div>
                  <dl className="mt-3 grid grid-cols-2 gap-2 text-xs">
                    <div>
                      <dt className="text-muted">Uptime (24 h)</dt>
                      <dd className="text-fg tabular-nums">{l.uptimePermille == null ? "—" : `${(l.uptimePermille / 10).toFixed(1)}%`}</dd>
                    </div>
                    <div>
                      <dt className="text-muted">Last report</dt>
                      <dd className="text-fg tabular-nums">{l.lastSeenAt ? formatDateTime(l.lastSeenAt) : "never"}</dd>
                    </div>
                  </dl>
                  {l.maintenance && <p className="mt-2 text-xs text-warning">Maintenance: {l.maintenance.title}</p>}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section aria-labelledby="status-history">
        <h2 id="status-history" className="mb-4 text-xl font-semibold text-fg">
          Incident history (30 days)
        </h2>
        {data.history.length ? <MaintenanceList windows={data.history} /> : <p className="text-muted">No incidents or maintenance in the last 30 days.</p>}
      </section>
    </div>
  );
}

export default function StatusPage() {
  return (
    <div className="mx-auto max-w-6xl px-4 py-14 sm:px-6 sm:py-20">
      <header className="max-w-2xl">
        <p className="text-sm font-semibold tracking-wide text-brand uppercase">Status</p>
        <h1 className="mt-3 text-4xl font-semibold tracking-tight text-fg sm:text-5xl">Skyport status</h1>
        <p className="mt-4 text-lg text-muted">
          Live from each VPN server&apos;s agent, with planned work and past incidents. Something not covered here?{" "}
          <Link href="/contact" className="text-brand underline">
            Contact support
          </Link>
          .
        </p>
      </header>
      <div className="mt-12">
        <Suspense fallback={<Skeleton className="h-96 w-full rounded-xl" />}>
          <StatusBody />
        </Suspense>
      </div>
    </div>
  );
}
