import "server-only";
/**
 * The one interface every provisioning module implements (VPN, WHM/cPanel, cloud, license, none). A module
 * acts on the outside world for one service; lib/provisioning/run.ts records each call as a visible run with
 * steps, and the job system retries failures.
 */

/** Actions a run can perform (a subset of PROVISIONING_ACTIONS in the schema). */
export const PROVISIONING_RUN_ACTIONS = ["create", "suspend", "unsuspend", "terminate", "change_package"] as const;
export type ProvisioningAction = (typeof PROVISIONING_RUN_ACTIONS)[number];

export interface ProvisioningContext {
  serviceId: string;
  customerId: string;
  /** products.module_config, e.g. { deviceLimit: 10, vipAccess: false }. */
  productConfig: Record<string, unknown>;
  /** services.config: options chosen at checkout and the remote ids a module stored earlier. */
  serviceConfig: Record<string, unknown>;
  action: ProvisioningAction;
  /** 1 on the first try of this run, 2 on its first retry, … */
  attempt: number;
  now: Date;
  /**
   * Adds a line to the run's visible step log. A new step name closes the previous step as succeeded; the
   * step that is open when the module throws is marked failed. Customers and staff read these lines: no secrets.
   */
  log(step: string, message: string): Promise<void>;
}

/** What a module may hand back: remote ids etc. merged into services.config, and a label for the portal. */
export interface ProvisioningResult {
  config?: Record<string, unknown>;
  label?: string;
}

export type ProvisioningHandler = (ctx: ProvisioningContext) => Promise<ProvisioningResult | void>;

export interface ProvisioningModule {
  /** The name products.module refers to. */
  name: string;
  activate: ProvisioningHandler;
  suspend: ProvisioningHandler;
  unsuspend: ProvisioningHandler;
  terminate: ProvisioningHandler;
  changePackage: ProvisioningHandler;
}

export const ACTION_METHODS: Record<ProvisioningAction, keyof Omit<ProvisioningModule, "name">> = {
  create: "activate",
  suspend: "suspend",
  unsuspend: "unsuspend",
  terminate: "terminate",
  change_package: "changePackage",
};
