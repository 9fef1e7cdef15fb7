import "server-only";
/**
 * Encrypted key material of the VPN. Each blob is bound to its row through the encryption context (associated
 * data), so a private or preshared key copied onto another device or server does not decrypt there.
 */
import { decryptSecret, encryptSecret } from "@/lib/security/encryption";

const privateKeyContext = (deviceId: string) => `vpn.device:${deviceId}`;
const presharedKeyContext = (deviceId: string, serverId: string) => `vpn.psk:${deviceId}:${serverId}`;

export const encryptPrivateKey = (privateKey: string, deviceId: string) => encryptSecret(privateKey, privateKeyContext(deviceId));
export const decryptPrivateKey = (blob: string, deviceId: string) => decryptSecret(blob, privateKeyContext(deviceId));
export const encryptPresharedKey = (psk: string, deviceId: string, serverId: string) => encryptSecret(psk, presharedKeyContext(deviceId, serverId));

/**
 * Preshared keys are decrypted for every peer-set fetch (10,000 per server and fetch), so decrypted ones are kept in
 * a bounded in-process cache. The key includes the context, so a blob copied onto another row still has to decrypt
 * under that row's context. Private keys of devices are never cached.
 */
const PSK_CACHE_MAX = 200_000;
const pskCache = new Map<string, string>();

export function decryptPresharedKey(blob: string, deviceId: string, serverId: string): string {
  const context = presharedKeyContext(deviceId, serverId);
  const key = `${context}\n${blob}`;
  const hit = pskCache.get(key);
  if (hit !== undefined) return hit;
  const plain = decryptSecret(blob, context);
  if (pskCache.size >= PSK_CACHE_MAX) pskCache.delete(pskCache.keys().next().value!);
  pskCache.set(key, plain);
  return plain;
}
