/**
 * support: tickets and their conversations (with staff-only internal notes), attachments metadata, canned
 * replies, maintenance windows and announcements. Customers and staff are identity user ids.
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { boolean, createdAt, id, json, ref, timestamp, timestamps } from "../columns";
import { auditLogTable, jobEffectsTable, jobsTable } from "../shared-tables";

export const jobs = jobsTable();
export const jobEffects = jobEffectsTable();
export const auditLog = auditLogTable();

export const departments = sqliteTable(
  "departments",
  {
    id: id(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    /** Address replies appear to come from / inbound mail for this department. */
    email: text("email"),
    /** SLA targets in minutes; null = no target. */
    firstResponseMinutes: integer("first_response_minutes"),
    resolutionMinutes: integer("resolution_minutes"),
    sortOrder: integer("sort_order").notNull().default(0),
    active: boolean("active").notNull().default(true),
    ...timestamps(),
  },
  (t) => [uniqueIndex("departments_slug_uq").on(t.slug)],
);

/** Named counters (e.g. `ticket`) bumped in the ticket's own transaction, for short human ticket numbers. */
export const sequences = sqliteTable("sequences", {
  name: text("name").primaryKey(),
  lastValue: integer("last_value").notNull().default(0),
});

/**
 * Who holds the ball: `awaiting_staff` after a customer writes, `awaiting_customer` after a public staff reply.
 * `resolved` waits for a rating (and may be re-opened by a reply); `closed` is final (auto-close, merge, staff).
 */
export const TICKET_STATUSES = ["open", "awaiting_customer", "awaiting_staff", "resolved", "closed"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_PRIORITIES = ["low", "normal", "high", "urgent"] as const;

export const tickets = sqliteTable(
  "tickets",
  {
    id: id(),
    /** Human reference, e.g. `T-104233`. */
    number: text("number").notNull(),
    customerId: ref("customer_id").notNull(),
    organizationId: ref("organization_id"),
    departmentId: text("department_id")
      .notNull()
      .references(() => departments.id, { onDelete: "restrict" }),
    subject: text("subject").notNull(),
    priority: text("priority", { enum: TICKET_PRIORITIES }).notNull().default("normal"),
    status: text("status", { enum: TICKET_STATUSES }).notNull().default("open"),
    /** What it is about (billing service, VPN device), checked to belong to the customer. */
    relatedServiceId: ref("related_service_id"),
    relatedDeviceId: ref("related_device_id"),
    assigneeId: ref("assignee_id"),
    source: text("source", { enum: ["portal", "email", "staff", "api", "contact"] }).notNull().default("portal"),
    firstResponseDueAt: timestamp("first_response_due_at"),
    resolutionDueAt: timestamp("resolution_due_at"),
    firstRespondedAt: timestamp("first_responded_at"),
    lastReplyAt: timestamp("last_reply_at"),
    lastReplyBy: text("last_reply_by", { enum: ["customer", "staff"] }),
    closedAt: timestamp("closed_at"),
    /** 1–5, asked after closing. */
    satisfaction: integer("satisfaction"),
    satisfactionComment: text("satisfaction_comment"),
    /** Guest tickets (contact form): who to write to. Their customerId is GUEST_CUSTOMER_ID. */
    requesterEmail: text("requester_email"),
    requesterName: text("requester_name"),
    /** Set when merged into another ticket (this one is then closed and points there). */
    mergedIntoId: text("merged_into_id"),
    resolvedAt: timestamp("resolved_at"),
    /** When the status last changed: the auto-close clock starts here for `awaiting_customer`. */
    statusChangedAt: timestamp("status_changed_at"),
    /** Flagged by the SLA sweep (kept once set, for reports even after the ticket moves on). */
    firstResponseBreachedAt: timestamp("first_response_breached_at"),
    resolutionBreachedAt: timestamp("resolution_breached_at"),
    /** The auto-close warning went out for the current wait (cleared when the customer replies). */
    autoCloseWarnedAt: timestamp("auto_close_warned_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("tickets_number_uq").on(t.number),
    index("tickets_customer_idx").on(t.customerId, t.createdAt),
    index("tickets_queue_idx").on(t.status, t.priority, t.lastReplyAt),
    index("tickets_assignee_idx").on(t.assigneeId, t.status),
    index("tickets_department_idx").on(t.departmentId, t.status),
    index("tickets_sla_idx").on(t.status, t.firstResponseDueAt),
    index("tickets_resolution_sla_idx").on(t.status, t.resolutionDueAt),
    index("tickets_status_changed_idx").on(t.status, t.statusChangedAt),
  ],
);

/** SLA targets per department and priority (minutes); a missing row falls back to the department's defaults. */
export const slaTargets = sqliteTable(
  "sla_targets",
  {
    departmentId: text("department_id")
      .notNull()
      .references(() => departments.id, { onDelete: "cascade" }),
    priority: text("priority", { enum: TICKET_PRIORITIES }).notNull(),
    firstResponseMinutes: integer("first_response_minutes"),
    resolutionMinutes: integer("resolution_minutes"),
    ...timestamps(),
  },
  (t) => [primaryKey({ columns: [t.departmentId, t.priority] })],
);

/** Contact-form submissions waiting for the guest to click the emailed link; the ticket exists only after that. */
export const guestRequests = sqliteTable(
  "guest_requests",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name"),
    departmentId: text("department_id")
      .notNull()
      .references(() => departments.id, { onDelete: "cascade" }),
    subject: text("subject").notNull(),
    bodyMarkdown: text("body_markdown").notNull(),
    /** SHA-256 of the emailed token. */
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    verifiedAt: timestamp("verified_at"),
    ticketId: text("ticket_id"),
    ip: text("ip"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("guest_requests_token_uq").on(t.tokenHash), index("guest_requests_expires_idx").on(t.expiresAt)],
);

/** Every message the mail server handed us, by Message-ID: a redelivery is recognised and not threaded twice. */
export const inboundEmails = sqliteTable(
  "inbound_emails",
  {
    id: id(),
    messageId: text("message_id").notNull(),
    fromAddress: text("from_address"),
    toAddress: text("to_address"),
    subject: text("subject"),
    status: text("status", { enum: ["threaded", "rejected"] }).notNull(),
    reason: text("reason"),
    ticketId: text("ticket_id"),
    ticketMessageId: text("ticket_message_id"),
    receivedAt: timestamp("received_at").notNull(),
  },
  (t) => [uniqueIndex("inbound_emails_message_id_uq").on(t.messageId), index("inbound_emails_ticket_idx").on(t.ticketId)],
);

export const ticketMessages = sqliteTable(
  "ticket_messages",
  {
    id: id(),
    ticketId: text("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    authorId: ref("author_id"),
    authorRole: text("author_role", { enum: ["customer", "staff", "system"] }).notNull(),
    bodyMarkdown: text("body_markdown").notNull(),
    /** Staff-only note: never shown to the customer, never emailed. */
    internal: boolean("internal").notNull().default(false),
    editedAt: timestamp("edited_at"),
    createdAt: createdAt(),
  },
  (t) => [index("ticket_messages_ticket_idx").on(t.ticketId, t.createdAt)],
);

export const attachments = sqliteTable(
  "attachments",
  {
    id: id(),
    ticketId: text("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    messageId: text("message_id").references(() => ticketMessages.id, { onDelete: "cascade" }),
    filename: text("filename").notNull(),
    mimeType: text("mime_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    /** Relative to the attachment storage root; served only after an ownership check. */
    storagePath: text("storage_path").notNull(),
    sha256: text("sha256").notNull(),
    uploadedBy: ref("uploaded_by"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("attachments_storage_path_uq").on(t.storagePath),
    index("attachments_ticket_idx").on(t.ticketId),
    index("attachments_message_idx").on(t.messageId),
  ],
);

export const cannedReplies = sqliteTable(
  "canned_replies",
  {
    id: id(),
    title: text("title").notNull(),
    bodyMarkdown: text("body_markdown").notNull(),
    /** Null = all departments. */
    departmentId: text("department_id").references(() => departments.id, { onDelete: "cascade" }),
    createdBy: ref("created_by"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("canned_replies_title_uq").on(t.title), index("canned_replies_department_idx").on(t.departmentId)],
);

export const ticketTags = sqliteTable(
  "ticket_tags",
  {
    ticketId: text("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    tag: text("tag").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.tag] }), index("ticket_tags_tag_idx").on(t.tag)],
);

export const maintenanceWindows = sqliteTable(
  "maintenance_windows",
  {
    id: id(),
    title: text("title").notNull(),
    descriptionMarkdown: text("description_markdown"),
    type: text("type", { enum: ["planned", "emergency"] }).notNull().default("planned"),
    status: text("status", { enum: ["scheduled", "in_progress", "completed", "cancelled"] }).notNull().default("scheduled"),
    /** What is affected, as `kind:key` strings, e.g. `vpn:de-fra`, `cloud:fsn1`, `hosting:*`. */
    affects: json<string[]>("affects").notNull().default([]),
    startsAt: timestamp("starts_at").notNull(),
    endsAt: timestamp("ends_at").notNull(),
    createdBy: ref("created_by"),
    ...timestamps(),
  },
  (t) => [index("maintenance_windows_status_idx").on(t.status, t.startsAt), index("maintenance_windows_starts_idx").on(t.startsAt)],
);

export const announcements = sqliteTable(
  "announcements",
  {
    id: id(),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    bodyMarkdown: text("body_markdown").notNull(),
    level: text("level", { enum: ["info", "warning", "critical"] }).notNull().default("info"),
    audience: text("audience", { enum: ["everyone", "customers", "staff"] }).notNull().default("customers"),
    published: boolean("published").notNull().default(false),
    publishAt: timestamp("publish_at"),
    expiresAt: timestamp("expires_at"),
    createdBy: ref("created_by"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("announcements_slug_uq").on(t.slug), index("announcements_live_idx").on(t.published, t.publishAt)],
);
