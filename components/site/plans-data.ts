import "server-only";
import { cachedVpnPlans } from "@/lib/site/cached";
import type { VpnPlan } from "@/lib/catalogue/queries";

export type PlansResult = { ok: true; plans: VpnPlan[] };

/**
 * The VPN plans for the storefront, from the page cache (tag site:catalogue: a price or plan saved in admin
 * revalidates every page showing them). A database failure throws to the error page, which is never cached,
 * instead of caching an "unavailable" page.
 */
export async function loadVpnPlans(currency = "USD"): Promise<PlansResult> {
  return { ok: true, plans: await cachedVpnPlans(currency) };
}
