"use server";
/**
 * Device self-service. Every action re-checks the session and passes actor.userId to lib/vpn, which puts it in the
 * WHERE clause: another customer's device id behaves like one that does not exist.
 * Private keys: browser-mode devices send only their public key; server-mode configs (which carry the private key)
 * are returned only after the password is typed again.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseForm, runAction } from "@/lib/actions";
import { auditActorFor, authorizeCustomer } from "@/lib/auth/guards";
import { reauthenticate } from "@/lib/auth/reauth";
import { AppError } from "@/lib/errors";
import { addDevice, deleteDevice, getDevice, getDeviceConfig, getDeviceConfigZip, renameDevice, rotateDeviceKey, setDeviceEnabled } from "@/lib/vpn/devices";

const deviceId = z.string().trim().min(1, "Device not found").max(64);

async function customer() {
  const actor = await authorizeCustomer();
  return { actor, options: { actor: await auditActorFor(actor), email: actor.email } };
}

const addSchema = z.object({
  name: z.string().max(500).default(""),
  platform: z.string().max(20).optional(),
  keyMode: z.enum(["browser", "server"]).default("browser"),
  publicKey: z.string().max(200).optional(),
});

export async function addDeviceAction(formData: FormData) {
  return runAction(async () => {
    const { actor, options } = await customer();
    const input = parseForm(addSchema, formData);
    const device = await addDevice(
      actor.userId,
      { name: input.name, platform: (input.platform || "other") as never, keyMode: input.keyMode, publicKey: input.keyMode === "browser" ? (input.publicKey ?? "") : undefined },
      options,
    );
    revalidatePath("/portal/devices");
    return { id: device.id, name: device.name, keyMode: device.keyMode, publicKey: device.publicKey };
  });
}

export async function renameDeviceAction(formData: FormData) {
  return runAction(async () => {
    const { actor, options } = await customer();
    const input = parseForm(z.object({ deviceId, name: z.string().max(500) }), formData);
    const device = await renameDevice(actor.userId, input.deviceId, input.name, options);
    revalidatePath("/portal/devices");
    return { name: device.name };
  });
}

export async function setDeviceEnabledAction(formData: FormData) {
  return runAction(async () => {
    const { actor, options } = await customer();
    const input = parseForm(z.object({ deviceId, enabled: z.enum(["true", "false"]) }), formData);
    const device = await setDeviceEnabled(actor.userId, input.deviceId, input.enabled === "true", options);
    revalidatePath("/portal/devices");
    return { status: device.status };
  });
}

export async function deleteDeviceAction(formData: FormData) {
  return runAction(async () => {
    const { actor, options } = await customer();
    const input = parseForm(z.object({ deviceId }), formData);
    await deleteDevice(actor.userId, input.deviceId, options);
    revalidatePath("/portal/devices");
    return { deleted: true };
  });
}

/** New key: a browser-made public key (browser mode) or, with keyMode=server, a pair Skyport keeps. */
export async function rotateDeviceKeyAction(formData: FormData) {
  return runAction(async () => {
    const { actor, options } = await customer();
    const input = parseForm(z.object({ deviceId, publicKey: z.string().max(200).optional(), keyMode: z.enum(["browser", "server"]).optional() }), formData);
    const device = await rotateDeviceKey(
      actor.userId,
      input.deviceId,
      input.keyMode === "server" ? { keyMode: "server" } : { keyMode: "browser", publicKey: input.publicKey ?? "" },
      options,
    );
    revalidatePath("/portal/devices");
    return { id: device.id, publicKey: device.publicKey, keyMode: device.keyMode };
  });
}

const configSchema = z.object({
  deviceId,
  location: z.string().trim().min(1, "Choose a location").max(60),
  password: z.string().max(1024).optional(),
  purpose: z.enum(["view", "download"]).default("download"),
});

/**
 * One location's config as text. Browser-mode devices get `PrivateKey = <PLACEHOLDER>` (the browser fills in its
 * key); server-mode devices get the real key, so the password is checked first.
 */
export async function deviceConfigAction(formData: FormData) {
  return runAction(async () => {
    const { actor } = await customer();
    const input = parseForm(configSchema, formData);
    const device = await getDevice(actor.userId, input.deviceId);
    if (device.keyMode === "server") await reauthenticate(actor.userId, input.password);
    const config = await getDeviceConfig(actor.userId, device.id, input.location, { email: actor.email, purpose: input.purpose });
    return { filename: config.filename, text: config.text, privateKeyIncluded: config.privateKeyIncluded, placeholder: config.placeholder, location: config.server.name };
  });
}

/** Every location in one zip (base64), for server-mode devices after re-entering the password. */
export async function deviceConfigZipAction(formData: FormData) {
  return runAction(async () => {
    const { actor } = await customer();
    const input = parseForm(z.object({ deviceId, password: z.string().max(1024).optional() }), formData);
    const device = await getDevice(actor.userId, input.deviceId);
    if (device.keyMode !== "server") throw new AppError("CONFLICT", "Only devices whose key Skyport keeps can download every location at once.");
    await reauthenticate(actor.userId, input.password);
    const zip = await getDeviceConfigZip(actor.userId, device.id, { email: actor.email });
    return { filename: zip.filename, base64: Buffer.from(zip.zip).toString("base64") };
  });
}
