import "server-only";
/**
 * Staff refunds: full or partial, back through the payment's gateway or to account credit, each with a numbered
 * credit note. Gateway refunds are two-phase around the API call (never inside a transaction): a pending row with
 * the idempotency key we send, then completion by the API answer or the gateway's webhook, whichever is first.
 */
import { eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { auditLog, payments, refunds } from "@/db/billing/schema";
import { newId } from "@/db/columns";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { appendCredit } from "@/lib/billing/credit";
import { applyRefundEffects, recordGatewayRefund, refundableAmount, type Refund } from "@/lib/billing/refunds";
import { AppError, notFound, validation } from "@/lib/errors";
import { gatewayFor } from "./registry";

export interface RefundPaymentInput {
  amount: number;
  /** `credit`: to the customer's account balance; `gateway`: back to the card / PayPal / bank. */
  method: "gateway" | "credit";
  reason?: string | null;
}

export async function refundPayment(actor: AuditActor, paymentId: string, input: RefundPaymentInput, options: { now?: Date } = {}): Promise<Refund> {
  const now = options.now ?? new Date();
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw validation({ amount: ["Enter an amount above zero."] });
  const db = billingDb();
  const [payment] = await db.select().from(payments).where(eq(payments.id, paymentId)).limit(1);
  if (!payment) throw notFound("Payment not found");
  if (!["succeeded", "partially_refunded", "held", "disputed"].includes(payment.status)) {
    throw new AppError("CONFLICT", `A ${payment.status.replace("_", " ")} payment cannot be refunded.`);
  }
  // Money paid from credit only ever goes back to credit.
  const method = payment.gateway === "credit" ? "credit" : input.method;
  const refundId = newId();

  if (method === "credit" || payment.gateway === "bank_transfer" || payment.gateway === "manual") {
    return db.transaction(async (tx) => {
      const refundable = await refundableAmount(paymentId, tx);
      if (input.amount > refundable) throw validation({ amount: [`At most ${refundable} can be refunded.`] });
      const [row] = await tx
        .insert(refunds)
        .values({
          id: refundId,
          paymentId,
          invoiceId: payment.invoiceId,
          customerId: payment.customerId,
          method,
          gateway: payment.gateway,
          amount: input.amount,
          currency: payment.currency,
          status: "succeeded",
          reason: input.reason ?? null,
          createdBy: actor.id,
          idempotencyKey: `refund:${refundId}`,
        })
        .returning();
      if (method === "credit") {
        await appendCredit(tx, {
          customerId: payment.customerId,
          currency: payment.currency,
          amount: input.amount,
          reason: "refund",
          description: input.reason ?? "Refund to account credit",
          invoiceId: payment.invoiceId,
          paymentId,
          refundId,
          createdBy: actor.id,
        });
      }
      const applied = await applyRefundEffects(tx, row!, now);
      await writeAudit(tx, auditLog, actor, {
        action: "payment.refund",
        entityType: "payment",
        entityId: paymentId,
        after: { refundId, amount: input.amount, currency: payment.currency, method, reason: input.reason ?? null },
      });
      return applied;
    });
  }

  // Through the gateway: phase 1, the pending row.
  await db.transaction(async (tx) => {
    const refundable = await refundableAmount(paymentId, tx);
    if (input.amount > refundable) throw validation({ amount: [`At most ${refundable} can be refunded.`] });
    await tx.insert(refunds).values({
      id: refundId,
      paymentId,
      invoiceId: payment.invoiceId,
      customerId: payment.customerId,
      method: "gateway",
      gateway: payment.gateway,
      amount: input.amount,
      currency: payment.currency,
      status: "pending",
      reason: input.reason ?? null,
      createdBy: actor.id,
      idempotencyKey: `refund:${refundId}`,
    });
    await writeAudit(tx, auditLog, actor, {
      action: "payment.refund",
      entityType: "payment",
      entityId: paymentId,
      after: { refundId, amount: input.amount, currency: payment.currency, method: "gateway", reason: input.reason ?? null },
    });
  });

  // Phase 2: the API call, outside any transaction.
  let answer: Awaited<ReturnType<ReturnType<typeof gatewayFor>["refund"]>>;
  try {
    answer = await gatewayFor(payment.gateway).refund({ gatewayRef: payment.gatewayRef!, currency: payment.currency }, input.amount, {
      idempotencyKey: `refund:${refundId}`,
      reason: input.reason,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.update(refunds).set({ status: "failed", reason: [input.reason, `Gateway error: ${message}`].filter(Boolean).join(" — ") }).where(eq(refunds.id, refundId));
    throw new AppError("UNAVAILABLE", `The refund failed at ${payment.gateway}: ${message}`, { cause: error });
  }
  if (answer.status === "failed") {
    await db.update(refunds).set({ status: "failed", gatewayRef: answer.gatewayRef || null }).where(eq(refunds.id, refundId));
    throw new AppError("UNPROCESSABLE", `${payment.gateway} declined the refund.`);
  }
  if (answer.status === "pending") {
    await db.update(refunds).set({ gatewayRef: answer.gatewayRef }).where(eq(refunds.id, refundId));
  } else {
    await recordGatewayRefund({
      gateway: payment.gateway,
      gatewayRef: answer.gatewayRef,
      paymentGatewayRef: payment.gatewayRef!,
      amount: input.amount,
      currency: payment.currency,
      localRefundId: refundId,
      reason: input.reason,
      now,
    });
  }
  const [row] = await db.select().from(refunds).where(eq(refunds.id, refundId)).limit(1);
  return row!;
}
