"use server";

import { runAction } from "@/lib/actions";
import { signUp } from "@/lib/auth/accounts";
import { requestContext } from "@/lib/auth/guards";
import { signIn } from "@/lib/auth/next-auth";
import { safeNextPath } from "@/lib/auth/redirects";
import { openUserSession } from "@/lib/auth/sessions";
import { createSignInGrant } from "@/lib/auth/sign-in-grant";
import type { ActionResult } from "@/lib/errors";

export async function signUpAction(formData: FormData): Promise<ActionResult<{ email: string }>> {
  const ctx = await requestContext();
  const result = await runAction(async () =>
    signUp(
      {
        email: String(formData.get("email") ?? ""),
        password: String(formData.get("password") ?? ""),
        name: String(formData.get("name") ?? ""),
      },
      ctx,
    ),
  );
  if (!result.ok) return result;
  // A new account starts signed in; it can browse the portal now and order once the email is verified.
  const { sessionId } = await openUserSession(result.data.userId, ctx);
  await signIn("credentials", {
    grant: createSignInGrant({ userId: result.data.userId, sessionId, sessionVersion: 0 }),
    redirectTo: safeNextPath(String(formData.get("next") ?? ""), "/portal?welcome=1"),
  });
  return { ok: true, data: { email: String(formData.get("email")) } };
}
