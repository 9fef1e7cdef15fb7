/**
 * Expires cached content on behalf of background jobs (scheduled publishing), which run outside any request
 * where Next cannot revalidate. Authenticated by an HMAC of the body under a key derived from AUTH_SECRET.
 */
import { revalidateInRequest, verifyRevalidation } from "@/lib/content/revalidate";

export async function POST(request: Request) {
  const body = await request.text();
  if (body.length > 64 * 1024) return new Response(null, { status: 413 });
  const change = verifyRevalidation(body, request.headers.get("x-skyport-signature"));
  if (!change) return Response.json({ error: { code: "FORBIDDEN", message: "Bad signature" } }, { status: 403 });
  await revalidateInRequest(change);
  return Response.json({ ok: true, tags: change.tags.length, paths: change.paths.length });
}
