import "server-only";
/**
 * Gateway settings: non-secret settings in gateway_settings.public_config, secrets (API keys, webhook secrets)
 * as one AES-256-GCM blob bound to the gateway's name. Environment variables override both for deployments.
 *
 * `getGatewayConfig` is what the rest of the app may see: never a secret, only which secrets are set.
 * `gatewaySecrets` is for lib/payments only (gateway clients and webhook verification).
 */
import { eq } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { auditLog, gatewaySettings, GATEWAYS, type Gateway } from "@/db/billing/schema";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { serverEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { decryptSecret, encryptSecret } from "@/lib/security/encryption";

/** The secret fields each gateway may have. */
export const GATEWAY_SECRET_FIELDS = {
  stripe: ["secretKey", "webhookSecret"],
  paypal: ["clientId", "clientSecret"],
  bank_transfer: [],
  credit: [],
  manual: [],
} as const satisfies Record<Gateway, readonly string[]>;

const DISPLAY_NAMES: Record<Gateway, string> = {
  stripe: "Card (Stripe)",
  paypal: "PayPal",
  bank_transfer: "Bank transfer",
  credit: "Account credit",
  manual: "Manual",
};

export interface GatewayConfig {
  gateway: Gateway;
  enabled: boolean;
  testMode: boolean;
  displayName: string;
  publicConfig: Record<string, unknown>;
  /** Names of the secrets that are set (values are never returned). */
  secretsSet: string[];
  /** All required secrets are present (from the environment or the database). */
  configured: boolean;
  /** Where the secrets come from. */
  source: "env" | "database" | "none";
}

export type GatewaySecrets = Partial<Record<string, string>>;

const context = (gateway: Gateway) => `gateway:${gateway}`;

function envSecrets(gateway: Gateway): GatewaySecrets | null {
  const env = serverEnv();
  if (gateway === "stripe" && env.STRIPE_SECRET_KEY) return { secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET };
  if (gateway === "paypal" && env.PAYPAL_CLIENT_ID) return { clientId: env.PAYPAL_CLIENT_ID, clientSecret: env.PAYPAL_CLIENT_SECRET };
  return null;
}

function envPublic(gateway: Gateway): Record<string, unknown> {
  const env = serverEnv();
  if (gateway === "stripe") return env.STRIPE_PUBLISHABLE_KEY ? { publishableKey: env.STRIPE_PUBLISHABLE_KEY } : {};
  if (gateway === "paypal") return { ...(env.PAYPAL_WEBHOOK_ID ? { webhookId: env.PAYPAL_WEBHOOK_ID } : {}), ...(env.PAYPAL_CLIENT_ID ? { environment: env.PAYPAL_ENVIRONMENT } : {}) };
  return {};
}

async function loadRow(gateway: Gateway) {
  const [row] = await billingDb().select().from(gatewaySettings).where(eq(gatewaySettings.gateway, gateway)).limit(1);
  return row;
}

function decryptRow(row: { gateway: Gateway; secretsEncrypted: string | null } | undefined): GatewaySecrets {
  if (!row?.secretsEncrypted) return {};
  return JSON.parse(decryptSecret(row.secretsEncrypted, context(row.gateway))) as GatewaySecrets;
}

/** For lib/payments only: the secrets in force (environment first). */
export async function gatewaySecrets(gateway: Gateway): Promise<GatewaySecrets> {
  return envSecrets(gateway) ?? decryptRow(await loadRow(gateway));
}

export async function getGatewayConfig(gateway: Gateway): Promise<GatewayConfig> {
  const row = await loadRow(gateway);
  const fromEnv = envSecrets(gateway);
  const secrets = fromEnv ?? decryptRow(row);
  const required = GATEWAY_SECRET_FIELDS[gateway] as readonly string[];
  const secretsSet = required.filter((f) => Boolean(secrets[f]));
  const configured = secretsSet.length === required.length;
  return {
    gateway,
    // A deployment that sets the gateway's variables turns it on; otherwise the admin switch decides.
    enabled: fromEnv ? true : (row?.enabled ?? (gateway === "credit")),
    testMode: gateway === "paypal" && fromEnv ? serverEnv().PAYPAL_ENVIRONMENT !== "production" : (row?.testMode ?? true),
    displayName: row?.displayName ?? DISPLAY_NAMES[gateway],
    publicConfig: { ...(row?.publicConfig ?? {}), ...envPublic(gateway) },
    secretsSet,
    configured,
    source: fromEnv ? "env" : secretsSet.length ? "database" : "none",
  };
}

export async function listGatewayConfigs(): Promise<GatewayConfig[]> {
  return Promise.all(GATEWAYS.map((g) => getGatewayConfig(g)));
}

export interface SaveGatewaySettingsInput {
  enabled?: boolean;
  testMode?: boolean;
  displayName?: string;
  publicConfig?: Record<string, unknown>;
  /** A string sets the secret, null removes it, an absent key keeps it. */
  secrets?: Record<string, string | null>;
  sortOrder?: number;
}

/** Admin: updates a gateway's settings; secrets are encrypted and never echoed, the audit row names changed fields only. */
export async function saveGatewaySettings(actor: AuditActor, gateway: Gateway, input: SaveGatewaySettingsInput): Promise<GatewayConfig> {
  const allowed = GATEWAY_SECRET_FIELDS[gateway] as readonly string[];
  for (const key of Object.keys(input.secrets ?? {})) {
    if (!allowed.includes(key)) throw new AppError("VALIDATION", `Unknown secret "${key}" for ${gateway}.`, { fieldErrors: { [key]: ["Unknown setting."] } });
  }
  await billingDb().transaction(async (tx) => {
    const [row] = await tx.select().from(gatewaySettings).where(eq(gatewaySettings.gateway, gateway)).limit(1);
    const secrets = decryptRow(row);
    const changed: string[] = [];
    for (const [key, value] of Object.entries(input.secrets ?? {})) {
      if (value === null) {
        if (key in secrets) changed.push(key);
        delete secrets[key];
      } else if (value.trim() !== "" && secrets[key] !== value.trim()) {
        secrets[key] = value.trim();
        changed.push(key);
      }
    }
    const values = {
      enabled: input.enabled ?? row?.enabled ?? false,
      testMode: input.testMode ?? row?.testMode ?? true,
      displayName: input.displayName ?? row?.displayName ?? DISPLAY_NAMES[gateway],
      publicConfig: input.publicConfig ?? row?.publicConfig ?? {},
      secretsEncrypted: Object.keys(secrets).length ? encryptSecret(JSON.stringify(secrets), context(gateway)) : null,
      sortOrder: input.sortOrder ?? row?.sortOrder ?? 0,
      updatedBy: actor.id,
    };
    if (row) await tx.update(gatewaySettings).set(values).where(eq(gatewaySettings.gateway, gateway));
    else await tx.insert(gatewaySettings).values({ gateway, ...values });
    await writeAudit(tx, auditLog, actor, {
      action: "gateway.update",
      entityType: "gateway_settings",
      entityId: gateway,
      before: row ? { enabled: row.enabled, testMode: row.testMode, publicConfig: row.publicConfig } : null,
      after: { enabled: values.enabled, testMode: values.testMode, publicConfig: values.publicConfig, changedSettings: changed },
    });
  });
  return getGatewayConfig(gateway);
}
