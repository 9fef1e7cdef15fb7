import "server-only";
/** VPN housekeeping and cross-database follow-ups (registered in lib/jobs/registry.ts, scheduled in lib/jobs/schedules.ts). */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { pruneHealthSamples } from "./admin";
import { syncEntitlementEmail } from "./entitlements";

// Customer notices queued in the vpn database's outbox (lib/vpn/notify.ts).
export { vpnNoticeJob } from "./notify";

const DAY_MS = 24 * 60 * 60_000;

/** Agents report every few seconds; a month of samples is plenty for the status page and the dashboard. */
export const pruneHealthSamplesJob = defineJob(
  "vpn.health-samples.prune",
  z.object({ keepDays: z.number().int().positive().default(30) }),
  async ({ keepDays }, ctx) => {
    const deleted = await pruneHealthSamples(new Date(ctx.now().getTime() - keepDays * DAY_MS));
    ctx.logger.info("vpn health samples pruned", { deleted });
    return { deleted };
  },
);

/**
 * The VIP rule matches the customer's email, which lives in identity: an email change enqueues this job in the
 * identity queue in the same transaction as the change, so the VPN copy follows even if the vpn database was
 * down at that moment. Setting the same email again is a no-op, so re-runs are harmless.
 */
export const syncEntitlementEmailJob = defineJob(
  "vpn.entitlement-email.sync",
  z.object({ userId: z.string().min(1), email: z.string().min(3) }),
  async ({ userId, email }) => {
    await syncEntitlementEmail(userId, email);
    return { userId };
  },
);
