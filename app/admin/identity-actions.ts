"use server";
/**
 * Back-office identity actions. Each declares its permission (authorizeStaff) and passes an audit actor so the
 * change and its audit row commit together inside lib/auth.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseForm, runAction } from "@/lib/actions";
import { getCustomerForStaff } from "@/lib/auth/customers";
import { auditActorFor, authorizeStaff } from "@/lib/auth/guards";
import { changeStaffRole, inviteStaff, setRolePermissions } from "@/lib/auth/permissions";
import { adminResetTwoFactor } from "@/lib/auth/two-factor";
import { blockIp, unblockIp } from "@/lib/security/blocked-ips";

export async function inviteStaffAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("staff.manage");
    const result = await inviteStaff(await auditActorFor(actor), {
      email: String(formData.get("email") ?? ""),
      role: String(formData.get("role") ?? "") as never,
    });
    revalidatePath("/admin/staff");
    return result;
  });
}

const roleSchema = z.object({ userId: z.string().min(1).max(64), role: z.enum(["admin", "billing", "support", "customer"]) });

export async function changeStaffRoleAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("staff.manage");
    const { userId, role } = parseForm(roleSchema, formData);
    const result = await changeStaffRole(await auditActorFor(actor), userId, role);
    revalidatePath("/admin/staff");
    return result;
  });
}

export async function setRolePermissionsAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("staff.manage");
    const roleKey = String(formData.get("role") ?? "");
    const keys = formData.getAll("permissions").map(String);
    const result = await setRolePermissions(await auditActorFor(actor), roleKey, keys);
    revalidatePath("/admin/staff/roles");
    return { added: result.added, removed: result.removed };
  });
}

export async function resetCustomerTwoFactorAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("customers.write");
    const userId = String(formData.get("userId") ?? "");
    // Customers only: "customers.write" (billing has it) must not reach a staff account's 2FA, which guards the
    // back office. The page only offers customers, but the action is callable with any id.
    await getCustomerForStaff(userId);
    await adminResetTwoFactor(await auditActorFor(actor), userId);
    revalidatePath(`/admin/customers/${userId}`);
    return { reset: true };
  });
}

export async function blockIpAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("security.manage");
    const days = String(formData.get("expiresInDays") ?? "");
    const expiresAt = days && days !== "never" ? new Date(Date.now() + Number(days) * 86_400_000) : null;
    const blocked = await blockIp(await auditActorFor(actor), {
      cidr: String(formData.get("cidr") ?? ""),
      reason: String(formData.get("reason") ?? ""),
      expiresAt,
    });
    revalidatePath("/admin/security");
    return { id: blocked.id };
  });
}

export async function unblockIpAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("security.manage");
    await unblockIp(await auditActorFor(actor), String(formData.get("id") ?? ""));
    revalidatePath("/admin/security");
    return { removed: true };
  });
}
