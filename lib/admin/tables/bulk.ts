import "server-only";
/**
 * Bulk actions from a table's selection: at most one page of ids, each handled by the same service a single
 * action uses (so each change writes its own audit row in its own transaction). A row the service refuses (wrong
 * state) is skipped and counted, not fatal: the others still go through, and the result says how many of each.
 */
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { parseForm } from "@/lib/actions";
import { MAX_PAGE_SIZE } from "./url-state";

export function bulkInputSchema<A extends readonly [string, ...string[]]>(actions: A, idPattern: RegExp = /^[0-9a-f-]{36}$/) {
  return z.object({
    action: z.enum(actions, { error: "Unknown bulk action." }),
    ids: z
      .array(z.string().regex(idPattern, "Not a row id."))
      .min(1, "Select at least one row.")
      .max(MAX_PAGE_SIZE, `Select at most ${MAX_PAGE_SIZE} rows.`)
      .transform((ids) => [...new Set(ids)]),
  });
}

export function parseBulkForm<A extends readonly [string, ...string[]]>(formData: FormData, actions: A, idPattern?: RegExp) {
  return parseForm(bulkInputSchema(actions, idPattern), { action: formData.get("action"), ids: formData.getAll("ids").map(String) });
}

export interface BulkOutcome {
  count: number;
  skipped: number;
  message: string;
}

/** Runs `fn` for each id; AppErrors (conflicts, not found) skip that row, anything else aborts. */
export async function forEachSelected(ids: string[], fn: (id: string) => Promise<unknown>, describe: (done: number) => string): Promise<BulkOutcome> {
  let count = 0;
  let skipped = 0;
  for (const id of ids) {
    try {
      await fn(id);
      count++;
    } catch (error) {
      if (error instanceof AppError && error.code !== "FORBIDDEN" && error.code !== "UNAUTHENTICATED") skipped++;
      else throw error;
    }
  }
  return { count, skipped, message: `${describe(count)}${skipped ? ` ${skipped} skipped (not in a state that allows it).` : ""}` };
}
