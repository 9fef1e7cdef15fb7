"use server";
/** The customer cancels a service (now or at period end) or withdraws a pending cancellation. */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseForm, runAction } from "@/lib/actions";
import { auditActorFor, authorizeCustomer } from "@/lib/auth/guards";
import { cancelService, resumeService } from "@/lib/billing";

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
    const service = await cancelService(await auditActorFor(actor), input.serviceId, { when: input.when, reason: input.reason, customerId: actor.userId });
    revalidatePath("/portal/services");
    revalidatePath(`/portal/services/${input.serviceId}`);
    return { status: service.status, cancelAtPeriodEnd: service.cancelAtPeriodEnd };
  });
}

export async function resumeServiceAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const serviceId = parseForm(z.object({ serviceId: z.string().trim().min(1).max(64) }), formData).serviceId;
    await resumeService(await auditActorFor(actor), serviceId, { customerId: actor.userId });
    revalidatePath("/portal/services");
    revalidatePath(`/portal/services/${serviceId}`);
    return { resumed: true };
  });
}
