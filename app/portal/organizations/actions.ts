"use server";
/**
 * Organization self-service. Every action re-checks the session first (authorizeCustomer), then parses its input;
 * membership and role are checked inside lib/auth/organizations against the acting user's id, so an
 * organization, member or invitation id from the form reaches nothing the actor does not belong to.
 */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { parseForm, runAction } from "@/lib/actions";
import { authorizeCustomer, requestContext } from "@/lib/auth/guards";
import {
  acceptInvite,
  ORGANIZATION_ROLES,
  changeMemberRole,
  createOrganization,
  inviteMember,
  removeMember,
  revokeInvite,
} from "@/lib/auth/organizations";
import { AppError, forbidden } from "@/lib/errors";
import { assertRateLimit, rateLimitKey } from "@/lib/security/rate-limit";

const id = z.string({ error: "Missing id." }).trim().min(1, "Missing id.").max(64, "Invalid id.");
const orgScoped = z.object({ organizationId: id });

/**
 * Invitations send email to any address someone types: a per-account budget keeps an account from being used
 * as a mail cannon (revoking and re-inviting would otherwise be unbounded).
 */
const INVITE_RATE_LIMIT = { limit: 30, windowMs: 60 * 60_000 };

const organizationPath = (organizationId: string) => `/portal/organizations/${encodeURIComponent(organizationId)}`;

export async function createOrganizationAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const input = parseForm(z.object({ name: z.string({ error: "Enter a name." }).max(200, "At most 80 characters.") }), formData);
    const created = await createOrganization(actor.userId, { name: input.name }, await requestContext());
    revalidatePath("/portal/organizations");
    return created;
  });
}

const inviteSchema = orgScoped.extend({
  email: z.string({ error: "Enter an email address." }).max(320, "Email is too long."),
  role: z.enum(ORGANIZATION_ROLES, { error: "Choose a role." }),
});

export async function inviteMemberAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const input = parseForm(inviteSchema, formData);
    if (!actor.emailVerified) throw forbidden("Verify your email address before inviting people.");
    await assertRateLimit(rateLimitKey("org-invite:user", actor.userId), INVITE_RATE_LIMIT);
    const invite = await inviteMember(actor.userId, input.organizationId, { email: input.email, role: input.role }, await requestContext());
    revalidatePath(organizationPath(input.organizationId));
    return { inviteId: invite.inviteId, email: input.email.trim().toLowerCase() };
  });
}

export async function revokeInviteAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const input = parseForm(orgScoped.extend({ inviteId: id }), formData);
    await revokeInvite(actor.userId, input.organizationId, input.inviteId, await requestContext());
    revalidatePath(organizationPath(input.organizationId));
    return { revoked: true };
  });
}

export async function changeMemberRoleAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const input = parseForm(orgScoped.extend({ userId: id, role: z.enum(ORGANIZATION_ROLES, { error: "Choose a role." }) }), formData);
    const result = await changeMemberRole(actor.userId, input.organizationId, input.userId, input.role, await requestContext());
    revalidatePath(organizationPath(input.organizationId));
    return result;
  });
}

/** Removes another member (removing yourself works too, but the page uses leaveOrganizationAction for that). */
export async function removeMemberAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const input = parseForm(orgScoped.extend({ userId: id }), formData);
    await removeMember(actor.userId, input.organizationId, input.userId, await requestContext());
    revalidatePath(organizationPath(input.organizationId));
    return { removed: true };
  });
}

/**
 * Leaves an organization. On success the person is sent to the list: the organization's own page would now be
 * a 404 for them.
 */
export async function leaveOrganizationAction(formData: FormData) {
  const result = await runAction(async () => {
    const actor = await authorizeCustomer();
    const input = parseForm(orgScoped, formData);
    await removeMember(actor.userId, input.organizationId, actor.userId, await requestContext());
    return { left: true };
  });
  if (result.ok) {
    revalidatePath("/portal/organizations");
    redirect("/portal/organizations?notice=left");
  }
  return result;
}

/** Redeemed by a button press, never on page load: mail scanners open links and must not use up invitations. */
export async function acceptInviteAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const token = formData.get("token");
    if (typeof token !== "string" || token.length > 200) throw new AppError("NOT_FOUND", "This invitation link is invalid, was already used or has expired.");
    const joined = await acceptInvite(actor.userId, token, await requestContext());
    revalidatePath("/portal/organizations");
    return { organizationId: joined.organizationId, role: joined.role };
  });
}
