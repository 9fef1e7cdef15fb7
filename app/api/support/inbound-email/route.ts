/**
 * Inbound email: the mail server POSTs each raw RFC 822 message here (Content-Type message/rfc822 or text/plain),
 * authenticated with `Authorization: Bearer <INBOUND_EMAIL_SECRET>`. Off (404) when the secret is unset.
 * Answers 200 for threaded, duplicate and rejected messages alike (with the outcome in the body), so the mail
 * server does not retry a message we refused on purpose; 401 for a wrong secret, 413 for an oversized message.
 */
import { serverEnv } from "@/lib/env";
import { toHttpResponse } from "@/lib/errors";
import { safeEqual } from "@/lib/security/tokens";
import { INBOUND_MAX_BYTES, processInboundEmail } from "@/lib/support/inbound";

export async function POST(request: Request) {
  const secret = serverEnv().INBOUND_EMAIL_SECRET;
  if (!secret) return Response.json({ error: { code: "NOT_FOUND", message: "Not found" } }, { status: 404 });
  const given = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1]?.trim() ?? "";
  if (!safeEqual(given, secret)) return Response.json({ error: { code: "UNAUTHENTICATED", message: "Bad credentials" } }, { status: 401 });
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > INBOUND_MAX_BYTES) return Response.json({ error: { code: "VALIDATION", message: "Message too large" } }, { status: 413 });
  try {
    const raw = Buffer.from(await request.arrayBuffer());
    if (raw.length > INBOUND_MAX_BYTES) return Response.json({ error: { code: "VALIDATION", message: "Message too large" } }, { status: 413 });
    const result = await processInboundEmail(raw);
    return Response.json(result);
  } catch (error) {
    return toHttpResponse(error);
  }
}
