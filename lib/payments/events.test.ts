import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { gatewayEvents, reconciliationFlags } from "@/db/billing/schema";
import { setupBillingDatabases } from "@/lib/billing/__fixtures__/setup";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { processVerifiedEvent, type SettleEvent } from "./events";

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
