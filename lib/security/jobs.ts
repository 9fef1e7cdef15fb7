import "server-only";
/** Housekeeping of the security tables (registered in lib/jobs/registry.ts, scheduled in lib/jobs/schedules.ts). */
import { z } from "zod";
import { pruneEmailTokens } from "@/lib/auth/email-tokens";
import { pruneAuthEvents } from "@/lib/auth/events";
import { defineJob } from "@/lib/jobs/define";
import { pruneRateLimits } from "./rate-limit";

/** Old fixed-window counters are useless once their window has passed; deleting them is naturally idempotent. */
export const pruneRateLimitsJob = defineJob("identity.rate-limits.prune", z.object({}), async (_payload, ctx) => {
  const deleted = await pruneRateLimits(ctx.now());
  ctx.logger.info("rate limits pruned", { deleted });
  return { deleted };
});

/** Email links that expired or were used more than a week ago only hold hashes nobody can use; drop them. */
export const pruneEmailTokensJob = defineJob(
  "identity.email-tokens.prune",
  z.object({ olderThanDays: z.number().int().positive().default(7) }),
  async ({ olderThanDays }, ctx) => {
    const deleted = await pruneEmailTokens(ctx.now(), olderThanDays * 24 * 60 * 60_000);
    ctx.logger.info("email tokens pruned", { deleted });
    return { deleted };
  },
);

/** Sign-in history older than the retention period (a year by default) is deleted; see pruneAuthEvents. */
export const pruneAuthEventsJob = defineJob(
  "identity.auth-events.prune",
  z.object({ keepDays: z.number().int().positive().default(365) }),
  async ({ keepDays }, ctx) => {
    const deleted = await pruneAuthEvents(ctx.now(), keepDays * 24 * 60 * 60_000);
    ctx.logger.info("auth events pruned", { deleted });
    return { deleted };
  },
);
