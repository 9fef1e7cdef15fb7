import "server-only";
/**
 * The VPN provisioning module: billing drives entitlements through it (activate on payment, suspend when
 * overdue, unsuspend on payment, terminate at the end, changePackage on an up/downgrade). All idempotent.
 *
 * Two faces:
 * - `vpnProvisioningModule` — the VPN's own shape (user id, email and plan config already resolved);
 * - `vpnBillingModule` — the same module adapted to lib/provisioning's shared interface (customerId = identity
 *   user id, productConfig = products.module_config `{ deviceLimit, vipAccess }`, email looked up in identity).
 *   Register it with one line in lib/provisioning/modules.ts: `import "@/lib/vpn/provisioning";`.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import type { ProvisioningContext as BillingContext, ProvisioningModule as BillingModule } from "@/lib/provisioning/types";
import {
  activateEntitlement,
  changeEntitlementPackage,
  suspendEntitlement,
  terminateEntitlement,
  unsuspendEntitlement,
  type ProvisioningContext,
  type ProvisioningResult,
} from "./entitlements";

export type { ProvisioningContext as VpnProvisioningContext, ProvisioningResult as VpnProvisioningResult } from "./entitlements";

/** The VPN module's own interface (lib/provisioning has the shared one; `vpnBillingModule` bridges the two). */
export interface ProvisioningModule {
  name: "vpn";
  activate(ctx: ProvisioningContext): Promise<ProvisioningResult>;
  suspend(ctx: ProvisioningContext): Promise<ProvisioningResult>;
  unsuspend(ctx: ProvisioningContext): Promise<ProvisioningResult>;
  terminate(ctx: ProvisioningContext): Promise<ProvisioningResult>;
  changePackage(ctx: ProvisioningContext): Promise<ProvisioningResult>;
}

export const vpnProvisioningModule: ProvisioningModule = {
  name: "vpn",
  activate: activateEntitlement,
  suspend: suspendEntitlement,
  unsuspend: unsuspendEntitlement,
  terminate: terminateEntitlement,
  changePackage: changeEntitlementPackage,
};

/** products.module_config of a VPN product. */
export const vpnProductConfigSchema = z.object({
  deviceLimit: z.number().int().min(0).max(10_000),
  vipAccess: z.boolean().default(false),
});

async function toVpnContext(ctx: BillingContext): Promise<ProvisioningContext> {
  const parsed = vpnProductConfigSchema.safeParse(ctx.productConfig);
  if (!parsed.success) throw new Error(`VPN product config is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  const [user] = await identityDb().select({ email: users.email }).from(users).where(eq(users.id, ctx.customerId)).limit(1);
  if (!user) throw new Error(`Customer ${ctx.customerId} does not exist in identity`);
  return { serviceId: ctx.serviceId, userId: ctx.customerId, email: user.email, config: parsed.data };
}

const describeResult = (result: ProvisioningResult) => {
  if (!result.changed) return "Already done; nothing changed.";
  const parts = ["Done."];
  if (result.disabledDeviceIds?.length) parts.push(`${result.disabledDeviceIds.length} device(s) over the new limit disabled.`);
  if (result.enabledDeviceIds?.length) parts.push(`${result.enabledDeviceIds.length} device(s) re-enabled.`);
  return parts.join(" ");
};

function bridge(step: string, fn: (ctx: ProvisioningContext) => Promise<ProvisioningResult>) {
  return async (ctx: BillingContext) => {
    const vpnCtx = await toVpnContext(ctx);
    const result = await fn(vpnCtx);
    await ctx.log(step, describeResult(result));
    return { label: `Up to ${vpnCtx.config.deviceLimit} ${vpnCtx.config.deviceLimit === 1 ? "device" : "devices"}${vpnCtx.config.vipAccess ? ", VIP locations" : ""}` };
  };
}

export const vpnBillingModule: BillingModule = {
  name: "vpn",
  activate: bridge("Grant VPN access", activateEntitlement),
  suspend: bridge("Suspend VPN access", suspendEntitlement),
  unsuspend: bridge("Restore VPN access", unsuspendEntitlement),
  terminate: bridge("End VPN access", terminateEntitlement),
  changePackage: bridge("Change VPN plan", changeEntitlementPackage),
};
