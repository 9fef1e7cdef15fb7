/**
 * Media in an S3-compatible bucket: a real S3 server (s3rver, in-process, on a free port) configured through the
 * same MEDIA_S3_* variables the app reads, real uploads (sharp re-encoding) and the real /media route.
 */
import crypto, { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { eq } from "drizzle-orm";
import S3rver from "s3rver";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as mediaRoute } from "@/app/media/[id]/[file]/route";
import { contentDb } from "@/db/content/client";
import { media } from "@/db/content/schema";
import { mediaEnv, resetEnvCache } from "@/lib/env";
import { deleteMedia, mediaStorage, uploadMedia } from "./media";
import { s3MediaStorage } from "./media-s3";
import { setupContentTest } from "./testing";

const BUCKET = "skyport-media";
const editor = { id: "staff-1", email: "editor@skyport.test" };
let temp: Awaited<ReturnType<typeof setupContentTest>>;
let server: S3rver;
let s3dir: string;
let endpoint: string;
/** Looks into the bucket independently of the code under test. */
let inspector: S3Client;

const mediaVars = () => ({
  MEDIA_S3_BUCKET: BUCKET,
  MEDIA_S3_ENDPOINT: endpoint,
  MEDIA_S3_REGION: "us-east-1",
  MEDIA_S3_ACCESS_KEY_ID: "S3RVER",
  MEDIA_S3_SECRET_ACCESS_KEY: "S3RVER",
  MEDIA_S3_FORCE_PATH_STYLE: "true",
});

// s3rver builds ListObjectsV2 continuation tokens with single DES, which Node's OpenSSL 3 only has behind
// --openssl-legacy-provider; Triple DES with the key repeated three times is the same cipher.
const createCipheriv = crypto.createCipheriv;
const createDecipheriv = crypto.createDecipheriv;
const tripled = (key: crypto.CipherKey) => Buffer.concat([Buffer.from(key as Buffer), Buffer.from(key as Buffer), Buffer.from(key as Buffer)]);
function shimDesForS3rver() {
  Object.assign(crypto, {
    createCipheriv: (algorithm: string, key: crypto.CipherKey, iv: crypto.BinaryLike | null) =>
      algorithm === "des" ? createCipheriv("des-ede3-cbc", tripled(key), iv) : createCipheriv(algorithm, key, iv),
    createDecipheriv: (algorithm: string, key: crypto.CipherKey, iv: crypto.BinaryLike | null) =>
      algorithm === "des" ? createDecipheriv("des-ede3-cbc", tripled(key), iv) : createDecipheriv(algorithm, key, iv),
  });
}

beforeAll(async () => {
  shimDesForS3rver();
  temp = await setupContentTest();
  s3dir = mkdtempSync(path.join(os.tmpdir(), "skyport-s3-"));
  server = new S3rver({ port: 0, address: "127.0.0.1", directory: s3dir, silent: true, configureBuckets: [{ name: BUCKET }] });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  Object.assign(process.env, mediaVars());
  resetEnvCache();
  inspector = new S3Client({ region: "us-east-1", endpoint, forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
});

afterAll(async () => {
  for (const key of Object.keys(mediaVars())) delete process.env[key];
  resetEnvCache();
  inspector?.destroy();
  await server?.close();
  rmSync(s3dir, { recursive: true, force: true });
  temp?.cleanup();
  Object.assign(crypto, { createCipheriv, createDecipheriv });
});

const keysIn = async (prefix: string) =>
  ((await inspector.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? []).map((o) => o.Key).sort();

const fetchMedia = (id: string, file: string, headers: Record<string, string> = {}) =>
  mediaRoute(new Request(`http://localhost/media/${id}/${file}`, { headers }), { params: Promise.resolve({ id, file }) });

describe("media in an S3-compatible bucket", () => {
  it("uploads into the bucket, serves from it through /media, and deletes every object of the upload", async () => {
    expect(mediaEnv().s3).toMatchObject({ bucket: BUCKET, endpoint, forcePathStyle: true });
    const jpeg = await sharp({ create: { width: 1600, height: 900, channels: 3, background: "#13a38a" } })
      .jpeg()
      .withMetadata({ exif: { IFD0: { Copyright: "secret-gps-place" } } })
      .toBuffer();
    const view = await uploadMedia(editor, { filename: "Team photo.jpg", bytes: jpeg, alt: "The team" });

    // Everything went to the bucket (with its content type), nothing to the local folder.
    expect(await keysIn(`${view.id}/`)).toEqual([`${view.id}/1280.webp`, `${view.id}/320.webp`, `${view.id}/640.webp`, `${view.id}/original.jpg`]);
    expect(existsSync(path.join(temp.dir, "media"))).toBe(false);
    const head = await inspector.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${view.id}/original.jpg` }));
    expect(head.ContentType).toBe("image/jpeg");
    expect((await inspector.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${view.id}/640.webp` }))).ContentType).toBe("image/webp");

    // The route serves the stored bytes: the re-encoded original (EXIF gone), and the WebP copies.
    const [row] = await contentDb().select().from(media).where(eq(media.id, view.id));
    const original = await fetchMedia(view.id, "original.jpg");
    expect(original.status).toBe(200);
    expect(original.headers.get("content-type")).toBe("image/jpeg");
    const body = Buffer.from(await original.arrayBuffer());
    const stored = await inspector.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${view.id}/original.jpg` }));
    expect(body.equals(Buffer.from(await stored.Body!.transformToByteArray()))).toBe(true);
    expect(createHash("sha256").update(body).digest("hex")).toBe(row!.sha256);
    expect(original.headers.get("content-length")).toBe(String(row!.sizeBytes));
    expect(body.includes(Buffer.from("secret-gps-place"))).toBe(false);
    expect(await sharp(body).metadata()).toMatchObject({ format: "jpeg", width: 1600, height: 900 });

    const small = await fetchMedia(view.id, "320.webp");
    expect(small.headers.get("content-type")).toBe("image/webp");
    expect(await sharp(Buffer.from(await small.arrayBuffer())).metadata()).toMatchObject({ format: "webp", width: 320, height: 180 });
    expect((await fetchMedia(view.id, "320.webp", { "if-none-match": small.headers.get("etag")! })).status).toBe(304);
    expect((await fetchMedia(view.id, "original.png")).status).toBe(404);

    // A missing object reads as null (the route's 404), not an error.
    expect(await mediaStorage().get(`${view.id}/does-not-exist.webp`)).toBeNull();

    await deleteMedia(editor, view.id);
    expect(await keysIn(`${view.id}/`)).toEqual([]);
    expect((await fetchMedia(view.id, "original.jpg")).status).toBe(404);
  });

  it("removes a prefix page by page and leaves uploads whose id merely starts the same way", async () => {
    const storage = s3MediaStorage(mediaEnv().s3!, { batchSize: 2 });
    for (const key of ["batch/a.webp", "batch/b.webp", "batch/c.webp", "batch/d.webp", "batch/e.webp", "batch-2/keep.webp"]) {
      await storage.put(key, Buffer.from(key), "image/webp");
    }
    expect(await keysIn("batch/")).toHaveLength(5);
    await storage.removePrefix("batch");
    expect(await keysIn("batch")).toEqual(["batch-2/keep.webp"]);
    expect((await storage.get("batch-2/keep.webp"))?.toString()).toBe("batch-2/keep.webp");
  });
});
