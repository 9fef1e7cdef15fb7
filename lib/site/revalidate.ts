import "server-only";
import { revalidateTag } from "next/cache";
import type { SiteTag } from "./tags";

/**
 * Expires the cached pages and data carrying these tags at once (not stale-while-revalidate): the next visitor
 * after an admin saves sees the change. Call it after the transaction committed. Outside a request (scripts,
 * tests) there is no page cache to expire, so it is a no-op there.
 */
export function revalidateSite(...tags: SiteTag[]): void {
  for (const tag of tags) {
    try {
      revalidateTag(tag, { expire: 0 });
    } catch (error) {
      if (!(error instanceof Error && error.message.includes("static generation store missing"))) throw error;
    }
  }
}
