"use server";
/** Customer ticket actions: each authorizes the signed-in customer and calls one lib/support service scoped to them. */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseForm, runAction } from "@/lib/actions";
import { authorizeCustomer } from "@/lib/auth/guards";
import { filesFromForm } from "@/lib/support/attachments";
import { openTicket, rateTicket, replyAsCustomer, resolveByCustomer, type OpenTicketInput } from "@/lib/support/tickets";

const ticketId = z.object({ ticketId: z.string().trim().min(1).max(64) });

export async function openTicketAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const files = await filesFromForm(formData);
    const input = Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === "string")) as unknown as OpenTicketInput;
    const ticket = await openTicket({ customerId: actor.userId, email: actor.email }, input, files, { source: "portal" });
    revalidatePath("/portal/tickets");
    return ticket;
  });
}

export async function replyToTicketAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const { ticketId: id, body } = parseForm(ticketId.extend({ body: z.string() }), { ticketId: formData.get("ticketId"), body: formData.get("body") });
    const files = await filesFromForm(formData);
    await replyAsCustomer(actor.userId, id, { body }, files);
    revalidatePath("/portal/tickets", "layout");
    return null;
  });
}

export async function resolveTicketAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const { ticketId: id } = parseForm(ticketId, formData);
    await resolveByCustomer(actor.userId, id);
    revalidatePath("/portal/tickets", "layout");
    return null;
  });
}

export async function rateTicketAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const input = parseForm(ticketId.extend({ rating: z.string().optional(), comment: z.string().optional() }), formData);
    await rateTicket(actor.userId, input.ticketId, { rating: input.rating ?? "", comment: input.comment });
    revalidatePath("/portal/tickets", "layout");
    return null;
  });
}
