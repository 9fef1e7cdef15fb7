"use client";

import { MapPin } from "lucide-react";
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";

interface Location {
  slug: string;
  name: string;
  city: string;
  countryCode: string;
  description: string | null;
}

interface Live {
  slug: string;
  status: "online" | "offline";
  loadPermille: number;
  recommended: boolean;
}

const REFRESH_MS = 30_000;

/**
 * The live part of the cached locations page: names and cities come prerendered from the server; status, load and
 * the recommendation are fetched from /api/site/locations when the page opens and every 30 seconds.
 */
export function LiveLocations({ locations }: { locations: Location[] }) {
  const [live, setLive] = useState<Map<string, Live> | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let stop = false;
    const load = async () => {
      try {
        const response = await fetch("/api/site/locations", { cache: "no-store" });
        if (!response.ok) throw new Error(String(response.status));
        const rows = (await response.json()) as Live[];
        if (!stop) {
          setLive(new Map(rows.map((r) => [r.slug, r])));
          setFailed(false);
        }
      } catch {
        if (!stop) setFailed(true);
      }
    };
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, []);

  const recommended = locations.find((l) => live?.get(l.slug)?.recommended);

  return (
    <>
      <div aria-live="polite">
        {failed && (
          <p className="mb-6 rounded-lg border border-border p-4 text-muted" role="status">
            Live status is unavailable right now. Please try again in a minute.
          </p>
        )}
        {recommended && (
          <p className="mb-6 rounded-lg border border-border bg-bg-subtle p-4 text-fg" data-testid="recommended-location">
            Recommended right now: <strong>{recommended.name}</strong> ({recommended.city}) — online with the most room.
          </p>
        )}
      </div>
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {locations.map((l) => {
          const state = live?.get(l.slug);
          const online = state?.status === "online";
          const load = state ? Math.round(state.loadPermille / 10) : 0;
          return (
            <li key={l.slug} className="rounded-xl border border-border p-5" data-testid="location">
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
                {state ? (
                  <Badge tone={online ? "success" : "danger"} dot>
                    {online ? "Online" : "Offline"}
                  </Badge>
                ) : (
                  <Badge tone="neutral">{failed ? "Unknown" : "Checking…"}</Badge>
                )}
              </div>
              {l.description && <p className="mt-3 text-sm text-muted">{l.description}</p>}
              <div className="mt-4">
                <div className="flex justify-between text-xs text-muted">
                  <span>Load</span>
                  <span>{online ? `${load}%` : "—"}</span>
                </div>
                <div className="mt-1 h-2 rounded-full bg-bg-subtle" role="img" aria-label={online ? `Load ${load}%` : "Load unknown"}>
                  <div className="h-2 rounded-full bg-brand" style={{ width: `${online ? Math.min(100, load) : 0}%` }} />
                </div>
              </div>
              {state?.recommended && (
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
