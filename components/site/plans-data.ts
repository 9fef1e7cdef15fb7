import "server-only";
import { connection } from "next/server";
import { describeDatabaseError } from "@/db/connection";
import { listVpnPlans, type VpnPlan } from "@/lib/catalogue/queries";
import { databaseConfig } from "@/lib/env";

/** One line naming the database and the reason (missing directory, locked, unreachable…). */
function explain(error: unknown): string {
  try {
    return describeDatabaseError(databaseConfig("billing"), error).message;
  } catch {
    // The environment itself is invalid; its own message says which variable.
    return error instanceof Error ? error.message : String(error);
  }
}

export type PlansResult = { ok: true; plans: VpnPlan[] } | { ok: false };

/**
 * Reads the plans at request time (connection() keeps `next build` from needing a database) and turns a
 * database failure into a state the page can show, instead of an error page for the whole storefront.
 */
export async function loadVpnPlans(currency = "USD"): Promise<PlansResult> {
  await connection();
  try {
    return { ok: true, plans: await listVpnPlans(currency) };
  } catch (error) {
    console.error(`[storefront] could not load VPN plans: ${explain(error)}`);
    return { ok: false };
  }
}
