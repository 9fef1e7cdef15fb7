import { toHttpResponse } from "@/lib/errors";
import { handlePayPalWebhook } from "@/lib/payments/paypal/webhook";

export const dynamic = "force-dynamic";

/** Authenticated by PayPal's transmission signature alone (verified on the raw body inside lib/payments). */
export async function POST(request: Request) {
  try {
    const { status, body } = await handlePayPalWebhook(await request.text(), request.headers);
    return Response.json(body, { status });
  } catch (error) {
    // A database outage answers 503 (nothing was acknowledged, the gateway delivers again later), not 500.
    return toHttpResponse(error);
  }
}
