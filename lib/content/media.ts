import "server-only";
/**
 * Media library: uploaded images, checked by what the bytes are (sharp reads the header; the browser's claimed
 * type and the file name are not trusted) and by size, re-encoded (which drops EXIF such as GPS positions and
 * applies the orientation), resized to a few widths as WebP, and stored as `<id>/<file>` keys: under
 * `<DATA_DIR>/media/` by default, or in an S3(-compatible) bucket when MEDIA_S3_* is set (./media-s3.ts).
 * Either way the app serves them at /media/<id>/<file>.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { and, count, desc, eq, like } from "drizzle-orm";
import sharp from "sharp";
import { newId } from "@/db/columns";
import { contentDb } from "@/db/content/client";
import { auditLog, media } from "@/db/content/schema";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { databaseEnv, mediaEnv, type MediaS3Config } from "@/lib/env";
import { notFound, validation } from "@/lib/errors";
import { CONTENT_TAGS } from "./cache-tags";
import { revalidateContent } from "./revalidate";

export const MEDIA_MAX_BYTES = 5 * 1024 * 1024;
/** Longest side in pixels; bigger images are refused rather than decoded (decompression bombs). */
export const MEDIA_MAX_PIXELS = 40_000_000;
export const MEDIA_WIDTHS = [320, 640, 1280] as const;

const FORMATS = {
  jpeg: { mime: "image/jpeg", ext: "jpg" },
  png: { mime: "image/png", ext: "png" },
  webp: { mime: "image/webp", ext: "webp" },
  gif: { mime: "image/gif", ext: "gif" },
} as const;
type Format = keyof typeof FORMATS;
export const MEDIA_ACCEPT = Object.values(FORMATS)
  .map((f) => f.mime)
  .join(",");

export interface MediaStorage {
  /** The content type is recorded where the store keeps one (S3); the local folder goes by the key. */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  removePrefix(prefix: string): Promise<void>;
}

export function localMediaStorage(root = path.resolve(databaseEnv().DATA_DIR, "media")): MediaStorage {
  const resolve = (key: string) => {
    const full = path.resolve(root, key);
    if (!full.startsWith(root + path.sep)) throw new Error(`media key escapes the media folder: ${key}`);
    return full;
  };
  return {
    async put(key, bytes) {
      const full = resolve(key);
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, bytes);
    },
    async get(key) {
      try {
        return await readFile(resolve(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async removePrefix(prefix) {
      await rm(resolve(prefix), { recursive: true, force: true });
    },
  };
}

let storageOverride: MediaStorage | null = null;
/** Tests replace the storage. */
export function setMediaStorage(storage: MediaStorage | null) {
  storageOverride = storage;
}
// One S3 client per configuration (it keeps a connection pool); a changed environment (tests) makes a new one.
let s3Storage: { config: MediaS3Config; storage: MediaStorage } | null = null;
export function mediaStorage(): MediaStorage {
  if (storageOverride) return storageOverride;
  const { s3 } = mediaEnv();
  if (!s3) return localMediaStorage();
  if (s3Storage?.config !== s3) s3Storage = { config: s3, storage: lazyS3Storage(s3) };
  return s3Storage.storage;
}
/** The AWS SDK is loaded only by deployments that keep media in a bucket. */
function lazyS3Storage(config: MediaS3Config): MediaStorage {
  let loaded: Promise<MediaStorage> | undefined;
  const storage = () => (loaded ??= import("./media-s3").then((m) => m.s3MediaStorage(config)));
  return {
    put: async (key, bytes, contentType) => (await storage()).put(key, bytes, contentType),
    get: async (key) => (await storage()).get(key),
    removePrefix: async (prefix) => (await storage()).removePrefix(prefix),
  };
}

export interface MediaVariant {
  width: number;
  height: number;
  path: string;
  sizeBytes: number;
}

export interface MediaView {
  id: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  alt: string | null;
  /** The re-encoded original. */
  url: string;
  /** Best default for Markdown: the 1280 px copy when there is one, else the original. */
  displayUrl: string;
  srcSet: string;
  variants: MediaVariant[];
  createdAt: Date;
}

export const mediaUrl = (storagePath: string) => `/media/${storagePath}`;

export function toMediaView(row: typeof media.$inferSelect): MediaView {
  const variants = [...(row.variants ?? [])].sort((a, b) => a.width - b.width);
  const largest = variants.find((v) => v.width === 1280) ?? variants.at(-1);
  return {
    id: row.id,
    filename: row.filename,
    mimeType: row.mimeType,
    sizeBytes: row.sizeBytes,
    width: row.width,
    height: row.height,
    alt: row.alt,
    url: mediaUrl(row.storagePath),
    displayUrl: largest ? mediaUrl(largest.path) : mediaUrl(row.storagePath),
    srcSet: variants.map((v) => `${mediaUrl(v.path)} ${v.width}w`).join(", "),
    variants,
    createdAt: row.createdAt,
  };
}

export interface UploadInput {
  filename: string;
  bytes: Buffer;
  alt?: string | null;
}

/** Checks the bytes, stores the original and its resized copies, and records the upload (audited). */
export async function uploadMedia(actor: AuditActor, input: UploadInput): Promise<MediaView> {
  if (input.bytes.length === 0) throw validation({ file: ["Choose an image to upload."] });
  if (input.bytes.length > MEDIA_MAX_BYTES) throw validation({ file: [`The image is larger than ${MEDIA_MAX_BYTES / 1024 / 1024} MB.`] });
  const alt = input.alt?.trim().slice(0, 300) || null;

  let meta: Awaited<ReturnType<ReturnType<typeof sharp>["metadata"]>>;
  try {
    meta = await sharp(input.bytes, { limitInputPixels: MEDIA_MAX_PIXELS }).metadata();
  } catch {
    throw validation({ file: ["This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF."] });
  }
  const format = meta.format as string;
  if (!(format in FORMATS)) throw validation({ file: [`${format ? format.toUpperCase() : "This"} files are not accepted. Upload a JPEG, PNG, WebP or GIF.`] });
  if (!meta.width || !meta.height || meta.width * meta.height > MEDIA_MAX_PIXELS) throw validation({ file: ["The image has too many pixels."] });
  const fmt = FORMATS[format as Format];

  const id = newId();
  const safeName = (input.filename.split(/[\\/]/).pop() ?? "image").replace(/[^\w.-]+/g, "-").slice(-120) || "image";
  const animated = format === "gif" || (meta.pages ?? 1) > 1;
  // Re-encoding drops metadata (EXIF, GPS) and bakes the orientation in.
  const original = animated
    ? input.bytes
    : await sharp(input.bytes, { limitInputPixels: MEDIA_MAX_PIXELS }).rotate().toFormat(format as Format).toBuffer();
  const oriented = await sharp(original, { animated }).metadata();
  const width = oriented.width ?? meta.width;
  const height = oriented.pageHeight ?? oriented.height ?? meta.height;

  const storage = mediaStorage();
  const storagePath = `${id}/original.${fmt.ext}`;
  await storage.put(storagePath, original, fmt.mime);
  const variants: MediaVariant[] = [];
  try {
    for (const w of MEDIA_WIDTHS) {
      if (w >= width) continue;
      const { data, info } = await sharp(original, { animated }).resize({ width: w }).webp({ quality: 80 }).toBuffer({ resolveWithObject: true });
      const key = `${id}/${w}.webp`;
      await storage.put(key, data, "image/webp");
      variants.push({ width: w, height: info.pageHeight ?? info.height, path: key, sizeBytes: data.length });
    }
    const row = await contentDb().transaction(async (tx) => {
      const [created] = await tx
        .insert(media)
        .values({
          id,
          storagePath,
          filename: safeName,
          mimeType: fmt.mime,
          sizeBytes: original.length,
          width,
          height,
          alt,
          sha256: createHash("sha256").update(original).digest("hex"),
          variants,
          uploadedBy: actor.id,
        })
        .returning();
      await writeAudit(tx, auditLog, actor, { action: "media.upload", entityType: "media", entityId: id, after: { filename: safeName, mimeType: fmt.mime, sizeBytes: original.length, width, height } });
      return created!;
    });
    return toMediaView(row);
  } catch (error) {
    await storage.removePrefix(id).catch(() => {});
    throw error;
  }
}

export async function updateMediaAlt(actor: AuditActor, id: string, alt: string): Promise<void> {
  await contentDb().transaction(async (tx) => {
    const [before] = await tx.select({ alt: media.alt }).from(media).where(eq(media.id, id)).limit(1);
    if (!before) throw notFound("Image not found");
    const value = alt.trim().slice(0, 300) || null;
    await tx.update(media).set({ alt: value }).where(eq(media.id, id));
    await writeAudit(tx, auditLog, actor, { action: "media.update", entityType: "media", entityId: id, before, after: { alt: value } });
  });
}

export async function deleteMedia(actor: AuditActor, id: string): Promise<void> {
  const row = await contentDb().transaction(async (tx) => {
    const [before] = await tx.select().from(media).where(eq(media.id, id)).limit(1);
    if (!before) throw notFound("Image not found");
    // Covers and OG images referencing it are cleared by ON DELETE SET NULL; Markdown links to it will 404.
    await tx.delete(media).where(eq(media.id, id));
    await writeAudit(tx, auditLog, actor, { action: "media.delete", entityType: "media", entityId: id, before: { filename: before.filename, storagePath: before.storagePath } });
    return before;
  });
  await mediaStorage().removePrefix(row.id);
  await revalidateContent({ tags: [CONTENT_TAGS.media, CONTENT_TAGS.posts, CONTENT_TAGS.pages], paths: [] });
}

export async function listMedia(options: { search?: string; page?: number; pageSize?: number } = {}): Promise<{ rows: MediaView[]; total: number; page: number; pageSize: number }> {
  const pageSize = Math.min(100, Math.max(1, options.pageSize ?? 24));
  const page = Math.max(1, options.page ?? 1);
  const where = options.search?.trim() ? like(media.filename, `%${options.search.trim().replace(/[%_]/g, "")}%`) : undefined;
  const db = contentDb();
  const [rows, [total]] = await Promise.all([
    db.select().from(media).where(where).orderBy(desc(media.createdAt), desc(media.id)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ n: count() }).from(media).where(where),
  ]);
  return { rows: rows.map(toMediaView), total: total!.n, page, pageSize };
}

export async function getMedia(id: string): Promise<MediaView | null> {
  const [row] = await contentDb().select().from(media).where(eq(media.id, id)).limit(1);
  return row ? toMediaView(row) : null;
}

const FILE_PATTERN = /^(original\.(jpg|png|webp|gif)|(320|640|1280)\.webp)$/;
const ID_PATTERN = /^[0-9a-f-]{36}$/;

/** The bytes behind a public media URL, or null. Only files of a recorded upload are served. */
export async function readMediaFile(id: string, file: string): Promise<{ bytes: Buffer; mimeType: string; etag: string } | null> {
  if (!ID_PATTERN.test(id) || !FILE_PATTERN.test(file)) return null;
  const key = `${id}/${file}`;
  const [row] = await contentDb()
    .select({ storagePath: media.storagePath, mimeType: media.mimeType, sha256: media.sha256, variants: media.variants })
    .from(media)
    .where(and(eq(media.id, id)))
    .limit(1);
  if (!row) return null;
  const isOriginal = row.storagePath === key;
  if (!isOriginal && !row.variants.some((v) => v.path === key)) return null;
  const bytes = await mediaStorage().get(key);
  if (!bytes) return null;
  return { bytes, mimeType: isOriginal ? row.mimeType : "image/webp", etag: `"${row.sha256.slice(0, 16)}-${file}"` };
}
