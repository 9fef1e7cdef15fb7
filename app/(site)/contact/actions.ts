"use server";
/** Public contact form: rate-limited per client address and per email, honeypot, ticket only after the emailed link. */
import { runAction } from "@/lib/actions";
import { requestContext } from "@/lib/auth/guards";
import { submitContactForm, verifyContactRequest } from "@/lib/support/guest";

export async function submitContactAction(formData: FormData) {
  return runAction(async () => {
    const ctx = await requestContext();
    const input = Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === "string"));
    await submitContactForm(input, { ip: ctx.ip });
    return null;
  });
}

export async function verifyContactAction(formData: FormData) {
  return runAction(async () => verifyContactRequest(formData.get("token")));
}
