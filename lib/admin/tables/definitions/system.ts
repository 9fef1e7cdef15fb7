import "server-only";
/**
 * Tables that exist once per database: every database has its own `jobs` queue and `audit_log` (DESIGN.md:
 * the audit row commits with the change it records, so it must live in the same database). The admin screens
 * merge them by time (lib/admin/tables/query.ts runMergedQuery); a pseudo column `database` filters sources.
 */
import { eq, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { auditLogTable, JOB_STATUSES } from "@/db/shared-tables";
import { jobs, jobsDatabase } from "@/lib/jobs/tables";
import { DATABASE_NAMES, type DatabaseName } from "@/lib/env";
import { defineTable, type MergedSource } from "../query";

export const auditLog = auditLogTable();
const prefix = (column: SQLiteColumn, term: string): SQL => sql`(${column} >= ${term} and ${column} < ${`${term}\uffff`})`;
const databaseColumn = (name: DatabaseName) => ({
  column: sql`${name}`,
  label: "Database",
  filter: { kind: "enum" as const, options: DATABASE_NAMES },
});

export interface JobTableRow {
  id: string;
  type: string;
  status: string;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

function jobsDefinition(name: DatabaseName) {
  return defineTable<JobTableRow>({
    name: `jobs:${name}`,
    db: () => jobsDatabase(name),
    table: jobs,
    select: {
      id: jobs.id,
      type: jobs.type,
      status: jobs.status,
      attempts: jobs.attempts,
      maxAttempts: jobs.maxAttempts,
      runAt: jobs.runAt,
      lastError: jobs.lastError,
      createdAt: jobs.createdAt,
      finishedAt: jobs.finishedAt,
    },
    key: jobs.id,
    columns: {
      database: databaseColumn(name),
      type: { column: jobs.type, label: "Type", sortable: true, filter: { kind: "text", match: "prefix" } },
      status: { column: jobs.status, label: "Status", filter: { kind: "enum", options: JOB_STATUSES } },
      runAt: { column: jobs.runAt, label: "Run at", sortable: true, filter: { kind: "date" } },
      createdAt: { column: jobs.createdAt, label: "Created", sortable: true, filter: { kind: "date" } },
    },
    defaultSort: [{ id: "createdAt", desc: true }],
    search: (q) => or(eq(jobs.id, q), prefix(jobs.type, q)),
  });
}

export const jobSources: Array<MergedSource<JobTableRow>> = DATABASE_NAMES.map((name) => ({ source: name, definition: jobsDefinition(name) }));

export interface AuditTableRow {
  id: string;
  actorId: string | null;
  actorEmail: string | null;
  onBehalfOf: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
}

function auditDefinition(name: DatabaseName) {
  return defineTable<AuditTableRow>({
    name: `audit:${name}`,
    db: () => jobsDatabase(name),
    table: auditLog,
    select: {
      id: auditLog.id,
      actorId: auditLog.actorId,
      actorEmail: auditLog.actorEmail,
      onBehalfOf: auditLog.onBehalfOf,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      ip: auditLog.ip,
      userAgent: auditLog.userAgent,
      createdAt: auditLog.createdAt,
    },
    key: auditLog.id,
    columns: {
      database: databaseColumn(name),
      actor: { column: auditLog.actorEmail, label: "Actor", filter: { kind: "text", match: "prefix", lowercase: true } },
      actorId: { column: auditLog.actorId, label: "Actor id", filter: { kind: "text", match: "exact" } },
      entityType: { column: auditLog.entityType, label: "Entity", filter: { kind: "text", match: "exact" } },
      entityId: { column: auditLog.entityId, label: "Entity id", filter: { kind: "text", match: "exact" } },
      action: { column: auditLog.action, label: "Action", filter: { kind: "text", match: "prefix" } },
      createdAt: { column: auditLog.createdAt, label: "When", sortable: true, filter: { kind: "date" } },
    },
    defaultSort: [{ id: "createdAt", desc: true }],
    search: (q) => or(eq(auditLog.entityId, q), eq(auditLog.actorId, q), prefix(auditLog.actorEmail, q.toLowerCase()), prefix(auditLog.action, q)),
  });
}

export const auditSources: Array<MergedSource<AuditTableRow>> = DATABASE_NAMES.map((name) => ({ source: name, definition: auditDefinition(name) }));
