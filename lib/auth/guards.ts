import "server-only";
/**
 * The gates every restricted page, server action and route handler goes through (DESIGN.md: authorization is
 * checked where data is touched, not in layouts). Pages get redirects and the designed 403 page; actions and
 * route handlers get typed AppErrors, which lib/errors maps to form errors and HTTP statuses.
 */
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { AppError } from "@/lib/errors";
import { getSecuritySettings } from "@/lib/settings";
import { serverEnv } from "@/lib/env";
import { requestContextFromHeaders, type RequestContext } from "@/lib/security/request-context";
import { auth } from "./next-auth";
import { isStaffRole, roleHasPermission } from "./permissions";
import { validateSessionClaims, type Actor } from "./sessions";

export type { Actor };

/** The signed-in person for this request, re-validated against the database once per request. */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const session = (await auth()) as { claims?: { userId: string; sessionId: string; sessionVersion: number } } | null;
  const claims = session?.claims;
  if (!claims?.userId || !claims.sessionId) return null;
  return validateSessionClaims(claims);
});

/** Client address and user agent, trusting only the X-Forwarded-For entries our own proxies appended. */
export async function requestContext(): Promise<RequestContext> {
  return requestContextFromHeaders(await headers(), { trustedProxies: serverEnv().TRUSTED_PROXIES });
}

async function signInRedirect(): Promise<never> {
  const path = (await headers()).get("x-skyport-path") ?? "/portal";
  redirect(`/sign-in?next=${encodeURIComponent(path)}`);
}

/**
 * For portal pages: any signed-in person (staff included: they have a portal too). When Settings → Security
 * requires two-step verification for customers, a customer without it is sent to set it up first (staff
 * impersonating them are not: they cannot enrol on the customer's behalf).
 */
export async function requireCustomer(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) return signInRedirect();
  if (actor.role === "customer" && !actor.twoFactorEnabled && !actor.impersonatorId) {
    const path = (await headers()).get("x-skyport-path") ?? "";
    if (!path.startsWith(TWO_FACTOR_SETUP_PATH) && (await getSecuritySettings()).requireCustomerTwoFactor) {
      redirect(`${TWO_FACTOR_SETUP_PATH}?required=customer`);
    }
  }
  return actor;
}

const TWO_FACTOR_SETUP_PATH = "/portal/account/security";

/** For admin pages: a staff role with 2FA enabled and the permission. */
export async function requireStaff(permission?: string): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) return signInRedirect();
  if (!isStaffRole(actor.role)) forbidden();
  if (!actor.twoFactorEnabled) redirect("/portal/account/security?required=staff");
  if (permission && !(await roleHasPermission(actor.role, permission))) forbidden();
  return actor;
}

/** For server actions and route handlers: the same checks, as typed errors instead of redirects. */
export async function authorizeCustomer(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) throw new AppError("UNAUTHENTICATED", "Your session has ended. Please sign in again.");
  return actor;
}

export async function authorizeStaff(permission: string): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) throw new AppError("UNAUTHENTICATED", "Your session has ended. Please sign in again.");
  if (!isStaffRole(actor.role) || !actor.twoFactorEnabled || !(await roleHasPermission(actor.role, permission))) {
    throw new AppError("FORBIDDEN", "You do not have permission to do that.");
  }
  return actor;
}

/** Who to write in audit rows for this request (with where they acted from). */
export async function auditActorFor(actor: Actor): Promise<import("@/lib/audit").AuditActor> {
  const ctx = await requestContext();
  return {
    id: actor.impersonatorId ?? actor.userId,
    email: actor.email,
    onBehalfOf: actor.impersonatorId ? actor.userId : null,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  };
}
