import { listPublicLocations } from "@/lib/vpn/locations";

/**
 * Live status of the public VPN locations for the storefront's status island (app/(site)/locations). Public data
 * only (no VIP locations, no addresses or keys); never cached, since status is derived from the agents' last reports.
 */
export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const locations = await listPublicLocations();
    return Response.json(
      locations.map((l) => ({ slug: l.slug, status: l.status, loadPermille: l.loadPermille, recommended: l.recommended })),
      { headers: { "cache-control": "no-store" } },
    );
  } catch {
    return Response.json({ error: "Live status is unavailable right now." }, { status: 503, headers: { "cache-control": "no-store" } });
  }
}
