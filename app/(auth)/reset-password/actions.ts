"use server";

import { redirect } from "next/navigation";
import { runAction } from "@/lib/actions";
import { resetPassword } from "@/lib/auth/accounts";
import { requestContext } from "@/lib/auth/guards";

export async function resetPasswordAction(formData: FormData) {
  const ctx = await requestContext();
  const result = await runAction(() =>
    resetPassword(String(formData.get("token") ?? ""), String(formData.get("password") ?? ""), ctx),
  );
  if (result.ok) redirect("/sign-in?notice=password-changed");
  return result;
}
