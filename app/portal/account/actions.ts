"use server";
/**
 * Account self-service. Every action re-checks the session (authorizeCustomer) and acts only on the signed-in
 * user's own records: ids from the form are always combined with actor.userId inside lib/auth.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseForm, runAction } from "@/lib/actions";
import { changePassword, requestEmailChange, resendVerification, updateProfile } from "@/lib/auth/accounts";
import { createApiToken, revokeApiToken } from "@/lib/auth/api-tokens";
import { authorizeCustomer, requestContext } from "@/lib/auth/guards";
import { revokeUserSession, signOutEverywhere } from "@/lib/auth/sessions";
import {
  confirmTotpEnrolment,
  disableTwoFactor,
  regenerateRecoveryCodes,
  startTotpEnrolment,
} from "@/lib/auth/two-factor";
import { signOut } from "@/lib/auth/next-auth";

const profileSchema = z.object({ name: z.string().trim().max(100, "Use at most 100 characters.") });

export async function updateProfileAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const { name } = parseForm(profileSchema, formData);
    await updateProfile(actor.userId, { name });
    revalidatePath("/portal", "layout");
    return { saved: true };
  });
}

export async function changePasswordAction(formData: FormData) {
  const result = await runAction(async () => {
    const actor = await authorizeCustomer();
    await changePassword(
      actor.userId,
      { currentPassword: String(formData.get("currentPassword") ?? ""), newPassword: String(formData.get("newPassword") ?? "") },
      await requestContext(),
    );
    return { changed: true };
  });
  // A password change signs out every session, this one included.
  if (result.ok) await signOut({ redirectTo: "/sign-in?notice=password-changed" });
  return result;
}

export async function requestEmailChangeAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    await requestEmailChange(
      actor.userId,
      { newEmail: String(formData.get("newEmail") ?? ""), password: String(formData.get("password") ?? "") },
      await requestContext(),
    );
    return { sentTo: String(formData.get("newEmail") ?? "").trim().toLowerCase() };
  });
}

export async function resendVerificationAction() {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    await resendVerification(actor.userId, await requestContext());
    return { sent: true };
  });
}

export async function startTwoFactorAction() {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const { secret, qrSvg } = await startTotpEnrolment(actor.userId);
    return { secret, qrSvg };
  });
}

export async function confirmTwoFactorAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const result = await confirmTotpEnrolment(actor.userId, String(formData.get("code") ?? ""), await requestContext());
    revalidatePath("/portal/account/security");
    return result;
  });
}

export async function regenerateRecoveryCodesAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    return regenerateRecoveryCodes(actor.userId, { code: String(formData.get("code") ?? "") });
  });
}

export async function disableTwoFactorAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    await disableTwoFactor(actor.userId, { password: String(formData.get("password") ?? "") }, await requestContext());
    revalidatePath("/portal/account/security");
    return { disabled: true };
  });
}

export async function revokeSessionAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    await revokeUserSession(actor.userId, String(formData.get("sessionId") ?? ""), await requestContext());
    revalidatePath("/portal/account/security");
    return { revoked: true };
  });
}

export async function signOutEverywhereAction() {
  const result = await runAction(async () => {
    const actor = await authorizeCustomer();
    await signOutEverywhere(actor.userId, await requestContext());
    return { done: true };
  });
  if (result.ok) await signOut({ redirectTo: "/sign-in" });
  return result;
}

const tokenSchema = z.object({
  name: z.string(),
  scopes: z.array(z.string()),
  expiresInDays: z.enum(["7", "30", "90", "365", "never"]),
});

export async function createApiTokenAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const input = parseForm(tokenSchema, {
      name: formData.get("name") ?? "",
      scopes: formData.getAll("scopes"),
      expiresInDays: formData.get("expiresInDays") ?? "90",
    });
    const expiresAt =
      input.expiresInDays === "never" ? null : new Date(Date.now() + Number(input.expiresInDays) * 24 * 60 * 60_000);
    const created = await createApiToken(actor.userId, { name: input.name, scopes: input.scopes as never, expiresAt });
    revalidatePath("/portal/account/api-tokens");
    return created;
  });
}

export async function revokeApiTokenAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    await revokeApiToken(actor.userId, String(formData.get("tokenId") ?? ""));
    revalidatePath("/portal/account/api-tokens");
    return { revoked: true };
  });
}
