import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { gatewayEvents } from "@/db/billing/schema";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { claimGatewayEvent, processVerifiedEvent, STALE_AFTER_MS } from "./events";

let temp: TempDatabases;
beforeAll(async () => {
  temp = await useTempDatabases();
});
afterAll(() => temp.cleanup());

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
