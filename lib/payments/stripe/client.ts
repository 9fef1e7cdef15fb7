import "server-only";
/**
 * The Stripe client, built from the gateway's secret key (env first, then admin settings). STRIPE_API_BASE
 * points it at a local stand-in (tests, demo): `{ host, port, protocol }` of that URL.
 */
import Stripe from "stripe";
import { serverEnv } from "@/lib/env";
import { gatewaySecrets } from "../config";
import { GatewayNotConfiguredError } from "../errors";

const cache = new Map<string, Stripe>();

export function stripeConnectionOptions(apiBase: string | undefined): Pick<Stripe.StripeConfig, "host" | "port" | "protocol"> {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port || (protocol === "http" ? 80 : 443), protocol };
}

export function createStripeClient(secretKey: string, apiBase?: string): Stripe {
  const key = `${secretKey}|${apiBase ?? ""}`;
  let client = cache.get(key);
  if (!client) {
    client = new Stripe(secretKey, {
      ...stripeConnectionOptions(apiBase),
      // Our own jobs and the gateway's webhook retries handle retrying; idempotency keys make them safe.
      maxNetworkRetries: apiBase ? 0 : 2,
      timeout: 30_000,
      telemetry: false,
    });
    cache.set(key, client);
  }
  return client;
}

export async function stripeClient(): Promise<Stripe> {
  const secrets = await gatewaySecrets("stripe");
  if (!secrets.secretKey) throw new GatewayNotConfiguredError("Card");
  return createStripeClient(secrets.secretKey, serverEnv().STRIPE_API_BASE);
}

export async function stripeWebhookSecret(): Promise<string | null> {
  return (await gatewaySecrets("stripe")).webhookSecret ?? null;
}

/** For tests that switch stand-in servers. */
export function resetStripeClients(): void {
  cache.clear();
}
