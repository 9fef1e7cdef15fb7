"use server";

import { z } from "zod";
import { parseForm, runAction } from "@/lib/actions";
import { requestPasswordReset } from "@/lib/auth/accounts";
import { requestContext } from "@/lib/auth/guards";

const schema = z.object({ email: z.email("Enter the email address of your account.").max(254) });

export async function forgotPasswordAction(formData: FormData) {
  return runAction(async () => {
    const { email } = parseForm(schema, formData);
    // Same answer whether or not the account exists.
    await requestPasswordReset(email, await requestContext());
    return { sent: true };
  });
}
