import { MapPin } from "lucide-react";
import type { Metadata } from "next";
import { connection } from "next/server";
import { Suspense } from "react";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { listPublicLocations, type LocationView } from "@/lib/vpn/locations";

export const metadata: Metadata = {
  title: "VPN locations",
  description: "Every Skyport VPN location with its live status and load, and the one we recommend right now.",
};

/** The list is read at request time: status comes from the agents' last reports, so it must never be cached. */
async function LocationList() {
  await connection();
  let locations: LocationView[];
  try {
    locations = await listPublicLocations();
  } catch {
    return (
      <p className="rounded-lg border border-border p-6 text-muted" role="status">
        Live status is unavailable right now. Please try again in a minute.
      </p>
    );
  }
  if (locations.length === 0) return <p className="text-muted">No locations are open yet.</p>;
  const recommended = locations.find((l) => l.recommended);
  return (
    <>
      {recommended && (
        <p className="mb-6 rounded-lg border border-border bg-bg-subtle p-4 text-fg" data-testid="recommended-location">
          Recommended right now: <strong>{recommended.name}</strong> ({recommended.city}) — online with the most room.
        </p>
      )}
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {locations.map((l) => {
          const load = Math.round(l.loadPermille / 10);
          return (
            <li key={l.id} className="rounded-xl border border-border p-5" data-testid="location">
              <div className="flex items-start justify-between gap-2">
                <div>
                  <h2 className="flex items-center gap-1.5 font-semibold text-fg">
                    <MapPin aria-hidden="true" className="size-4 text-brand" />
                    {l.name}
                  </h2>
                  <p className="text-sm text-muted">
                    {l.city}, {l.countryCode}
                  </p>
                </div>
                <Badge tone={l.status === "online" ? "success" : "danger"} dot>
                  {l.status === "online" ? "Online" : "Offline"}
                </Badge>
              </div>
              {l.description && <p className="mt-3 text-sm text-muted">{l.description}</p>}
              <div className="mt-4">
                <div className="flex justify-between text-xs text-muted">
                  <span>Load</span>
                  <span>{l.status === "online" ? `${load}%` : "—"}</span>
                </div>
                <div className="mt-1 h-2 rounded-full bg-bg-subtle" role="img" aria-label={`Load ${load}%`}>
                  <div className="h-2 rounded-full bg-brand" style={{ width: `${l.status === "online" ? Math.min(100, load) : 0}%` }} />
                </div>
              </div>
              {l.recommended && (
                <p className="mt-3">
                  <Badge tone="brand">Recommended</Badge>
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

export default function LocationsPage() {
  return (
    <div className="mx-auto max-w-6xl px-4 py-14 sm:px-6 sm:py-20">
      <header className="max-w-2xl">
        <p className="text-sm font-semibold tracking-wide text-brand uppercase">Locations</p>
        <h1 className="mt-3 text-4xl font-semibold tracking-tight text-fg sm:text-5xl">Where you can connect</h1>
        <p className="mt-4 text-lg text-muted">
          Every plan includes every location below. Status and load are live from each server&apos;s last report.
        </p>
      </header>
      <div className="mt-12">
        <Suspense fallback={<Skeleton className="h-64 w-full rounded-xl" />}>
          <LocationList />
        </Suspense>
      </div>
      <div className="mt-12">
        <ButtonLink href="/vpn">See plans</ButtonLink>
      </div>
    </div>
  );
}
