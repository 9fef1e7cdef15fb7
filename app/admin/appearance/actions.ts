"use server";
/**
 * Appearance: theme, menus, FAQs and testimonials. Each action declares its permission, the change and its audit row
 * commit together in lib/site/admin.ts, then the public pages showing it are revalidated by tag.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseForm, runAction } from "@/lib/actions";
import { auditActorFor, authorizeStaff } from "@/lib/auth/guards";
import {
  deleteFaq,
  deleteNavItem,
  deleteTestimonial,
  moveFaq,
  moveInputSchema,
  moveNavItem,
  moveTestimonial,
  saveFaq,
  saveNavItem,
  saveTestimonial,
  saveTheme,
} from "@/lib/site/admin";
import { revalidateSite } from "@/lib/site/revalidate";
import { SITE_TAGS } from "@/lib/site/tags";

const idSchema = z.object({ id: z.string().trim().min(1).max(64) });
const optionalId = (formData: FormData) => {
  const value = String(formData.get("id") ?? "").trim();
  return value || null;
};

export async function saveThemeAction(formData: FormData) {
  return runAction(async () => {
    // Changing the theme restyles the whole site at once: the publish permission.
    const actor = await authorizeStaff("content.publish");
    await saveTheme(await auditActorFor(actor), Object.fromEntries(formData));
    revalidateSite(SITE_TAGS.theme);
    // Portal and admin are dynamic but Next's router cache may hold their layout: refresh it too.
    revalidatePath("/", "layout");
    return null;
  });
}

export async function saveFaqAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("content.write");
    const saved = await saveFaq(await auditActorFor(actor), optionalId(formData), Object.fromEntries(formData));
    revalidateSite(SITE_TAGS.faqs);
    revalidatePath("/admin/appearance/faqs");
    return saved;
  });
}

export async function deleteFaqAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("content.write");
    const { id } = parseForm(idSchema, formData);
    await deleteFaq(await auditActorFor(actor), id);
    revalidateSite(SITE_TAGS.faqs);
    revalidatePath("/admin/appearance/faqs");
    return null;
  });
}

export async function moveFaqAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("content.write");
    const { id, direction } = parseForm(moveInputSchema, formData);
    await moveFaq(await auditActorFor(actor), id, direction);
    revalidateSite(SITE_TAGS.faqs);
    revalidatePath("/admin/appearance/faqs");
    return null;
  });
}

export async function saveTestimonialAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("content.write");
    const saved = await saveTestimonial(await auditActorFor(actor), optionalId(formData), Object.fromEntries(formData));
    revalidateSite(SITE_TAGS.testimonials);
    revalidatePath("/admin/appearance/testimonials");
    return saved;
  });
}

export async function deleteTestimonialAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("content.write");
    const { id } = parseForm(idSchema, formData);
    await deleteTestimonial(await auditActorFor(actor), id);
    revalidateSite(SITE_TAGS.testimonials);
    revalidatePath("/admin/appearance/testimonials");
    return null;
  });
}

export async function moveTestimonialAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("content.write");
    const { id, direction } = parseForm(moveInputSchema, formData);
    await moveTestimonial(await auditActorFor(actor), id, direction);
    revalidateSite(SITE_TAGS.testimonials);
    revalidatePath("/admin/appearance/testimonials");
    return null;
  });
}

export async function saveNavItemAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("content.write");
    const saved = await saveNavItem(await auditActorFor(actor), optionalId(formData), Object.fromEntries(formData));
    revalidateSite(SITE_TAGS.menus);
    revalidatePath("/admin/appearance/menus");
    return saved;
  });
}

export async function deleteNavItemAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("content.write");
    const { id } = parseForm(idSchema, formData);
    await deleteNavItem(await auditActorFor(actor), id);
    revalidateSite(SITE_TAGS.menus);
    revalidatePath("/admin/appearance/menus");
    return null;
  });
}

export async function moveNavItemAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("content.write");
    const { id, direction } = parseForm(moveInputSchema, formData);
    await moveNavItem(await auditActorFor(actor), id, direction);
    revalidateSite(SITE_TAGS.menus);
    revalidatePath("/admin/appearance/menus");
    return null;
  });
}
