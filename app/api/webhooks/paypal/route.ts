import { handlePayPalWebhook } from "@/lib/payments/paypal/webhook";

export const dynamic = "force-dynamic";

/** Authenticated by PayPal's transmission signature alone (verified on the raw body inside lib/payments). */
export async function POST(request: Request) {
  const { status, body } = await handlePayPalWebhook(await request.text(), request.headers);
  return Response.json(body, { status });
}
