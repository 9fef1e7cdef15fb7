"use server";
/** Settings actions: `settings.write`, zod-validated in lib/settings, audited with old and new values. */
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions";
import { auditActorFor, authorizeStaff } from "@/lib/auth/guards";
import { AppError } from "@/lib/errors";
import { isSection, saveSettingsSection, SETTINGS_SECTIONS } from "@/lib/settings";
import { getEmailTemplate, KNOWN_TEMPLATES, renderTemplate, saveEmailTemplate } from "@/lib/settings/email-templates";

export async function saveSettingsAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("settings.write");
    const section = String(formData.get("section") ?? "");
    if (!isSection(section)) throw new AppError("NOT_FOUND", "No such settings section.");
    const input: Record<string, unknown> = {};
    for (const field of SETTINGS_SECTIONS[section].fields) {
      const value = formData.get(field.key);
      input[field.key] = field.type === "boolean" ? value === "on" : typeof value === "string" ? value : "";
    }
    const result = await saveSettingsSection(await auditActorFor(actor), section, input);
    revalidatePath("/admin/settings", "layout");
    return result;
  });
}

export async function saveEmailTemplateAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("settings.write");
    const result = await saveEmailTemplate(await auditActorFor(actor), {
      key: String(formData.get("key") ?? ""),
      subject: String(formData.get("subject") ?? ""),
      body: String(formData.get("body") ?? ""),
    });
    revalidatePath("/admin/settings/email");
    return result;
  });
}

/** Renders what is in the editor (unsaved) with the template's sample values. */
export async function previewEmailTemplateAction(formData: FormData) {
  return runAction(async () => {
    await authorizeStaff("settings.write");
    const key = String(formData.get("key") ?? "");
    const known = KNOWN_TEMPLATES[key];
    if (!known) throw new AppError("NOT_FOUND", "No such email template.");
    const stored = await getEmailTemplate(key);
    const subject = String(formData.get("subject") ?? stored.subject).slice(0, 200);
    const body = String(formData.get("body") ?? stored.body).slice(0, 20_000);
    return renderTemplate({ subject, body }, known.sample);
  });
}
