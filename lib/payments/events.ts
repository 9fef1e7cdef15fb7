import "server-only";
/**
 * Inbound gateway events (webhooks): stored under a unique (gateway, event id) before anything acts on them, then
 * dispatched to the handler of their type. A duplicate delivery of an event that was processed (or is being
 * processed) is acknowledged without acting; one whose processing failed, or stalled for longer than
 * STALE_AFTER_MS, is taken up again (gateways retry for days).
 */
import { and, eq, inArray, lt, or, sql } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { gatewayEvents, type Gateway } from "@/db/billing/schema";
import type { BillingExecutor } from "@/lib/billing/db";

export const STALE_AFTER_MS = 5 * 60_000;

export interface EventOutcome {
  invoiceId?: string | null;
  paymentId?: string | null;
  /** Handlers that decide not to act (e.g. a checkout session not paid yet) say why. */
  note?: string;
}

/** What the flow needs of a stored event; the payload stays in the database (replays never read it back). */
export type StoredEvent = Pick<typeof gatewayEvents.$inferSelect, "id" | "status" | "receivedAt">;
const storedEventColumns = { id: gatewayEvents.id, status: gatewayEvents.status, receivedAt: gatewayEvents.receivedAt };

export type ClaimResult =
  | { claimed: true; event: StoredEvent }
  /** Already processed, ignored, or in progress elsewhere. */
  | { claimed: false; event: StoredEvent };

/** Stores the event (first delivery) or claims a failed/stalled one for another attempt. */
export async function claimGatewayEvent(
  input: { gateway: Gateway; eventId: string; type: string; payload: unknown },
  now: Date = new Date(),
): Promise<ClaimResult> {
  const db = billingDb();
  // Replays are the common case (gateways retry and duplicate): answer them from a read, without taking the write lock.
  const [known] = await db
    .select(storedEventColumns)
    .from(gatewayEvents)
    .where(and(eq(gatewayEvents.gateway, input.gateway), eq(gatewayEvents.eventId, input.eventId)))
    .limit(1);
  const stale = (e: StoredEvent) => e.status === "failed" || (["received", "processing"].includes(e.status) && e.receivedAt.getTime() < now.getTime() - STALE_AFTER_MS);
  if (known && !stale(known)) return { claimed: false, event: known };
  const [inserted] = await db
    .insert(gatewayEvents)
    .values({ gateway: input.gateway, eventId: input.eventId, type: input.type, payload: input.payload as object, status: "processing", attempts: 1, receivedAt: now })
    .onConflictDoNothing({ target: [gatewayEvents.gateway, gatewayEvents.eventId] })
    .returning(storedEventColumns);
  if (inserted) return { claimed: true, event: inserted };
  const staleBefore = new Date(now.getTime() - STALE_AFTER_MS);
  const [retaken] = await db
    .update(gatewayEvents)
    .set({ status: "processing", attempts: sql`${gatewayEvents.attempts} + 1`, error: null, receivedAt: now })
    .where(
      and(
        eq(gatewayEvents.gateway, input.gateway),
        eq(gatewayEvents.eventId, input.eventId),
        or(eq(gatewayEvents.status, "failed"), and(inArray(gatewayEvents.status, ["received", "processing"]), lt(gatewayEvents.receivedAt, staleBefore))),
      ),
    )
    .returning(storedEventColumns);
  if (retaken) return { claimed: true, event: retaken };
  const [existing] = await db
    .select(storedEventColumns)
    .from(gatewayEvents)
    .where(and(eq(gatewayEvents.gateway, input.gateway), eq(gatewayEvents.eventId, input.eventId)))
    .limit(1);
  return { claimed: false, event: existing! };
}

export async function finishGatewayEvent(
  id: string,
  result: { status: "processed" | "ignored" | "failed"; outcome?: EventOutcome; error?: string },
  now: Date = new Date(),
  executor: BillingExecutor = billingDb(),
): Promise<void> {
  await executor
    .update(gatewayEvents)
    .set({
      status: result.status,
      error: result.error ?? result.outcome?.note ?? null,
      invoiceId: result.outcome?.invoiceId ?? null,
      paymentId: result.outcome?.paymentId ?? null,
      processedAt: result.status === "failed" ? null : now,
    })
    .where(eq(gatewayEvents.id, id));
}

export type WebhookResponse = { status: number; body: Record<string, unknown> };

/**
 * Marks the event processed inside the handler's own transaction, so its effects and its "processed" mark commit
 * together: no window where a payment is recorded but the event still looks unfinished, and one commit (one
 * fsync under synchronous=FULL) fewer per event. Handlers that write in one transaction call it last, inside it;
 * for the others the flow marks the event after they return.
 */
export type SettleEvent = (tx: BillingExecutor, outcome: EventOutcome) => Promise<void>;

/**
 * Deliveries of one event are handled one after another within this process (a per-event queue), so a duplicate
 * that finds the event unfinished (`received`/`processing`) knows another process claimed it. That process may have
 * died mid-way (kill -9, OOM, deploy) with nothing applied: a 200 would make the gateway stop retrying an event
 * nobody will finish. It answers 409 instead; the gateway retries, and once the claim is STALE_AFTER_MS old the
 * retry takes it over (claimGatewayEvent).
 */
const eventQueues = new Map<string, Promise<void>>();

async function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = eventQueues.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
  eventQueues.set(key, mine);
  await previous;
  try {
    return await fn();
  } finally {
    release();
    if (eventQueues.get(key) === mine) eventQueues.delete(key);
  }
}

/**
 * The shared flow after verification: store/claim, allow-list, dispatch, record the outcome. A handler failure
 * answers 500 so the gateway delivers the event again.
 */
export async function processVerifiedEvent<E>(input: {
  gateway: Gateway;
  eventId: string;
  type: string;
  payload: unknown;
  event: E;
  handlers: Readonly<Record<string, (event: E, settle: SettleEvent) => Promise<EventOutcome>>>;
  now?: Date;
  log?: (message: string, fields: Record<string, unknown>) => void;
}): Promise<WebhookResponse> {
  const now = input.now ?? new Date();
  return oneAtATime(`${input.gateway}:${input.eventId}`, async () => {
    const claim = await claimGatewayEvent({ gateway: input.gateway, eventId: input.eventId, type: input.type, payload: input.payload }, now);
    if (claim.claimed) return dispatchClaimed(input, claim.event, now);
    if (claim.event.status === "received" || claim.event.status === "processing") {
      return { status: 409, body: { received: false, error: "this event is being processed elsewhere; retry later", status: claim.event.status } };
    }
    return { status: 200, body: { received: true, duplicate: true, status: claim.event.status } };
  });
}

async function dispatchClaimed<E>(
  input: Parameters<typeof processVerifiedEvent<E>>[0],
  stored: StoredEvent,
  now: Date,
): Promise<WebhookResponse> {
  const handler = Object.hasOwn(input.handlers, input.type) ? input.handlers[input.type] : undefined;
  if (!handler) {
    await finishGatewayEvent(stored.id, { status: "ignored", outcome: { note: `event type ${input.type} is not handled` } }, now);
    return { status: 200, body: { received: true, ignored: true } };
  }
  let settled = false;
  const settle: SettleEvent = async (tx, outcome) => {
    await finishGatewayEvent(stored.id, { status: "processed", outcome }, new Date(), tx);
    settled = true;
  };
  try {
    const outcome = await handler(input.event, settle);
    if (!settled) await finishGatewayEvent(stored.id, { status: "processed", outcome }, new Date());
    return { status: 200, body: { received: true } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishGatewayEvent(stored.id, { status: "failed", error: message }, new Date());
    input.log?.("webhook handler failed; the gateway will retry", { gateway: input.gateway, eventId: input.eventId, type: input.type, error: message });
    return { status: 500, body: { received: false, error: "processing failed; retry later" } };
  }
}
