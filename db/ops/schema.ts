/** ops: settings, audit, jobs, email outbox and templates, notifications, campaigns. */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, id, json, ref, timestamp, timestamps } from "../columns";
import { auditLogTable, jobEffectsTable, jobsTable } from "../shared-tables";

export const jobs = jobsTable();
export const jobEffects = jobEffectsTable();
export const auditLog = auditLogTable();

/** Plain (non-secret) settings by key. Secrets live encrypted next to what uses them (e.g. billing gateways). */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: json<unknown>("value").notNull(),
  updatedBy: ref("updated_by"),
  ...timestamps(),
});

export const EMAIL_STATUSES = ["queued", "sending", "sent", "captured", "failed"] as const;

/**
 * Every email goes here first, in the same transaction as whatever caused it; a job delivers it via SMTP.
 * Without SMTP the message stays `captured` (readable in admin and by tests): nothing is lost.
 */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: id(),
    toAddress: text("to_address").notNull(),
    fromAddress: text("from_address").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html"),
    /** Where the recipient's "Reply" goes (e.g. a ticket's signed reply address), when not the sender. */
    replyTo: text("reply_to"),
    template: text("template"),
    /** Prevents the same email being queued twice (e.g. one dunning step per invoice). */
    dedupeKey: text("dedupe_key"),
    userId: ref("user_id"),
    status: text("status", { enum: EMAIL_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    messageId: text("message_id"),
    sentAt: timestamp("sent_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("email_outbox_dedupe_uq").on(t.dedupeKey),
    index("email_outbox_to_idx").on(t.toAddress, t.createdAt),
    index("email_outbox_status_idx").on(t.status, t.createdAt),
    index("email_outbox_created_idx").on(t.createdAt),
  ],
);

export const emailTemplates = sqliteTable("email_templates", {
  key: text("key").primaryKey(),
  subject: text("subject").notNull(),
  /** Markdown body with {{placeholders}}. */
  body: text("body").notNull(),
  ...timestamps(),
});

/** The portal feed ("a device was added", "invoice paid"). */
export const notifications = sqliteTable(
  "notifications",
  {
    id: id(),
    userId: ref("user_id").notNull(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body"),
    link: text("link"),
    readAt: timestamp("read_at"),
    createdAt: createdAt(),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt)],
);

/** One row per scheduled-job tick that was enqueued: the unique (name, tick) stops two instances both scheduling. */
export const scheduleRuns = sqliteTable(
  "schedule_runs",
  {
    name: text("name").notNull(),
    tickAt: timestamp("tick_at").notNull(),
    jobId: ref("job_id"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("schedule_runs_uq").on(t.name, t.tickAt)],
);

export const campaigns = sqliteTable("campaigns", {
  id: id(),
  name: text("name").notNull(),
  subject: text("subject").notNull(),
  body: text("body").notNull(),
  audience: json<Record<string, unknown>>("audience").notNull(),
  status: text("status", { enum: ["draft", "scheduled", "sending", "sent", "cancelled"] }).notNull().default("draft"),
  scheduledAt: timestamp("scheduled_at"),
  sentCount: integer("sent_count").notNull().default(0),
  ...timestamps(),
});
