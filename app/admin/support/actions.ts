"use server";
/**
 * Support settings actions: departments + SLA, canned replies, announcements, maintenance. Each authorizes
 * support.settings.write first (before reading any input); lib/support/settings writes the audit row.
 */
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions";
import { auditActorFor, authorizeStaff, type Actor } from "@/lib/auth/guards";
import { deleteAnnouncement, deleteCannedReply, saveAnnouncement, saveCannedReply, saveDepartment, saveMaintenanceWindow } from "@/lib/support/settings";
import type { StaffActor } from "@/lib/support/tickets";

async function asStaffActor(actor: Actor): Promise<StaffActor> {
  return { ...(await auditActorFor(actor)), id: actor.userId };
}

const fields = (formData: FormData) => Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
const idOf = (formData: FormData) => {
  const id = String(formData.get("id") ?? "").trim();
  return id && id.length <= 64 ? id : null;
};

export async function saveDepartmentAction(formData: FormData) {
  return runAction(async () => {
    const actor = await asStaffActor(await authorizeStaff("support.settings.write"));
    const result = await saveDepartment(actor, idOf(formData), fields(formData));
    revalidatePath("/admin/support", "layout");
    return result;
  });
}

export async function saveCannedReplyAction(formData: FormData) {
  return runAction(async () => {
    const actor = await asStaffActor(await authorizeStaff("support.settings.write"));
    const result = await saveCannedReply(actor, idOf(formData), fields(formData));
    revalidatePath("/admin/support", "layout");
    return result;
  });
}

export async function deleteCannedReplyAction(formData: FormData) {
  return runAction(async () => {
    const actor = await asStaffActor(await authorizeStaff("support.settings.write"));
    const id = idOf(formData);
    if (id) await deleteCannedReply(actor, id);
    revalidatePath("/admin/support", "layout");
    return null;
  });
}

export async function saveAnnouncementAction(formData: FormData) {
  return runAction(async () => {
    const actor = await asStaffActor(await authorizeStaff("support.settings.write"));
    const result = await saveAnnouncement(actor, idOf(formData), fields(formData));
    revalidatePath("/admin/support", "layout");
    revalidatePath("/status");
    return result;
  });
}

export async function deleteAnnouncementAction(formData: FormData) {
  return runAction(async () => {
    const actor = await asStaffActor(await authorizeStaff("support.settings.write"));
    const id = idOf(formData);
    if (id) await deleteAnnouncement(actor, id);
    revalidatePath("/admin/support", "layout");
    revalidatePath("/status");
    return null;
  });
}

export async function saveMaintenanceAction(formData: FormData) {
  return runAction(async () => {
    const actor = await asStaffActor(await authorizeStaff("support.settings.write"));
    const result = await saveMaintenanceWindow(actor, idOf(formData), fields(formData));
    revalidatePath("/admin/support", "layout");
    revalidatePath("/status");
    return result;
  });
}
