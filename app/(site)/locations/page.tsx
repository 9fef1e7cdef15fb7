import type { Metadata } from "next";
import { LiveLocations } from "@/components/site/live-locations";
import { ButtonLink } from "@/components/ui/button-link";
import { cachedLocationTeasers } from "@/lib/site/cached";

export const metadata: Metadata = {
  title: "VPN locations",
  description: "Every Skyport VPN location with its live status and load, and the one we recommend right now.",
  alternates: { canonical: "/locations" },
};

/**
 * Static and cached (tag site:locations, revalidated when an admin adds or edits a server). Status and load change
 * by the minute and go stale without any event (a server that stops reporting), so they are not in the cached
 * HTML: the small LiveLocations island reads them from /api/site/locations.
 */
export default async function LocationsPage() {
  const locations = await cachedLocationTeasers();
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
        {locations.length === 0 ? <p className="text-muted">No locations are open yet.</p> : <LiveLocations locations={locations} />}
      </div>
      <div className="mt-12">
        <ButtonLink href="/pricing">See plans</ButtonLink>
      </div>
    </div>
  );
}
