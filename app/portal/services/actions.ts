"use server";
/**
 * The customer cancels a service (now or at period end), withdraws a pending cancellation, or changes plan.
 * Each action first resolves the service through the access rule (lib/billing/account-access.ts: their own, or
 * their organization's when their role manages services; NOT_FOUND / FORBIDDEN otherwise), then scopes the write
 * by that service's customer id.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseForm, runAction } from "@/lib/actions";
import { auditActorFor, authorizeCustomer } from "@/lib/auth/guards";
import { cancelService, resumeService } from "@/lib/billing";
import { billingAccessFor } from "@/lib/billing/account-access";
import { cancelPlanChange, previewPlanChange, requestPlanChange } from "@/lib/billing/plan-changes";
import { requireAccountService } from "@/lib/billing/portal";

/** The service, if the actor's account may manage it; its customerId scopes the lib call that follows. */
async function manageableService(userId: string, serviceId: string) {
  return requireAccountService(await billingAccessFor(userId), serviceId, "services.manage");
}

const cancelSchema = z.object({
  serviceId: z.string().trim().min(1).max(64),
  when: z.enum(["now", "period_end"], { error: "Choose when the service stops." }),
  reason: z
    .string()
    .trim()
    .max(500, "At most 500 characters.")
    .optional()
    .transform((v) => v || null),
});

export async function cancelServiceAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const input = parseForm(cancelSchema, formData);
    const { customerId } = await manageableService(actor.userId, input.serviceId);
    const service = await cancelService(await auditActorFor(actor), input.serviceId, { when: input.when, reason: input.reason, customerId });
    revalidatePath("/portal/services");
    revalidatePath(`/portal/services/${input.serviceId}`);
    return { status: service.status, cancelAtPeriodEnd: service.cancelAtPeriodEnd };
  });
}

export async function resumeServiceAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const serviceId = parseForm(z.object({ serviceId: z.string().trim().min(1).max(64) }), formData).serviceId;
    const { customerId } = await manageableService(actor.userId, serviceId);
    await resumeService(await auditActorFor(actor), serviceId, { customerId });
    revalidatePath("/portal/services");
    revalidatePath(`/portal/services/${serviceId}`);
    return { resumed: true };
  });
}

/* ─── Upgrades and downgrades ─── */

const planChangeSchema = z.object({
  serviceId: z.string().trim().min(1).max(64),
  priceId: z.string().trim().min(1, "Choose a plan.").max(64),
});

/** What the change costs now and when it starts, before the customer confirms (nothing is written). */
export async function previewPlanChangeAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const input = parseForm(planChangeSchema, formData);
    const { customerId } = await manageableService(actor.userId, input.serviceId);
    const p = await previewPlanChange(customerId, input.serviceId, input.priceId);
    return {
      kind: p.kind,
      fromName: p.fromName,
      toName: p.toName,
      currency: p.currency,
      oldAmount: p.oldAmount,
      newAmount: p.newAmount,
      cycle: p.cycle,
      totalDays: p.totalDays,
      remainingDays: p.remainingDays,
      proration: p.proration,
      tax: p.tax,
      taxName: p.taxName,
      taxRateBps: p.taxRateBps,
      dueNow: p.dueNow,
      periodEnd: p.periodEnd.toISOString(),
      effectiveAt: p.effectiveAt.toISOString(),
    };
  });
}

export async function requestPlanChangeAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const input = parseForm(planChangeSchema, formData);
    const { customerId } = await manageableService(actor.userId, input.serviceId);
    const result = await requestPlanChange(await auditActorFor(actor), customerId, input.serviceId, input.priceId);
    revalidatePath("/portal/services");
    revalidatePath(`/portal/services/${input.serviceId}`);
    return { kind: result.preview.kind, invoiceId: result.invoiceId, status: result.change.status };
  });
}

export async function cancelPlanChangeAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const input = parseForm(z.object({ changeId: z.string().trim().min(1).max(64), serviceId: z.string().trim().min(1).max(64) }), formData);
    const { customerId } = await manageableService(actor.userId, input.serviceId);
    const change = await cancelPlanChange(await auditActorFor(actor), input.changeId, { customerId, serviceId: input.serviceId });
    revalidatePath("/portal/services");
    revalidatePath(`/portal/services/${input.serviceId}`);
    revalidatePath("/portal/invoices");
    return { kind: change.kind };
  });
}
