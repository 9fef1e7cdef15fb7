"use server";
/**
 * Staff ticket actions. Each declares its permission: replying and notes need tickets.reply; assigning, status,
 * routing, tags, merging and bulk actions need tickets.manage. lib/support writes the audit row in the same
 * transaction as the change.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { TICKET_STATUSES } from "@/db/support/schema";
import { parseForm, runAction } from "@/lib/actions";
import { auditActorFor, authorizeStaff, type Actor } from "@/lib/auth/guards";
import { parseBulkForm } from "@/lib/admin/tables/bulk";
import { validation } from "@/lib/errors";
import { filesFromForm } from "@/lib/support/attachments";
import { assignTickets, changeTicketRouting, mergeTickets, replyAsStaff, setTicketStatus, setTicketTags, type StaffActor } from "@/lib/support/tickets";

const id = z.string().trim().min(1).max(64);

async function staffActor(actor: Actor): Promise<StaffActor> {
  const audit = await auditActorFor(actor);
  return { ...audit, id: actor.userId };
}

function refresh() {
  revalidatePath("/admin/tickets", "layout");
}

export async function staffReplyAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("tickets.reply");
    const input = parseForm(z.object({ ticketId: id, body: z.string(), internal: z.string().optional() }), {
      ticketId: formData.get("ticketId"),
      body: formData.get("body"),
      internal: formData.get("internal") ?? undefined,
    });
    const files = await filesFromForm(formData);
    const internal = input.internal === "on" || input.internal === "true";
    await replyAsStaff(await staffActor(actor), input.ticketId, { body: input.body, internal }, files);
    refresh();
    return { internal };
  });
}

export async function assignTicketAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("tickets.manage");
    const input = parseForm(z.object({ ticketId: id, assigneeId: z.string().trim().max(64).optional() }), formData);
    await assignTickets(await staffActor(actor), [input.ticketId], input.assigneeId || null);
    refresh();
    return null;
  });
}

export async function ticketStatusAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("tickets.manage");
    const input = parseForm(z.object({ ticketId: id, status: z.enum(TICKET_STATUSES, { error: "Choose a status" }) }), formData);
    await setTicketStatus(await staffActor(actor), [input.ticketId], input.status);
    refresh();
    return null;
  });
}

export async function ticketRoutingAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("tickets.manage");
    const input = parseForm(z.object({ ticketId: id, departmentId: z.string(), priority: z.string() }), formData);
    await changeTicketRouting(await staffActor(actor), input.ticketId, { departmentId: input.departmentId, priority: input.priority as never });
    refresh();
    return null;
  });
}

export async function ticketTagsAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("tickets.manage");
    const input = parseForm(z.object({ ticketId: id, tags: z.string().max(400).default("") }), formData);
    const tags = await setTicketTags(await staffActor(actor), input.ticketId, input.tags.split(","));
    refresh();
    return { tags };
  });
}

export async function mergeTicketAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("tickets.manage");
    const input = parseForm(z.object({ ticketId: id, targetId: z.string().trim().min(1, "Choose the ticket to merge into").max(64) }), formData);
    await mergeTickets(await staffActor(actor), input.ticketId, input.targetId);
    refresh();
    return null;
  });
}


/**
 * The queue table's bulk actions (ids from its row selection): assign to the person picked beside the buttons, or
 * close. lib/support audits each ticket in the transaction that changes it.
 */
export async function bulkQueueAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("tickets.manage");
    const { action, ids } = parseBulkForm(formData, ["assign", "close"]);
    const assigneeId = parseForm(z.object({ assigneeId: z.string().trim().max(64).optional() }), { assigneeId: formData.get("assigneeId") ?? undefined }).assigneeId || null;
    const staff = await staffActor(actor);
    const count = action === "assign" ? await assignTickets(staff, ids, assigneeId) : await setTicketStatus(staff, ids, "closed");
    refresh();
    const noun = `${count} ticket${count === 1 ? "" : "s"}`;
    return { count, message: action === "assign" ? (assigneeId ? `${noun} assigned.` : `${noun} unassigned.`) : `${noun} closed.` };
  });
}
