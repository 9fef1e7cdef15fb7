import "server-only";
/**
 * Saved payment methods (references to gateway objects, never card data): the customer removes one or chooses the
 * default that renewals are charged to.
 *
 * - Remove: detached at Stripe first (so it can never be charged again, even if our write then failed), then marked
 *   `detached`; services renewing with it move to the customer's default (the newest remaining card becomes the
 *   default if it was the default), or to none, in which case renewals are emailed as invoices to pay.
 * - Default: one per customer; every running service of the customer renews with it, and Stripe's customer gets it
 *   as `invoice_settings.default_payment_method`.
 * Both are audited in the same transaction as the change.
 */
import { and, desc, eq, inArray, ne } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { auditLog, paymentMethods, services } from "@/db/billing/schema";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { notFound } from "@/lib/errors";
import { stripeClient } from "./stripe/client";

async function ownMethod(customerId: string, methodId: string) {
  const [method] = await billingDb()
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.id, methodId), eq(paymentMethods.customerId, customerId), eq(paymentMethods.status, "active")))
    .limit(1);
  if (!method) throw notFound("Payment method not found");
  return method;
}

export async function removePaymentMethod(actor: AuditActor, customerId: string, methodId: string): Promise<{ newDefaultId: string | null }> {
  const method = await ownMethod(customerId, methodId);
  if (method.gateway === "stripe") {
    const stripe = await stripeClient();
    try {
      await stripe.paymentMethods.detach(method.gatewayMethodRef);
    } catch (error) {
      // Already detached or deleted at Stripe: the outcome we want.
      if ((error as { code?: string; statusCode?: number }).statusCode !== 404 && (error as { code?: string }).code !== "resource_missing") throw error;
    }
  }
  return billingDb().transaction(async (tx) => {
    await tx.update(paymentMethods).set({ status: "detached", isDefault: false }).where(eq(paymentMethods.id, methodId));
    let newDefaultId: string | null = null;
    const [currentDefault] = await tx
      .select({ id: paymentMethods.id })
      .from(paymentMethods)
      .where(and(eq(paymentMethods.customerId, customerId), eq(paymentMethods.status, "active"), eq(paymentMethods.isDefault, true)))
      .limit(1);
    if (currentDefault) newDefaultId = currentDefault.id;
    else {
      const [next] = await tx
        .select({ id: paymentMethods.id })
        .from(paymentMethods)
        .where(and(eq(paymentMethods.customerId, customerId), eq(paymentMethods.status, "active"), ne(paymentMethods.id, methodId)))
        .orderBy(desc(paymentMethods.createdAt))
        .limit(1);
      if (next) {
        await tx.update(paymentMethods).set({ isDefault: true }).where(eq(paymentMethods.id, next.id));
        newDefaultId = next.id;
      }
    }
    await tx
      .update(services)
      .set({ paymentMethodId: newDefaultId })
      .where(and(eq(services.customerId, customerId), eq(services.paymentMethodId, methodId)));
    await writeAudit(tx, auditLog, actor, {
      action: "payment_method.remove",
      entityType: "payment_method",
      entityId: methodId,
      before: { status: method.status, isDefault: method.isDefault, brand: method.brand, last4: method.last4 },
      after: { status: "detached", newDefaultId },
    });
    return { newDefaultId };
  });
}

export async function setDefaultPaymentMethod(actor: AuditActor, customerId: string, methodId: string): Promise<void> {
  const method = await ownMethod(customerId, methodId);
  if (method.gateway === "stripe" && method.gatewayCustomerRef) {
    const stripe = await stripeClient();
    await stripe.customers.update(method.gatewayCustomerRef, { invoice_settings: { default_payment_method: method.gatewayMethodRef } });
  }
  await billingDb().transaction(async (tx) => {
    await tx.update(paymentMethods).set({ isDefault: false }).where(and(eq(paymentMethods.customerId, customerId), ne(paymentMethods.id, methodId)));
    await tx.update(paymentMethods).set({ isDefault: true }).where(eq(paymentMethods.id, methodId));
    await tx
      .update(services)
      .set({ paymentMethodId: methodId, gateway: method.gateway })
      .where(and(eq(services.customerId, customerId), inArray(services.status, ["pending", "active", "suspended"])));
    await writeAudit(tx, auditLog, actor, {
      action: "payment_method.set_default",
      entityType: "payment_method",
      entityId: methodId,
      after: { isDefault: true, brand: method.brand, last4: method.last4 },
    });
  });
}
