/** Job types used only by the tests (imported by the tests and by the child-process worker fixture). */
import { z } from "zod";
import { opsDb } from "@/db/ops/client";
import { notifications } from "@/db/ops/schema";
import { defineJob } from "../define";

/** Keeps a child process alive while it "hangs", until the test kills it. */
const hangForever = () => new Promise<never>(() => setInterval(() => {}, 1_000));

/**
 * Applies one effect (a notification row) through ctx.once. On attempt `hangOnAttempt` it hangs either
 * before or after applying the effect, announcing it on stdout so the test knows when to kill the process.
 */
export const effectJob = defineJob(
  "test.effect",
  z.object({ hang: z.enum(["none", "before", "after"]).default("none"), hangOnAttempt: z.number().int().default(1) }),
  async ({ hang, hangOnAttempt }, ctx) => {
    const hanging = ctx.attempt === hangOnAttempt;
    if (hang === "before" && hanging) {
      console.log(`HANGING before-effect job=${ctx.jobId}`);
      await hangForever();
    }
    const { applied } = await ctx.once("notify", opsDb(), (tx) =>
      tx.insert(notifications).values({ userId: "test", kind: "effect", title: ctx.jobId, body: String(process.pid) }),
    );
    if (hang === "after" && hanging) {
      console.log(`HANGING after-effect job=${ctx.jobId}`);
      await hangForever();
    }
    return { applied, attempt: ctx.attempt };
  },
);

/**
 * For the race test: records every run with a plain insert (NOT through once), so a job run twice would
 * show up as two rows.
 */
export const raceJob = defineJob("test.race", z.object({ n: z.number().int() }), async (_payload, ctx) => {
  await opsDb().insert(notifications).values({ userId: "test", kind: "run", title: ctx.jobId, body: String(process.pid) });
  await new Promise((r) => setTimeout(r, 2));
  return { pid: process.pid };
});
