/**
 * Idempotent demo data for all eight databases (`npm run db:seed`, also run by quickstart on every start).
 * Rows are inserted by natural key (slug, email, key) with ON CONFLICT DO NOTHING: running it twice yields the
 * same rows, and whatever staff edited since is left alone. Databases must be migrated first.
 */
import { seedBilling } from "./billing";
import { seedCloud } from "./cloud";
import { seedContent } from "./content";
import { seedHosting } from "./hosting";
import { seedIdentity, type AdminSeedResult } from "./identity";
import { seedOps } from "./ops";
import { seedSupport } from "./support";
import { describe, type SeedLog, type SeedModuleResult } from "./types";
import { seedVpn } from "./vpn";

export const DEFAULT_ADMIN_EMAIL = "admin@skyport.test";
export const MIN_ADMIN_PASSWORD_LENGTH = 12;

export interface SeedOptions {
  log?: SeedLog;
  /** The first admin account; default admin@skyport.test. */
  adminEmail?: string;
  /** Used only when the admin is created. Absent: a strong password is generated and returned once. */
  adminPassword?: string;
}

export interface SeedResult {
  admin: AdminSeedResult;
  modules: SeedModuleResult[];
}

export async function seedAll(options: SeedOptions = {}): Promise<SeedResult> {
  const log = options.log ?? (() => {});
  const adminEmail = (options.adminEmail ?? DEFAULT_ADMIN_EMAIL).trim().toLowerCase();
  if (options.adminPassword !== undefined && options.adminPassword.length < MIN_ADMIN_PASSWORD_LENGTH) {
    throw new Error(`The admin password must be at least ${MIN_ADMIN_PASSWORD_LENGTH} characters`);
  }

  const modules: SeedModuleResult[] = [];
  const done = (result: SeedModuleResult) => {
    modules.push(result);
    log(describe(result));
  };

  const identity = await seedIdentity({ email: adminEmail, password: options.adminPassword });
  done(identity.result);
  const billing = await seedBilling();
  done(billing.result);
  done((await seedVpn()).result);
  done((await seedHosting()).result);
  done((await seedCloud(billing.productIds)).result);
  done((await seedContent()).result);
  done((await seedSupport()).result);
  done((await seedOps()).result);

  return { admin: identity.admin, modules };
}
