/**
 * Uploaded images. Files never change once written (a new upload gets a new id), so they are cacheable
 * for a year by browsers and CDNs; the ETag answers revalidations with 304.
 */
import { readMediaFile } from "@/lib/content/media";

export async function GET(request: Request, { params }: { params: Promise<{ id: string; file: string }> }) {
  const { id, file } = await params;
  const found = await readMediaFile(id, file);
  if (!found) return new Response("Not found", { status: 404, headers: { "cache-control": "public, max-age=60" } });
  const headers = {
    "content-type": found.mimeType,
    "cache-control": "public, max-age=31536000, immutable",
    etag: found.etag,
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
  };
  if (request.headers.get("if-none-match") === found.etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(found.bytes), { headers: { ...headers, "content-length": String(found.bytes.length) } });
}
