"use server";
/**
 * Customer 360 actions. Each declares its permission first (authorizeStaff), then parses input and calls one
 * lib/admin service that writes the change and its audit row in one transaction.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseForm, runAction } from "@/lib/actions";
import { addStaffNote, getCustomerProfile, sendCustomerEmail, setCustomerStatus, updateCustomer } from "@/lib/admin/customers";
import { startImpersonation } from "@/lib/admin/impersonation";
import { auditActorFor, authorizeStaff, requestContext } from "@/lib/auth/guards";
import { signIn } from "@/lib/auth/next-auth";
import { createSignInGrant } from "@/lib/auth/sign-in-grant";
import { adjustCustomerCredit } from "@/lib/billing/admin";

const idSchema = z.object({ customerId: z.string().min(1).max(64) });
const customerIdOf = (formData: FormData) => parseForm(idSchema, { customerId: formData.get("customerId") ?? "" }).customerId;
const field = (formData: FormData, name: string) => String(formData.get(name) ?? "");
const refresh = (id: string) => revalidatePath(`/admin/customers/${id}`);

export async function updateCustomerAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("customers.write");
    const id = customerIdOf(formData);
    const result = await updateCustomer(await auditActorFor(actor), id, {
      name: field(formData, "name"),
      email: field(formData, "email"),
      country: field(formData, "country"),
      timezone: field(formData, "timezone"),
    });
    refresh(id);
    return result;
  });
}

export async function setCustomerStatusAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("customers.write");
    const id = customerIdOf(formData);
    const result = await setCustomerStatus(await auditActorFor(actor), id, { status: field(formData, "status") as never, reason: field(formData, "reason") });
    refresh(id);
    return result;
  });
}

export async function addStaffNoteAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("customers.write");
    const id = customerIdOf(formData);
    const result = await addStaffNote(await auditActorFor(actor), id, { body: field(formData, "body"), pinned: formData.get("pinned") === "on" });
    refresh(id);
    return result;
  });
}

export async function sendCustomerEmailAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("customers.write");
    const id = customerIdOf(formData);
    const result = await sendCustomerEmail(await auditActorFor(actor), id, { subject: field(formData, "subject"), body: field(formData, "body") });
    refresh(id);
    return result;
  });
}

export async function addCustomerCreditAction(formData: FormData) {
  return runAction(async () => {
    // Credit is money: the same permission as the payments screen's credit adjustment.
    const actor = await authorizeStaff("invoices.refund");
    const id = customerIdOf(formData);
    await getCustomerProfile(id);
    const entry = await adjustCustomerCredit(await auditActorFor(actor), id, {
      amount: field(formData, "amount"),
      currency: field(formData, "currency"),
      description: field(formData, "description"),
      idempotencyKey: field(formData, "idempotencyKey") || undefined,
    });
    refresh(id);
    return { balanceAfter: entry.balanceAfter, currency: entry.currency };
  });
}

/** Opens a session as the customer and replaces this browser's session with it (the staff session is kept to return to). */
export async function impersonateCustomerAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("customers.impersonate");
    const id = customerIdOf(formData);
    const grant = await startImpersonation(actor, await auditActorFor(actor), id, await requestContext());
    // Throws Next's redirect: the cookie now carries the customer's session.
    await signIn("credentials", { grant: createSignInGrant(grant), redirectTo: "/portal" });
    return { started: true };
  });
}
