import { toHttpResponse } from "@/lib/errors";
import { handleStripeWebhook } from "@/lib/payments/stripe/webhook";

export const dynamic = "force-dynamic";

/** Authenticated by its signature alone (verified on the raw body inside lib/payments). */
export async function POST(request: Request) {
  try {
    const { status, body } = await handleStripeWebhook(await request.text(), request.headers.get("stripe-signature"));
    return Response.json(body, { status });
  } catch (error) {
    // A database outage answers 503 (nothing was acknowledged, the gateway delivers again later), not 500.
    return toHttpResponse(error);
  }
}
