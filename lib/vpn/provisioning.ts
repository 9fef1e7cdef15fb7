import "server-only";
/** Registers the VPN module with lib/provisioning (imported once from lib/provisioning/modules.ts). */
import { registerProvisioningModule } from "@/lib/provisioning/registry";
import { vpnBillingModule } from "./provisioning-module";

registerProvisioningModule(vpnBillingModule);
