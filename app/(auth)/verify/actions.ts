"use server";

import { runAction } from "@/lib/actions";
import { verifyEmail } from "@/lib/auth/accounts";

export async function verifyEmailAction(formData: FormData) {
  return runAction(async () => {
    const result = await verifyEmail(String(formData.get("token") ?? ""));
    return { kind: result.kind };
  });
}
