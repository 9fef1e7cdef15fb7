"use server";
/**
 * Back-office VPN actions: locations and their agent tokens, the VIP list, customers' devices and VPN access.
 * Each declares its permission (authorizeStaff) and passes an audit actor so the change and its audit row commit
 * together inside lib/vpn.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseForm, runAction } from "@/lib/actions";
import { auditActorFor, authorizeStaff } from "@/lib/auth/guards";
import { validation } from "@/lib/errors";
import { addVipEmail, createServer, removeVipEmail, updateServer, type ServerInput } from "@/lib/vpn/admin";
import { issueAgentToken, revokeAgentToken } from "@/lib/vpn/agent-api";
import { deleteDevice, setDeviceEnabled } from "@/lib/vpn/devices";
import { grantVipPlan, setVpnAccessSuspended } from "@/lib/vpn/staff";
import { revalidateSite } from "@/lib/site/revalidate";
import { SITE_TAGS } from "@/lib/site/tags";

const id = z.string().trim().min(1).max(64);

/** The server form's fields as lib/vpn expects them: checkbox → boolean, cost in major units → minor units. */
function serverInput(formData: FormData): ServerInput {
  const text = (name: string) => {
    const v = formData.get(name);
    return typeof v === "string" ? v : "";
  };
  const cost = text("monthlyCost").trim().replace(",", ".");
  let monthlyCost: number | null = null;
  if (cost) {
    if (!/^\d+(\.\d{1,2})?$/.test(cost)) throw validation({ monthlyCost: ["Enter an amount like 12.50"] });
    monthlyCost = Math.round(Number(cost) * 100);
  }
  return {
    slug: text("slug"),
    name: text("name"),
    countryCode: text("countryCode"),
    city: text("city"),
    description: text("description") || null,
    endpointHost: text("endpointHost"),
    endpointPort: text("endpointPort") as unknown as number,
    publicKey: text("publicKey"),
    accessLevel: (text("accessLevel") || "public") as ServerInput["accessLevel"],
    capacity: text("capacity") as unknown as number,
    active: formData.get("active") === "on" || formData.get("active") === "true",
    provider: text("provider") || null,
    monthlyCost,
    monthlyCostCurrency: monthlyCost === null ? null : text("monthlyCostCurrency") || "EUR",
  };
}

export async function createServerAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("vpn.servers.write");
    const server = await createServer(await auditActorFor(actor), serverInput(formData));
    revalidatePath("/admin/vpn-servers");
    // The storefront's cached location lists (home, /locations) show every public server.
    revalidateSite(SITE_TAGS.locations);
    return { id: server.id, slug: server.slug };
  });
}

export async function updateServerAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("vpn.servers.write");
    const { serverId } = parseForm(z.object({ serverId: id }), { serverId: formData.get("serverId") });
    const server = await updateServer(await auditActorFor(actor), serverId, serverInput(formData));
    revalidatePath("/admin/vpn-servers");
    revalidateSite(SITE_TAGS.locations);
    revalidatePath(`/admin/vpn-servers/${serverId}`);
    return { id: server.id };
  });
}

/** Issues (or replaces) a server's agent token. The token is returned once and only its hash is kept. */
export async function issueAgentTokenAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("vpn.servers.write");
    const { serverId } = parseForm(z.object({ serverId: id }), formData);
    const { token, last4 } = await issueAgentToken(await auditActorFor(actor), serverId);
    revalidatePath(`/admin/vpn-servers/${serverId}`);
    return { token, last4 };
  });
}

export async function revokeAgentTokenAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("vpn.servers.write");
    const { serverId } = parseForm(z.object({ serverId: id }), formData);
    await revokeAgentToken(await auditActorFor(actor), serverId);
    revalidatePath(`/admin/vpn-servers/${serverId}`);
    return { revoked: true };
  });
}

export async function addVipEmailAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("vpn.vip.write");
    const input = parseForm(z.object({ email: z.string().max(254), note: z.string().max(500).optional() }), formData);
    await addVipEmail(await auditActorFor(actor), { email: input.email, note: input.note || null });
    revalidatePath("/admin/vip");
    return { email: input.email.trim().toLowerCase() };
  });
}

export async function removeVipEmailAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("vpn.vip.write");
    const input = parseForm(z.object({ vipId: id }), formData);
    await removeVipEmail(await auditActorFor(actor), input.vipId);
    revalidatePath("/admin/vip");
    return { removed: true };
  });
}

const grantSchema = z.object({
  email: z.string().trim().min(3, "Enter the customer's email").max(254),
  deviceLimit: z.coerce.number().int("Whole number").min(1, "At least 1").max(100, "At most 100"),
});

/** A VPN plan without payment for a VIP customer (audited as a staff grant). */
export async function grantVipPlanAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("vpn.vip.write");
    const input = parseForm(grantSchema, formData);
    const user = await grantVipPlan(await auditActorFor(actor), input.email, input.deviceLimit);
    revalidatePath("/admin/vip");
    return { email: user.email };
  });
}

/** Suspends or restores all of a customer's VPN access: their peers leave or return to every server. */
export async function setVpnAccessAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("vpn.devices.write");
    const input = parseForm(z.object({ email: z.string().trim().min(3, "Enter the customer's email").max(254), suspended: z.enum(["true", "false"]) }), formData);
    const result = await setVpnAccessSuspended(await auditActorFor(actor), input.email, input.suspended === "true");
    revalidatePath("/admin/devices");
    return { email: result.user.email, changed: result.changed, suspended: input.suspended === "true" };
  });
}

const staffDeviceSchema = z.object({ userId: id, deviceId: id });

export async function staffSetDeviceEnabledAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("vpn.devices.write");
    const input = parseForm(staffDeviceSchema.extend({ enabled: z.enum(["true", "false"]) }), formData);
    const device = await setDeviceEnabled(input.userId, input.deviceId, input.enabled === "true", { actor: await auditActorFor(actor) });
    revalidatePath("/admin/devices");
    return { status: device.status };
  });
}

export async function staffDeleteDeviceAction(formData: FormData) {
  return runAction(async () => {
    const actor = await authorizeStaff("vpn.devices.write");
    const input = parseForm(staffDeviceSchema, formData);
    await deleteDevice(input.userId, input.deviceId, { actor: await auditActorFor(actor) });
    revalidatePath("/admin/devices");
    return { deleted: true };
  });
}
