import "server-only";
/**
 * Media in an S3 bucket or an S3-compatible server (MinIO, R2, Ceph…; MEDIA_S3_* in lib/env.ts). The bucket
 * stays private: /media/[id]/[file] reads objects through here and serves them itself, so the CSP keeps
 * images on 'self' and no presigned URL or public-read ACL is needed.
 */
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import type { MediaS3Config } from "@/lib/env";
import type { MediaStorage } from "./media";

/** DeleteObjects takes at most 1,000 keys; ListObjectsV2 returns at most 1,000 per page (tests page by fewer). */
const BATCH = 1000;

export function s3MediaStorage(config: MediaS3Config, options: { batchSize?: number } = {}): MediaStorage {
  const batchSize = Math.min(BATCH, options.batchSize ?? BATCH);
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // Checksums only where S3 requires them: several S3-compatible servers reject the newer default
    // (x-amz-checksum-* headers / trailers on every request).
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const Bucket = config.bucket;
  return {
    async put(key, bytes, contentType) {
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.length }));
    },
    async get(key) {
      try {
        const result = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        // Buffered: images are at most MEDIA_MAX_BYTES and the route sends a Content-Length.
        return result.Body ? Buffer.from(await result.Body.transformToByteArray()) : null;
      } catch (error) {
        if (error instanceof S3ServiceException && (error.name === "NoSuchKey" || error.$metadata.httpStatusCode === 404)) return null;
        throw error;
      }
    },
    async removePrefix(prefix) {
      // The trailing slash keeps one upload's prefix from matching another whose id starts the same way.
      const Prefix = prefix.endsWith("/") ? prefix : `${prefix}/`;
      // Paged by StartAfter (the last key seen) rather than the opaque continuation token: its meaning does not
      // depend on how a given S3-compatible server builds tokens once the keys they point at are deleted.
      let StartAfter: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix, StartAfter, MaxKeys: batchSize }));
        const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
        if (keys.length > 0) {
          const result = await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys, Quiet: true } }));
          if (result.Errors?.length) {
            const first = result.Errors[0]!;
            throw new Error(`S3 refused to delete ${result.Errors.length} media object(s), e.g. ${first.Key}: ${first.Code} ${first.Message ?? ""}`.trim());
          }
        }
        StartAfter = page.IsTruncated ? keys.at(-1)?.Key : undefined;
      } while (StartAfter);
    },
  };
}
