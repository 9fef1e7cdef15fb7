import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { gatewayEvents, reconciliationFlags } from "@/db/billing/schema";
import { setupBillingDatabases } from "@/lib/billing/__fixtures__/setup";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { claimGatewayEvent, processVerifiedEvent, STALE_AFTER_MS, type SettleEvent } from "./events";

let temp: TempDatabases;
beforeAll(async () => {
  temp = await setupBillingDatabases({ seed: false });
});
afterAll(() => temp.cleanup());

const eventRow = async (eventId: string) =>
  (await billingDb().select({ status: gatewayEvents.status, error: gatewayEvents.error }).from(gatewayEvents).where(eq(gatewayEvents.eventId, eventId)))[0];
const flagCount = async (ref: string) => (await billingDb().select({ id: reconciliationFlags.id }).from(reconciliationFlags).where(eq(reconciliationFlags.gatewayRef, ref))).length;

/** A handler that writes one row in its own transaction and settles the event there, like the payment handlers. */
function writingHandler(ref: string, options: { failAfterSettle?: boolean; seen?: Array<string | undefined> } = {}) {
  return async (_event: unknown, settle: SettleEvent) => {
    const outcome = await billingDb().transaction(async (tx) => {
      await tx.insert(reconciliationFlags).values({ gateway: "stripe", gatewayRef: ref, kind: "missing_locally", details: {} });
      await settle(tx, { note: "written" });
      // Another connection does not see the mark before the effects commit.
      options.seen?.push((await eventRow(ref))?.status);
      if (options.failAfterSettle) throw new Error("crashed before commit");
      return { note: "written" };
    });
    // The moment the effects are committed, the event reads as processed.
    options.seen?.push((await eventRow(ref))?.status);
    return outcome;
  };
}

describe("processVerifiedEvent", () => {
  it("commits a handler's effects and the event's processed mark together", async () => {
    const seen: Array<string | undefined> = [];
    const result = await processVerifiedEvent({
      gateway: "stripe",
      eventId: "evt_atomic",
      type: "test.write",
      payload: {},
      event: {},
      handlers: { "test.write": writingHandler("evt_atomic", { seen }) },
    });
    expect(result.status).toBe(200);
    expect(seen).toEqual(["processing", "processed"]);
    expect(await flagCount("evt_atomic")).toBe(1);
  });

  it("rolls the mark back with the effects when the handler's transaction fails, so the next delivery retries", async () => {
    const first = await processVerifiedEvent({
      gateway: "stripe",
      eventId: "evt_rollback",
      type: "test.write",
      payload: {},
      event: {},
      handlers: { "test.write": writingHandler("evt_rollback", { failAfterSettle: true }) },
    });
    expect(first.status).toBe(500);
    expect(await eventRow("evt_rollback")).toMatchObject({ status: "failed", error: "crashed before commit" });
    expect(await flagCount("evt_rollback")).toBe(0);

    const retry = await processVerifiedEvent({
      gateway: "stripe",
      eventId: "evt_rollback",
      type: "test.write",
      payload: {},
      event: {},
      handlers: { "test.write": writingHandler("evt_rollback") },
    });
    expect(retry.status).toBe(200);
    expect(await eventRow("evt_rollback")).toMatchObject({ status: "processed" });
    expect(await flagCount("evt_rollback")).toBe(1);
  });

  it("marks handlers that do not settle themselves after they return", async () => {
    const result = await processVerifiedEvent({
      gateway: "stripe",
      eventId: "evt_plain",
      type: "test.plain",
      payload: {},
      event: {},
      handlers: { "test.plain": async () => ({ note: "nothing to do" }) },
    });
    expect(result.status).toBe(200);
    expect(await eventRow("evt_plain")).toMatchObject({ status: "processed", error: "nothing to do" });
  });
});

function deliver(eventId: string, handler: () => Promise<object>, now?: Date) {
  return processVerifiedEvent({
    gateway: "stripe",
    eventId,
    type: "payment_intent.succeeded",
    payload: { id: eventId },
    event: { id: eventId },
    handlers: { "payment_intent.succeeded": handler },
    now,
  });
}

describe("processVerifiedEvent after a crash (reliability/crash-webhooks.ts found this)", () => {
  it("does not acknowledge an event another process claimed and never finished; takes it over once stale", async () => {
    // A process claimed the event and was killed before its handler committed anything.
    const t0 = new Date();
    const claimed = await claimGatewayEvent({ gateway: "stripe", eventId: "evt_orphan", type: "payment_intent.succeeded", payload: {} }, t0);
    expect(claimed.claimed).toBe(true);
    let runs = 0;
    const handler = async () => {
      runs++;
      return { note: "applied" };
    };
    // The gateway redelivers: a 200 here would end its retries with nothing applied.
    const early = await deliver("evt_orphan", handler, new Date(t0.getTime() + 1000));
    expect(early.status).toBe(409);
    expect(runs).toBe(0);
    // A later retry, once the claim is stale, takes the event over and applies it.
    const later = await deliver("evt_orphan", handler, new Date(t0.getTime() + STALE_AFTER_MS + 1000));
    expect(later).toMatchObject({ status: 200, body: { received: true } });
    expect(runs).toBe(1);
    const [row] = await billingDb().select().from(gatewayEvents).where(eq(gatewayEvents.eventId, "evt_orphan"));
    expect(row).toMatchObject({ status: "processed", attempts: 2 });
    // From now on it is an ordinary duplicate.
    expect((await deliver("evt_orphan", handler)).body).toMatchObject({ duplicate: true });
    expect(runs).toBe(1);
  });

  it("still answers 200 to concurrent duplicates within one process, running the handler once", async () => {
    let runs = 0;
    const handler = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 50));
      return {};
    };
    const answers = await Promise.all(Array.from({ length: 5 }, () => deliver("evt_concurrent", handler)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.filter((a) => a.body.duplicate)).toHaveLength(4);
    expect(runs).toBe(1);
  });
});
