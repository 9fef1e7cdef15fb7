import "server-only";
/**
 * The PayPal SDK client. The SDK hard-codes its base URLs (api-m.paypal.com / api-m.sandbox.paypal.com), so to
 * reach a local stand-in (tests, demo) we give its axios instance an adapter that sends each request to
 * `apiBase` instead, with the same method, path, headers and body (through fetch). Nothing outside this folder
 * knows the SDK is there.
 */
import { Client, Environment } from "@paypal/paypal-server-sdk";
import { serverEnv } from "@/lib/env";
import { gatewaySecrets, getGatewayConfig } from "../config";
import { GatewayNotConfiguredError } from "../errors";

let apiBaseOverride: string | null = null;

/** Tests and the local demo: where PayPal API calls go. (PAYPAL_API_BASE in lib/env.ts when the lead adds it.) */
export function setPayPalApiBase(url: string | null): void {
  apiBaseOverride = url;
  cache.clear();
}

function configuredApiBase(): string | undefined {
  if (apiBaseOverride) return apiBaseOverride;
  const value = serverEnv().PAYPAL_API_BASE;
  return typeof value === "string" && value ? value : undefined;
}

interface AxiosLikeConfig {
  url?: string;
  method?: string;
  headers?: { toJSON?: () => Record<string, unknown> } & Record<string, unknown>;
  data?: unknown;
  auth?: { username: string; password?: string };
  timeout?: number;
}

/** An axios adapter that sends the request to `apiBase` (same path and query) with fetch. */
export function redirectingAdapter(apiBase: string) {
  const base = new URL(apiBase);
  return async (config: AxiosLikeConfig) => {
    const original = new URL(config.url ?? "/");
    const target = new URL(original.pathname + original.search, base);
    const rawHeaders = typeof config.headers?.toJSON === "function" ? config.headers.toJSON() : { ...(config.headers ?? {}) };
    const headers = new Headers();
    for (const [k, v] of Object.entries(rawHeaders)) if (v !== undefined && v !== null && typeof v !== "function") headers.set(k, String(v));
    if (config.auth) headers.set("authorization", `Basic ${Buffer.from(`${config.auth.username}:${config.auth.password ?? ""}`).toString("base64")}`);
    const method = (config.method ?? "get").toUpperCase();
    const response = await fetch(target, {
      method,
      headers,
      body: method === "GET" || method === "HEAD" || config.data === undefined ? undefined : typeof config.data === "string" ? config.data : JSON.stringify(config.data),
      signal: config.timeout ? AbortSignal.timeout(config.timeout) : undefined,
    });
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, key) => (responseHeaders[key] = value));
    return { data: await response.text(), status: response.status, statusText: response.statusText, headers: responseHeaders, config, request: {} };
  };
}

const cache = new Map<string, Client>();

export function createPayPalClient(input: { clientId: string; clientSecret: string; environment: "sandbox" | "production"; apiBase?: string }): Client {
  const key = `${input.clientId}|${input.environment}|${input.apiBase ?? ""}`;
  let client = cache.get(key);
  if (!client) {
    client = new Client({
      clientCredentialsAuthCredentials: { oAuthClientId: input.clientId, oAuthClientSecret: input.clientSecret },
      environment: input.environment === "production" ? Environment.Production : Environment.Sandbox,
      timeout: 30_000,
      ...(input.apiBase ? { unstable_httpClientOptions: { adapter: redirectingAdapter(input.apiBase) } } : {}),
    });
    cache.set(key, client);
  }
  return client;
}

export async function paypalClient(): Promise<Client> {
  const secrets = await gatewaySecrets("paypal");
  if (!secrets.clientId || !secrets.clientSecret) throw new GatewayNotConfiguredError("PayPal");
  const config = await getGatewayConfig("paypal");
  const environment = config.publicConfig.environment === "production" || config.testMode === false ? "production" : "sandbox";
  return createPayPalClient({ clientId: secrets.clientId, clientSecret: secrets.clientSecret, environment, apiBase: configuredApiBase() });
}

export async function paypalWebhookId(): Promise<string | null> {
  const config = await getGatewayConfig("paypal");
  const id = config.publicConfig.webhookId;
  return typeof id === "string" && id ? id : null;
}
