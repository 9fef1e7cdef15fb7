import "server-only";
/**
 * The EU VIES REST API client (https://ec.europa.eu/taxation_customs/vies/rest-api, POST /check-vat-number with
 * `{ countryCode, vatNumber }`; the answer carries `valid`, `name`, `address`, `requestDate`). The base URL comes
 * from VIES_API_BASE, so tests point it at a local stand-in speaking the same shape.
 *
 * VIES is often down per member state (MS_UNAVAILABLE, TIMEOUT, SERVICE_UNAVAILABLE…): any such answer, a non-2xx
 * status, a network error or a slow answer (5 s) is "not reachable" (null), which callers record as "unverified"
 * and re-check later (`billing.vies-recheck`). Answers are cached for 10 minutes per number, because the checkout
 * quote asks on every change of the cart.
 */
import { serverEnv } from "@/lib/env";
import type { ViesLookup } from "./tax";

const CACHE_MS = 10 * 60_000;
/**
 * Answers are kept for CACHE_MS, at most VIES_CACHE_MAX of them: the numbers come from whoever types at checkout, so
 * without a bound a long-running server would keep every one it was ever asked (issue #9: unbounded caches).
 */
export const VIES_CACHE_MAX = 5_000;
const cache = new Map<string, { at: number; answer: { valid: boolean; name?: string } }>();

function remember(key: string, answer: { valid: boolean; name?: string }): void {
  // Re-inserted at the end, so the map's order stays oldest first.
  cache.delete(key);
  if (cache.size >= VIES_CACHE_MAX) {
    const now = Date.now();
    for (const [k, entry] of cache) {
      if (now - entry.at < CACHE_MS && cache.size < VIES_CACHE_MAX) break;
      cache.delete(k);
    }
  }
  cache.set(key, { at: Date.now(), answer });
}

interface ViesResponse {
  valid?: boolean;
  name?: string;
  actionSucceed?: boolean;
  errorWrappers?: Array<{ error?: string; message?: string }>;
}

export function createViesLookup(baseUrl: string, options: { timeoutMs?: number; fetch?: typeof fetch } = {}): ViesLookup {
  const endpoint = `${baseUrl.replace(/\/+$/, "")}/check-vat-number`;
  const doFetch = options.fetch ?? fetch;
  return async (prefix, number) => {
    const key = `${endpoint}|${prefix}${number}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.answer;
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ countryCode: prefix, vatNumber: number }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
    } catch {
      return null;
    }
    if (!response.ok) return null;
    let body: ViesResponse;
    try {
      body = (await response.json()) as ViesResponse;
    } catch {
      return null;
    }
    if (body.actionSucceed === false || body.errorWrappers?.length || typeof body.valid !== "boolean") return null;
    const name = body.name && body.name.trim() && body.name.trim() !== "---" ? body.name.trim() : undefined;
    const answer = { valid: body.valid, ...(name ? { name } : {}) };
    remember(key, answer);
    return answer;
  };
}

/** The configured lookup (null when VIES_API_BASE is unset: format-only checks). */
export function configuredViesLookup(): ViesLookup | null {
  const base = serverEnv().VIES_API_BASE;
  return base ? createViesLookup(base) : null;
}

/** How many answers are kept (for tests). */
export function viesCacheSize(): number {
  return cache.size;
}

/** For tests that switch stand-ins. */
export function clearViesCache(): void {
  cache.clear();
}
