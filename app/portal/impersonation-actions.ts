"use server";
/** Ends a staff member's "sign in as customer" session and puts their own staff session back. */
import { endImpersonation } from "@/lib/admin/impersonation";
import { authorizeCustomer, requestContext } from "@/lib/auth/guards";
import { signIn, signOut } from "@/lib/auth/next-auth";
import { createSignInGrant } from "@/lib/auth/sign-in-grant";
import { runAction } from "@/lib/actions";

export async function endImpersonationAction() {
  return runAction(async () => {
    const actor = await authorizeCustomer();
    const customerId = actor.userId;
    const back = await endImpersonation(actor, await requestContext());
    if (back) {
      await signIn("credentials", { grant: createSignInGrant(back), redirectTo: `/admin/customers/${customerId}` });
    } else {
      // The staff session ended meanwhile (signed out, suspended): sign in again.
      await signOut({ redirectTo: "/sign-in" });
    }
    return { ended: true };
  });
}
