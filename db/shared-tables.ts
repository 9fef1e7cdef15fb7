/**
 * Tables every database carries:
 * - `jobs`: the durable job queue of that database. Enqueuing a job inside a transaction of the same database
 *   is the transactional outbox: the job exists if and only if the change it follows committed.
 * - `audit_log`: who changed what, written in the same transaction as the change (DESIGN.md).
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, id, json, timestamp } from "./columns";

export const JOB_STATUSES = ["queued", "running", "succeeded", "failed", "dead"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export function jobsTable() {
  return sqliteTable(
    "jobs",
    {
      id: id(),
      type: text("type").notNull(),
      payload: json<unknown>("payload").notNull(),
      status: text("status", { enum: JOB_STATUSES }).notNull().default("queued"),
      /** Deduplicates enqueues (e.g. one renewal per service and period, one cron tick per schedule and minute). */
      uniqueKey: text("unique_key"),
      priority: integer("priority").notNull().default(0),
      attempts: integer("attempts").notNull().default(0),
      maxAttempts: integer("max_attempts").notNull().default(8),
      runAt: timestamp("run_at").notNull().default(sql`(cast(unixepoch('subsecond') * 1000 as integer))`),
      /** Set while a worker holds the job; another worker may take it only after this passes. */
      leaseOwner: text("lease_owner"),
      leaseExpiresAt: timestamp("lease_expires_at"),
      lastError: text("last_error"),
      result: json<unknown>("result"),
      createdAt: createdAt(),
      startedAt: timestamp("started_at"),
      finishedAt: timestamp("finished_at"),
    },
    (t) => [
      uniqueIndex("jobs_unique_key_uq").on(t.uniqueKey),
      index("jobs_ready_idx").on(t.status, t.runAt, t.priority),
      index("jobs_lease_idx").on(t.status, t.leaseExpiresAt),
      index("jobs_type_idx").on(t.type, t.createdAt),
    ],
  );
}

/** Effects a job handler has already applied, keyed by job id + step; makes at-least-once delivery act once. */
export function jobEffectsTable() {
  return sqliteTable("job_effects", {
    key: text("key").primaryKey(),
    jobId: text("job_id").notNull(),
    createdAt: createdAt(),
  });
}

export function auditLogTable() {
  return sqliteTable(
    "audit_log",
    {
      id: id(),
      /** Staff user id (identity database), or null for the system. */
      actorId: text("actor_id"),
      actorEmail: text("actor_email"),
      /** When staff act as a customer, the customer they impersonate. */
      onBehalfOf: text("on_behalf_of"),
      action: text("action").notNull(),
      entityType: text("entity_type").notNull(),
      entityId: text("entity_id"),
      /** Old and new values with secrets redacted (lib/audit). */
      before: json<Record<string, unknown> | null>("before"),
      after: json<Record<string, unknown> | null>("after"),
      ip: text("ip"),
      userAgent: text("user_agent"),
      createdAt: createdAt(),
    },
    (t) => [
      index("audit_log_created_idx").on(t.createdAt),
      index("audit_log_entity_idx").on(t.entityType, t.entityId, t.createdAt),
      index("audit_log_actor_idx").on(t.actorId, t.createdAt),
    ],
  );
}
