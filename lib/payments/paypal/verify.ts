import "server-only";
/**
 * PayPal webhook signature verification (the SDK has none). PayPal signs
 * `<transmission id>|<transmission time>|<webhook id>|<CRC32 of the raw body, decimal>` with RSA-SHA256; the
 * public key is in the certificate at `paypal-cert-url`, which we only fetch over HTTPS from a paypal.com host
 * (anyone can put a URL in a header). Certificates are cached per URL.
 */
import { X509Certificate, verify as verifySignature } from "node:crypto";
import { crc32 } from "node:zlib";

export type CertFetcher = (url: string) => Promise<string>;

export interface PayPalSignatureHeaders {
  transmissionId: string | null;
  transmissionTime: string | null;
  transmissionSig: string | null;
  certUrl: string | null;
  authAlgo: string | null;
}

type HeaderSource = Headers | Record<string, string | string[] | null | undefined>;

export function readPayPalHeaders(headers: HeaderSource): PayPalSignatureHeaders {
  const get = (name: string): string | null => {
    if (headers instanceof Headers) return headers.get(name);
    const value = Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
    return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
  };
  return {
    transmissionId: get("paypal-transmission-id"),
    transmissionTime: get("paypal-transmission-time"),
    transmissionSig: get("paypal-transmission-sig"),
    certUrl: get("paypal-cert-url"),
    authAlgo: get("paypal-auth-algo"),
  };
}

/** Only https URLs on paypal.com or one of its subdomains. */
export function isAllowedCertUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const host = parsed.hostname.toLowerCase();
  return parsed.protocol === "https:" && !parsed.username && !parsed.password && (parsed.port === "" || parsed.port === "443") && (host === "paypal.com" || host.endsWith(".paypal.com"));
}

const certCache = new Map<string, { pem: string; at: number }>();
const CERT_TTL_MS = 24 * 3600_000;

export const fetchPayPalCert: CertFetcher = async (url) => {
  const response = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`certificate fetch failed: HTTP ${response.status}`);
  return response.text();
};

export function crc32Decimal(rawBody: string): number {
  return crc32(Buffer.from(rawBody, "utf8")) >>> 0;
}

export async function verifyPayPalSignature(
  rawBody: string,
  headers: PayPalSignatureHeaders,
  webhookId: string,
  options: { fetchCert?: CertFetcher; now?: Date } = {},
): Promise<boolean> {
  const { transmissionId, transmissionTime, transmissionSig, certUrl, authAlgo } = headers;
  if (!transmissionId || !transmissionTime || !transmissionSig || !certUrl) return false;
  if (authAlgo && authAlgo.toUpperCase() !== "SHA256WITHRSA") return false;
  if (!isAllowedCertUrl(certUrl)) return false;
  const now = options.now ?? new Date();
  let pem = certCache.get(certUrl);
  if (!pem || now.getTime() - pem.at > CERT_TTL_MS) {
    try {
      pem = { pem: await (options.fetchCert ?? fetchPayPalCert)(certUrl), at: now.getTime() };
    } catch {
      return false;
    }
    certCache.set(certUrl, pem);
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem.pem);
  } catch {
    certCache.delete(certUrl);
    return false;
  }
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) return false;
  const message = `${transmissionId}|${transmissionTime}|${webhookId}|${crc32Decimal(rawBody)}`;
  try {
    return verifySignature("sha256", Buffer.from(message, "utf8"), cert.publicKey, Buffer.from(transmissionSig, "base64"));
  } catch {
    return false;
  }
}

/** For tests. */
export function clearPayPalCertCache(): void {
  certCache.clear();
}
