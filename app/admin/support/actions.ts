"use server";
/** Support settings actions (support.settings.write): departments + SLA, canned replies, announcements, maintenance. */
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions";
import { auditActorFor, authorizeStaff } from "@/lib/auth/guards";
import { deleteAnnouncement, deleteCannedReply, saveAnnouncement, saveCannedReply, saveDepartment, saveMaintenanceWindow } from "@/lib/support/settings";
import type { StaffActor } from "@/lib/support/tickets";

async function settingsActor(): Promise<StaffActor> {
  const actor = await authorizeStaff("support.settings.write");
  return { ...(await auditActorFor(actor)), id: actor.userId };
}

const fields = (formData: FormData) => Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
const idOf = (formData: FormData) => {
  const id = String(formData.get("id") ?? "").trim();
  return id && id.length <= 64 ? id : null;
};

export async function saveDepartmentAction(formData: FormData) {
  return runAction(async () => {
    const result = await saveDepartment(await settingsActor(), idOf(formData), fields(formData));
    revalidatePath("/admin/support", "layout");
    return result;
  });
}

export async function saveCannedReplyAction(formData: FormData) {
  return runAction(async () => {
    const result = await saveCannedReply(await settingsActor(), idOf(formData), fields(formData));
    revalidatePath("/admin/support", "layout");
    return result;
  });
}

export async function deleteCannedReplyAction(formData: FormData) {
  return runAction(async () => {
    const id = idOf(formData);
    if (id) await deleteCannedReply(await settingsActor(), id);
    revalidatePath("/admin/support", "layout");
    return null;
  });
}

export async function saveAnnouncementAction(formData: FormData) {
  return runAction(async () => {
    const result = await saveAnnouncement(await settingsActor(), idOf(formData), fields(formData));
    revalidatePath("/admin/support", "layout");
    revalidatePath("/status");
    return result;
  });
}

export async function deleteAnnouncementAction(formData: FormData) {
  return runAction(async () => {
    const id = idOf(formData);
    if (id) await deleteAnnouncement(await settingsActor(), id);
    revalidatePath("/admin/support", "layout");
    revalidatePath("/status");
    return null;
  });
}

export async function saveMaintenanceAction(formData: FormData) {
  return runAction(async () => {
    const result = await saveMaintenanceWindow(await settingsActor(), idOf(formData), fields(formData));
    revalidatePath("/admin/support", "layout");
    revalidatePath("/status");
    return result;
  });
}
