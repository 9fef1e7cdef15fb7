import "server-only";
export {
  registerProvisioningModule,
  getProvisioningModule,
  hasProvisioningModule,
  listProvisioningModules,
  UnknownProvisioningModuleError,
} from "./registry";
export { runProvisioning, listProvisioningRuns, ProvisioningFailedError, type ProvisioningRunView, type RunProvisioningOptions } from "./run";
export { enqueueProvisioning, provisioningRunJob } from "./jobs";
export { noneModule } from "./none";
export * from "./types";
