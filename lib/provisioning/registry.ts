import "server-only";
/**
 * Provisioning modules by name. Modules register themselves when their file is imported; the lead imports them
 * in lib/provisioning/modules.ts (one line each) so every process that runs jobs knows all of them.
 */
import { noneModule } from "./none";
import type { ProvisioningModule } from "./types";

const globalKey = Symbol.for("skyport.provisioning-modules");
const modules: Map<string, ProvisioningModule> = ((globalThis as Record<symbol, unknown>)[globalKey] as Map<string, ProvisioningModule>) ?? new Map();
(globalThis as Record<symbol, unknown>)[globalKey] = modules;

export class UnknownProvisioningModuleError extends Error {
  constructor(readonly moduleName: string) {
    super(`No provisioning module named "${moduleName}" is registered (import it in lib/provisioning/modules.ts).`);
    this.name = "UnknownProvisioningModuleError";
  }
}

/** Registers (or, after a dev reload, replaces) a module under its name. */
export function registerProvisioningModule(module: ProvisioningModule): void {
  if (!/^[a-z][a-z0-9_-]*$/.test(module.name)) throw new Error(`Invalid provisioning module name "${module.name}"`);
  modules.set(module.name, module);
}

export function getProvisioningModule(name: string): ProvisioningModule {
  const module = modules.get(name);
  if (!module) throw new UnknownProvisioningModuleError(name);
  return module;
}

export function hasProvisioningModule(name: string): boolean {
  return modules.has(name);
}

export function listProvisioningModules(): string[] {
  return [...modules.keys()].sort();
}

/** For tests. */
export function unregisterProvisioningModule(name: string): void {
  if (name !== "none") modules.delete(name);
}

registerProvisioningModule(noneModule);
