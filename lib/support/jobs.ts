import "server-only";
/**
 * Support jobs. lib/jobs/registry.ts imports this file. Handlers import their modules lazily: tickets.ts imports
 * this file to enqueue the notification job, and the handlers import tickets.ts's neighbours.
 */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

/** Enqueued with every public message (uniqueKey `ticket-message:<id>`): emails the customer and/or the assignee. */
export const notifyMessageJob = defineJob("support.notify-message", z.object({ messageId: z.string().min(1) }), async ({ messageId }) => {
  const { sendMessageNotifications } = await import("./notify");
  return sendMessageNotifications(messageId);
});

/** Scheduled every 5 minutes: flags SLA breaches and tells the assignee. Idempotent (each flag is set once). */
export const slaSweepJob = defineJob("support.sla-sweep", z.object({}).passthrough(), async (_payload, ctx) => {
  const { runSlaSweep } = await import("./automation");
  return runSlaSweep(ctx.now());
});

/** Scheduled hourly: warns, then closes, tickets left awaiting the customer. Idempotent. */
export const autoCloseJob = defineJob("support.auto-close", z.object({}).passthrough(), async (_payload, ctx) => {
  const { runAutoClose } = await import("./automation");
  return runAutoClose(ctx.now());
});
