import "server-only";
/** Short human ticket numbers (T-1001, T-1002, …) from a counter bumped in the ticket's own transaction. */
import { sql } from "drizzle-orm";
import { sequences } from "@/db/support/schema";
import type { SupportExecutor } from "./db";

const FIRST = 1001;

export async function nextTicketNumber(tx: SupportExecutor): Promise<string> {
  const [row] = await tx
    .insert(sequences)
    .values({ name: "ticket", lastValue: FIRST })
    .onConflictDoUpdate({ target: sequences.name, set: { lastValue: sql`${sequences.lastValue} + 1` } })
    .returning({ value: sequences.lastValue });
  return formatTicketNumber(row!.value);
}

export const formatTicketNumber = (n: number) => `T-${n}`;

/** Accepts what people type or paste: "T-1001", "t1001", "#1001", "1001". Returns the canonical form or null. */
export function parseTicketNumber(input: string): string | null {
  const match = /^\s*(?:#|t-?)?(\d{1,9})\s*$/i.exec(input);
  return match ? formatTicketNumber(Number(match[1])) : null;
}
