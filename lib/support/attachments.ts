import "server-only";
/**
 * Ticket attachments: a short allow-list of types (checked by extension AND by content, so a renamed executable
 * is refused), a size cap, and storage under DATA_DIR/attachments — outside the web root, reachable only through
 * the route handlers that first check the reader may see the ticket (and, for customers, that the file is not on
 * an internal note).
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { newId } from "@/db/columns";
import { attachments, ticketMessages, tickets } from "@/db/support/schema";
import { supportDb } from "@/db/support/client";
import { databaseEnv } from "@/lib/env";
import { notFound, validation } from "@/lib/errors";

export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const ATTACHMENTS_PER_MESSAGE = 5;
/** All files of one message together (server actions accept bodies up to 11 MB: next.config.ts). */
export const ATTACHMENTS_TOTAL_BYTES = 10 * 1024 * 1024;

/** Extension → served MIME type and how to recognise the content. */
const TYPES: Record<string, { mime: string; magic?: number[][]; text?: boolean }> = {
  png: { mime: "image/png", magic: [[0x89, 0x50, 0x4e, 0x47]] },
  jpg: { mime: "image/jpeg", magic: [[0xff, 0xd8, 0xff]] },
  jpeg: { mime: "image/jpeg", magic: [[0xff, 0xd8, 0xff]] },
  gif: { mime: "image/gif", magic: [[0x47, 0x49, 0x46, 0x38]] },
  webp: { mime: "image/webp", magic: [[0x52, 0x49, 0x46, 0x46]] },
  pdf: { mime: "application/pdf", magic: [[0x25, 0x50, 0x44, 0x46]] },
  zip: { mime: "application/zip", magic: [[0x50, 0x4b, 0x03, 0x04], [0x50, 0x4b, 0x05, 0x06]] },
  txt: { mime: "text/plain", text: true },
  log: { mime: "text/plain", text: true },
  conf: { mime: "text/plain", text: true },
  csv: { mime: "text/csv", text: true },
};

export const ALLOWED_ATTACHMENT_EXTENSIONS = Object.keys(TYPES);

export interface IncomingFile {
  filename: string;
  content: Buffer;
}

export interface CheckedFile {
  filename: string;
  mimeType: string;
  content: Buffer;
}

/** Strips paths and odd characters, keeps the extension: what the download is named. */
export function safeFilename(name: string): string {
  const base = path.basename(name.replace(/\\/g, "/")).replace(/[\p{Cc}"<>:|?*/\\]+/gu, "_").trim();
  return (base || "file").slice(-120);
}

export function checkAttachment(file: IncomingFile): CheckedFile | string {
  const filename = safeFilename(file.filename);
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? "";
  const type = TYPES[ext];
  if (!type) return `${filename}: only ${ALLOWED_ATTACHMENT_EXTENSIONS.join(", ")} files can be attached`;
  if (file.content.length === 0) return `${filename} is empty`;
  if (file.content.length > ATTACHMENT_MAX_BYTES) return `${filename} is larger than ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`;
  if (type.magic && !type.magic.some((m) => m.every((byte, i) => file.content[i] === byte))) return `${filename} does not look like a .${ext} file`;
  if (type.text && file.content.subarray(0, 8192).includes(0)) return `${filename} does not look like a text file`;
  return { filename, mimeType: type.mime, content: file.content };
}

/** Validates a batch; throws a field error on `attachments` naming every refused file. */
export function checkAttachments(files: IncomingFile[], field = "attachments"): CheckedFile[] {
  const present = files.filter((f) => f.content.length > 0 || f.filename);
  if (present.length > ATTACHMENTS_PER_MESSAGE) throw validation({ [field]: [`Attach at most ${ATTACHMENTS_PER_MESSAGE} files`] });
  if (present.reduce((n, f) => n + f.content.length, 0) > ATTACHMENTS_TOTAL_BYTES) {
    throw validation({ [field]: [`Attach at most ${ATTACHMENTS_TOTAL_BYTES / 1024 / 1024} MB per message`] });
  }
  const results = present.map(checkAttachment);
  const errors = results.filter((r): r is string => typeof r === "string");
  if (errors.length) throw validation({ [field]: errors });
  return results as CheckedFile[];
}

/** Reads `File`s from a form (empty file inputs arrive as a nameless, empty File and are skipped). */
export async function filesFromForm(formData: FormData, field = "attachments"): Promise<IncomingFile[]> {
  const out: IncomingFile[] = [];
  for (const value of formData.getAll(field)) {
    if (typeof value === "string" || value.size === 0) continue;
    if (value.size > ATTACHMENT_MAX_BYTES) {
      throw validation({ [field]: [`${safeFilename(value.name)} is larger than ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`] });
    }
    out.push({ filename: value.name, content: Buffer.from(await value.arrayBuffer()) });
  }
  return out;
}

export function attachmentRoot(): string {
  return path.resolve(databaseEnv().DATA_DIR, "attachments");
}

export interface StoredFile extends CheckedFile {
  id: string;
  storagePath: string;
  sha256: string;
  sizeBytes: number;
}

/** Writes the files before the database transaction; call discardStored() if the transaction fails. */
export async function storeFiles(files: CheckedFile[], now: Date): Promise<StoredFile[]> {
  const stored: StoredFile[] = [];
  const folder = now.toISOString().slice(0, 7);
  await mkdir(path.join(attachmentRoot(), folder), { recursive: true });
  for (const file of files) {
    const id = newId();
    const storagePath = `${folder}/${id}`;
    await writeFile(path.join(attachmentRoot(), storagePath), file.content, { flag: "wx" });
    stored.push({ ...file, id, storagePath, sha256: createHash("sha256").update(file.content).digest("hex"), sizeBytes: file.content.length });
  }
  return stored;
}

export async function discardStored(files: StoredFile[]): Promise<void> {
  await Promise.all(files.map((f) => rm(path.join(attachmentRoot(), f.storagePath), { force: true })));
}

export interface AttachmentDownload {
  filename: string;
  mimeType: string;
  content: Buffer;
}

export type AttachmentReader = { kind: "customer"; userId: string } | { kind: "staff" };

/**
 * The file, if this reader may see it. A customer reaches only files of their own tickets and never one on an
 * internal note; anything else is "not found", so nothing leaks about what exists.
 */
export async function readAttachment(reader: AttachmentReader, attachmentId: string): Promise<AttachmentDownload> {
  const [row] = await supportDb()
    .select({
      filename: attachments.filename,
      mimeType: attachments.mimeType,
      storagePath: attachments.storagePath,
      customerId: tickets.customerId,
      internal: ticketMessages.internal,
    })
    .from(attachments)
    .innerJoin(tickets, eq(tickets.id, attachments.ticketId))
    .leftJoin(ticketMessages, eq(ticketMessages.id, attachments.messageId))
    .where(
      reader.kind === "customer"
        ? and(eq(attachments.id, attachmentId), eq(tickets.customerId, reader.userId), eq(ticketMessages.internal, false))
        : eq(attachments.id, attachmentId),
    )
    .limit(1);
  if (!row) throw notFound("That file does not exist.");
  const full = path.resolve(attachmentRoot(), row.storagePath);
  if (!full.startsWith(attachmentRoot() + path.sep)) throw notFound("That file does not exist.");
  return { filename: row.filename, mimeType: row.mimeType, content: await readFile(full) };
}

/** The response a download route returns: never rendered inline by the browser, never sniffed. */
export function attachmentResponse(file: AttachmentDownload): Response {
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new Response(new Uint8Array(file.content), {
    headers: {
      "content-type": file.mimeType,
      "content-length": String(file.content.length),
      "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox; default-src 'none'",
      "cache-control": "private, no-store",
    },
  });
}
