"use server";

import { currentActor, requestContext } from "@/lib/auth/guards";
import { signOut } from "@/lib/auth/next-auth";
import { endUserSession } from "@/lib/auth/sessions";

export async function signOutAction(): Promise<void> {
  const actor = await currentActor();
  if (actor) await endUserSession(actor.userId, actor.sessionId, await requestContext());
  await signOut({ redirectTo: "/" });
}
