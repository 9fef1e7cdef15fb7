/**
 * PayPal sends the payer back here after they approve (`?token=<order id>&PayerID=…`): capture the order and
 * record the payment now (the PAYMENT.CAPTURE.COMPLETED webhook records the same capture if they never return).
 */
import { NextResponse, type NextRequest } from "next/server";
import { currentActor } from "@/lib/auth/guards";
import { billingAccessFor } from "@/lib/billing/account-access";
import { requireAccountInvoice } from "@/lib/billing/portal";
import { serverEnv } from "@/lib/env";
import { capturePayPalOrder } from "@/lib/payments";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const page = new URL(`/portal/invoices/${encodeURIComponent(id)}`, serverEnv().APP_URL);
  const actor = await currentActor();
  if (!actor) {
    const signIn = new URL("/sign-in", serverEnv().APP_URL);
    signIn.searchParams.set("next", request.nextUrl.pathname + request.nextUrl.search);
    return NextResponse.redirect(signIn, 303);
  }
  const orderId = request.nextUrl.searchParams.get("token");
  if (!orderId || !/^[A-Za-z0-9-]{1,64}$/.test(orderId)) {
    page.searchParams.set("paypal", "failed");
    return NextResponse.redirect(page, 303);
  }
  try {
    // Their own invoice, or their organization's when their role pays invoices (account-access.ts).
    const invoice = await requireAccountInvoice(await billingAccessFor(actor.userId), id, "invoices.pay");
    const outcome = await capturePayPalOrder(id, orderId, { customerId: invoice.customerId });
    page.searchParams.set(outcome.status === "COMPLETED" ? "paid" : "paypal", outcome.status === "COMPLETED" ? "1" : "failed");
  } catch (error) {
    console.error(`[paypal-return] capture of order ${orderId} for invoice ${id} failed:`, error instanceof Error ? error.message : error);
    page.searchParams.set("paypal", "failed");
  }
  return NextResponse.redirect(page, 303);
}
