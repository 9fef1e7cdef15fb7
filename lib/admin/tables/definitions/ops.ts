import "server-only";
/** Admin tables over the ops database. The outbox list shows metadata; bodies are read on the detail page. */
import { eq, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { opsDb } from "@/db/ops/client";
import { EMAIL_STATUSES, emailOutbox } from "@/db/ops/schema";
import { COUNT_CAP, defineTable } from "../query";

const prefix = (column: SQLiteColumn, term: string): SQL => sql`(${column} >= ${term} and ${column} < ${`${term}\uffff`})`;

export interface EmailOutboxTableRow {
  id: string;
  toAddress: string;
  subject: string;
  template: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
}

export const emailOutboxTable = defineTable<EmailOutboxTableRow>({
  name: "email-outbox",
  db: opsDb,
  table: emailOutbox,
  select: {
    id: emailOutbox.id,
    toAddress: emailOutbox.toAddress,
    subject: emailOutbox.subject,
    template: emailOutbox.template,
    status: emailOutbox.status,
    attempts: emailOutbox.attempts,
    lastError: emailOutbox.lastError,
    sentAt: emailOutbox.sentAt,
    createdAt: emailOutbox.createdAt,
  },
  key: emailOutbox.id,
  columns: {
    toAddress: { column: emailOutbox.toAddress, label: "To", sortable: true, filter: { kind: "text", match: "prefix", lowercase: true } },
    status: { column: emailOutbox.status, label: "Status", filter: { kind: "enum", options: EMAIL_STATUSES } },
    createdAt: { column: emailOutbox.createdAt, label: "Queued", sortable: true, filter: { kind: "date" } },
  },
  defaultSort: [{ id: "createdAt", desc: true }],
  search: (q) => or(eq(emailOutbox.id, q), prefix(emailOutbox.toAddress, q.toLowerCase()), sql`${emailOutbox.subject} like ${`%${q.replace(/[\\%_]/g, "")}%`}`),
  countCap: COUNT_CAP,
});
