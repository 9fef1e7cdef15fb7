import "server-only";
/**
 * Runs one provisioning action for a service as a visible workflow: a provisioning_runs row (status, attempt,
 * error) and its provisioning_steps (each step's log lines, status and times), readable by the customer and
 * staff. A failure is recorded on the run, its open step and the service, and then thrown so the job that called
 * it retries (the same run row, attempt + 1, steps appended): a failure is never silent (Paymenter#889).
 *
 * The module is called outside any database transaction (it talks to remote APIs); each step write is its own
 * small write.
 */
import { and, asc, desc, eq, max } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { products, provisioningRuns, provisioningSteps, services } from "@/db/billing/schema";
import { newId } from "@/db/columns";
import { AppError } from "@/lib/errors";
import { periodEnd } from "@/lib/billing/periods";
import { getProvisioningModule } from "./registry";
import { ACTION_METHODS, type ProvisioningAction, type ProvisioningContext, type ProvisioningResult } from "./types";
import "./modules";

export interface RunProvisioningOptions {
  /** The trigger: the same key never starts a second run (default for create: `create:<serviceId>`). */
  idempotencyKey?: string;
  jobId?: string | null;
  triggeredBy?: string | null;
  /** Why (suspension reason shown on the service). */
  reason?: string | null;
  now?: () => Date;
}

export interface ProvisioningRunOutcome {
  runId: string;
  /** `skipped`: an earlier run with this key already succeeded. */
  status: "succeeded" | "skipped";
  attempt: number;
}

export class ProvisioningFailedError extends Error {
  constructor(
    readonly runId: string,
    readonly serviceId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ProvisioningFailedError";
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function runProvisioning(
  serviceId: string,
  action: ProvisioningAction,
  options: RunProvisioningOptions = {},
): Promise<ProvisioningRunOutcome> {
  const db = billingDb();
  const clock = options.now ?? (() => new Date());
  const [row] = await db
    .select({ service: services, module: products.module, moduleConfig: products.moduleConfig })
    .from(services)
    .innerJoin(products, eq(products.id, services.productId))
    .where(eq(services.id, serviceId))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", `Service ${serviceId} does not exist`);
  const { service } = row;
  const key = options.idempotencyKey ?? (action === "create" ? `create:${serviceId}` : `${action}:${serviceId}:${newId()}`);
  const startedAt = clock();

  // Claim the run: new, or the next attempt of one that failed before.
  const claimed = await db.transaction(async (tx) => {
    const [existing] = await tx.select().from(provisioningRuns).where(eq(provisioningRuns.idempotencyKey, key)).limit(1);
    if (existing?.status === "succeeded") return { skipped: true as const, run: existing };
    let run: typeof provisioningRuns.$inferSelect;
    if (existing) {
      [run] = (await tx
        .update(provisioningRuns)
        .set({ status: "running", attempt: existing.attempt + 1, error: null, startedAt, finishedAt: null, jobId: options.jobId ?? existing.jobId })
        .where(eq(provisioningRuns.id, existing.id))
        .returning()) as [typeof run];
    } else {
      [run] = (await tx
        .insert(provisioningRuns)
        .values({
          serviceId,
          action,
          module: row.module,
          status: "running",
          attempt: 1,
          idempotencyKey: key,
          jobId: options.jobId ?? null,
          triggeredBy: options.triggeredBy ?? null,
          startedAt,
        })
        .returning()) as [typeof run];
    }
    await tx.update(services).set({ provisioningStatus: "running" }).where(eq(services.id, serviceId));
    return { skipped: false as const, run };
  });
  if (claimed.skipped) return { runId: claimed.run.id, status: "skipped", attempt: claimed.run.attempt };
  const run = claimed.run;

  const [{ lastSeq } = { lastSeq: 0 }] = await db
    .select({ lastSeq: max(provisioningSteps.seq) })
    .from(provisioningSteps)
    .where(eq(provisioningSteps.runId, run.id));
  let seq = lastSeq ?? 0;
  let current: { id: string; name: string; lines: string[] } | null = null;
  // Writes are chained so lines land in order even if a module forgets to await log().
  let chain: Promise<void> = Promise.resolve();
  const enqueueWrite = (write: () => Promise<unknown>) => {
    chain = chain.then(async () => void (await write()));
    return chain;
  };
  const closeCurrent = (status: "succeeded" | "failed", extra?: string) => {
    const step = current;
    if (!step) return Promise.resolve();
    current = null;
    if (extra) step.lines.push(extra);
    const log = step.lines.join("\n");
    return enqueueWrite(() =>
      db.update(provisioningSteps).set({ status, log, finishedAt: clock() }).where(eq(provisioningSteps.id, step.id)),
    );
  };
  const log = (step: string, message: string): Promise<void> => {
    const line = message.replace(/\s+$/, "");
    if (current && current.name === step) {
      current.lines.push(line);
      const { id, lines } = current;
      const text = lines.join("\n");
      return enqueueWrite(() => db.update(provisioningSteps).set({ log: text }).where(eq(provisioningSteps.id, id)));
    }
    void closeCurrent("succeeded");
    const id = newId();
    current = { id, name: step, lines: [line] };
    const mySeq = ++seq;
    return enqueueWrite(() =>
      db.insert(provisioningSteps).values({ id, runId: run.id, seq: mySeq, name: step, status: "running", log: line, startedAt: clock() }),
    );
  };

  const ctx: ProvisioningContext = {
    serviceId,
    customerId: service.customerId,
    productConfig: row.moduleConfig ?? {},
    serviceConfig: service.config ?? {},
    action,
    attempt: run.attempt,
    now: startedAt,
    log,
  };

  let result: ProvisioningResult | void;
  try {
    const module = getProvisioningModule(row.module);
    if (run.attempt > 1) await log("retry", `Attempt ${run.attempt}.`);
    result = await module[ACTION_METHODS[action]](ctx);
  } catch (error) {
    const message = errorText(error);
    await chain.catch(() => undefined);
    if (!current) {
      // Failed before logging anything (e.g. unknown module): still leave a visible step.
      await log(ACTION_METHODS[action], "Started.");
    }
    await closeCurrent("failed", `Failed: ${message}`);
    await chain.catch(() => undefined);
    await db.transaction(async (tx) => {
      await tx.update(provisioningRuns).set({ status: "failed", error: message, finishedAt: clock() }).where(eq(provisioningRuns.id, run.id));
      await tx.update(services).set({ provisioningStatus: "failed" }).where(eq(services.id, serviceId));
    });
    throw new ProvisioningFailedError(run.id, serviceId, `Provisioning ${action} of service ${serviceId} failed: ${message}`, { cause: error });
  }

  if (seq === (lastSeq ?? 0)) await log(ACTION_METHODS[action], "Done.");
  await closeCurrent("succeeded");
  await chain;
  const finishedAt = clock();
  await db.transaction(async (tx) => {
    await tx.update(provisioningRuns).set({ status: "succeeded", error: null, finishedAt }).where(eq(provisioningRuns.id, run.id));
    const config = result?.config ? { ...(service.config ?? {}), ...result.config } : undefined;
    const label = result?.label;
    const base = { provisioningStatus: "succeeded" as const, ...(config ? { config } : {}), ...(label ? { label } : {}) };
    const [fresh] = await tx.select().from(services).where(eq(services.id, serviceId)).limit(1);
    if (!fresh) return;
    switch (action) {
      case "create": {
        const start = fresh.currentPeriodStart ?? startedAt;
        const end = fresh.currentPeriodEnd ?? periodEnd(start, fresh.cycle);
        await tx
          .update(services)
          .set({
            ...base,
            status: fresh.status === "pending" || fresh.status === "failed" ? "active" : fresh.status,
            currentPeriodStart: start,
            currentPeriodEnd: end,
            nextDueAt: fresh.nextDueAt ?? end,
          })
          .where(eq(services.id, serviceId));
        break;
      }
      case "suspend":
        await tx
          .update(services)
          .set({ ...base, status: "suspended", suspendedAt: finishedAt, suspensionReason: options.reason ?? fresh.suspensionReason })
          .where(eq(services.id, serviceId));
        break;
      case "unsuspend":
        await tx.update(services).set({ ...base, status: "active", suspendedAt: null, suspensionReason: null }).where(eq(services.id, serviceId));
        break;
      case "terminate":
        await tx.update(services).set({ ...base, status: "terminated", terminatedAt: finishedAt }).where(eq(services.id, serviceId));
        break;
      case "change_package":
        await tx.update(services).set(base).where(eq(services.id, serviceId));
        break;
    }
  });
  return { runId: run.id, status: "succeeded", attempt: run.attempt };
}

export interface ProvisioningRunView {
  id: string;
  action: string;
  module: string;
  status: string;
  attempt: number;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  steps: Array<{ seq: number; name: string; status: string; log: string | null; startedAt: Date | null; finishedAt: Date | null }>;
}

/**
 * The runs of one service with their steps, newest first, for the portal and admin. With `customerId`, only
 * that customer's service is visible (someone else's gives an empty list).
 */
export async function listProvisioningRuns(serviceId: string, options: { customerId?: string; limit?: number } = {}): Promise<ProvisioningRunView[]> {
  const db = billingDb();
  const where = options.customerId ? and(eq(services.id, serviceId), eq(services.customerId, options.customerId)) : eq(services.id, serviceId);
  const runs = await db
    .select({
      id: provisioningRuns.id,
      action: provisioningRuns.action,
      module: provisioningRuns.module,
      status: provisioningRuns.status,
      attempt: provisioningRuns.attempt,
      error: provisioningRuns.error,
      startedAt: provisioningRuns.startedAt,
      finishedAt: provisioningRuns.finishedAt,
      createdAt: provisioningRuns.createdAt,
    })
    .from(provisioningRuns)
    .innerJoin(services, eq(services.id, provisioningRuns.serviceId))
    .where(where)
    .orderBy(desc(provisioningRuns.createdAt))
    .limit(options.limit ?? 20);
  const out: ProvisioningRunView[] = [];
  for (const r of runs) {
    const steps = await db
      .select({
        seq: provisioningSteps.seq,
        name: provisioningSteps.name,
        status: provisioningSteps.status,
        log: provisioningSteps.log,
        startedAt: provisioningSteps.startedAt,
        finishedAt: provisioningSteps.finishedAt,
      })
      .from(provisioningSteps)
      .where(eq(provisioningSteps.runId, r.id))
      .orderBy(asc(provisioningSteps.seq));
    out.push({ ...r, steps });
  }
  return out;
}
