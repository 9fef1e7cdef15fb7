import "server-only";
/**
 * Job definitions: a type name, a zod schema for its payload, and an idempotent handler. Delivery is at
 * least once (a crashed worker's job is re-run after its lease expires), so a handler either is naturally
 * idempotent or applies each effect through `ctx.once`, which records the effect in the same transaction.
 */
import type { z } from "zod";
import type { DatabaseName } from "@/lib/env";
import { enqueue, type EnqueueOptions } from "./enqueue";
import type { Logger } from "./log";
import type { JobExecutor, TransactionOf } from "./tables";

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

export interface OnceResult<T> {
  /** False when an earlier run of this job already applied the effect (fn was not called). */
  applied: boolean;
  value: T | undefined;
}

export interface JobContext {
  jobId: string;
  /** 1 on the first run, 2 on the first retry (or the re-run after a crash), … */
  attempt: number;
  maxAttempts: number;
  /** True when a failure now sends the job to `dead` instead of another retry. */
  isLastAttempt: boolean;
  /** The database whose queue holds this job. */
  database: DatabaseName;
  now: Clock;
  logger: Logger;
  /**
   * Runs `fn(tx)` in a transaction of `db` and records `${jobId}:${key}` in that database's `job_effects`
   * in the same transaction: if the job is re-run (crash, lost lease, retry after a later step failed),
   * the effect is not applied a second time.
   */
  once<D extends JobExecutor, T>(key: string, db: D, fn: (tx: TransactionOf<D>) => Promise<T>): Promise<OnceResult<T>>;
}

export type JobHandler<P> = (payload: P, ctx: JobContext) => Promise<unknown>;

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  type: string;
  schema: S;
  handler: JobHandler<z.output<S>>;
  /** Typed enqueue: validates the payload now rather than when the worker picks the job up. */
  enqueue(db: JobExecutor, payload: z.input<S>, options?: Omit<EnqueueOptions, "type" | "payload">): Promise<string>;
}

/** Thrown by a handler when retrying cannot help (bad data, a refusal): the job goes straight to `dead`. */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}

const definitions = new Map<string, JobDefinition>();

export function defineJob<S extends z.ZodType>(type: string, schema: S, handler: JobHandler<z.output<S>>): JobDefinition<S> {
  const definition: JobDefinition<S> = {
    type,
    schema,
    handler,
    enqueue: async (db, payload, options) => {
      // Validate now, store what was given: the worker parses it again, so transforms run exactly once.
      schema.parse(payload);
      return enqueue(db, { ...options, type, payload });
    },
  };
  // Last definition wins: a dev-server reload re-evaluates job modules without resetting this map.
  definitions.set(type, definition as unknown as JobDefinition);
  return definition;
}

export function getJobDefinition(type: string): JobDefinition | undefined {
  return definitions.get(type);
}

export function registeredJobTypes(): string[] {
  return [...definitions.keys()].sort();
}
