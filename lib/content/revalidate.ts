import "server-only";
/**
 * Expiring cached content after a change. Inside a request (server action, route handler) Next's
 * revalidateTag/revalidatePath do it directly. A job (scheduled publishing) runs outside any request, where Next
 * refuses to revalidate, so it asks the web server to do it through a signed POST to /api/content/revalidate
 * (which also reaches the web server when workers run as their own processes).
 *
 * Tags are expired at once (`{ expire: 0 }`) rather than served stale once (`"max"`): a page unpublished for a
 * legal reason, or a post an editor just published, must not be shown in its old state to the next visitor.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { serverEnv } from "@/lib/env";

export interface ContentChange {
  tags: string[];
  /** Public paths whose rendered output depends on the change. */
  paths: string[];
}

export type ContentRevalidator = (change: ContentChange) => Promise<void>;

const REVALIDATE_PATH = "/api/content/revalidate";
const MAX_SKEW_MS = 5 * 60_000;

function signingKey(): Buffer {
  return createHmac("sha256", serverEnv().AUTH_SECRET).update("skyport:content-revalidate").digest();
}

export function signRevalidation(body: string): string {
  return createHmac("sha256", signingKey()).update(body).digest("hex");
}

/** Parses and authenticates a revalidation request body; null when the signature or timestamp is wrong. */
export function verifyRevalidation(body: string, signature: string | null, now = Date.now()): ContentChange | null {
  if (!signature || !/^[0-9a-f]{64}$/.test(signature)) return null;
  const expected = Buffer.from(signRevalidation(body), "hex");
  if (!timingSafeEqual(expected, Buffer.from(signature, "hex"))) return null;
  try {
    const parsed = JSON.parse(body) as { tags?: unknown; paths?: unknown; at?: unknown };
    if (typeof parsed.at !== "number" || Math.abs(now - parsed.at) > MAX_SKEW_MS) return null;
    const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x.length <= 256).slice(0, 200) : []);
    return { tags: strings(parsed.tags), paths: strings(parsed.paths).filter((p) => p.startsWith("/")) };
  } catch {
    return null;
  }
}

/** Expires tags and paths in this process; throws outside a request scope. */
export async function revalidateInRequest(change: ContentChange): Promise<void> {
  const { revalidatePath, revalidateTag } = await import("next/cache");
  for (const tag of new Set(change.tags)) revalidateTag(tag, { expire: 0 });
  for (const path of new Set(change.paths)) revalidatePath(path);
}

async function revalidateOverHttp(change: ContentChange): Promise<void> {
  const body = JSON.stringify({ ...change, at: Date.now() });
  const response = await fetch(new URL(REVALIDATE_PATH, serverEnv().APP_URL), {
    method: "POST",
    headers: { "content-type": "application/json", "x-skyport-signature": signRevalidation(body) },
    body,
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new Error(`revalidation hook answered ${response.status}`);
}

const defaultRevalidator: ContentRevalidator = async (change) => {
  try {
    await revalidateInRequest(change);
  } catch {
    try {
      await revalidateOverHttp(change);
    } catch (error) {
      // The content itself is saved; cached copies expire on their own (lib/content/cached.ts sets a ceiling).
      console.warn(`[content] could not revalidate ${change.tags.join(", ")}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
};

let current: ContentRevalidator = defaultRevalidator;

/** Tests swap in a recorder; null restores the default. */
export function setContentRevalidator(revalidator: ContentRevalidator | null): void {
  current = revalidator ?? defaultRevalidator;
}

export function revalidateContent(change: ContentChange): Promise<void> {
  if (!change.tags.length && !change.paths.length) return Promise.resolve();
  return current(change);
}
