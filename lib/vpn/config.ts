import "server-only";
/**
 * Renders a wg-quick client config. `Address`, `DNS` and `MTU` are wg-quick fields (`wg-quick strip` removes
 * them before `wg setconf`); everything else is plain `wg` syntax. Inputs are validated here because this text
 * ends up in a file the customer imports: a stray newline in a value would inject lines into the config.
 */
import ipaddr from "ipaddr.js";
import { isValidWireGuardKey } from "./keys";

/** Stands in for the private key of browser-generated devices: the browser replaces it before offering the file. */
export const PRIVATE_KEY_PLACEHOLDER = "<PLACEHOLDER>";
export const FULL_TUNNEL = ["0.0.0.0/0", "::/0"] as const;

export interface ClientConfigInput {
  /** Base64 private key, or PRIVATE_KEY_PLACEHOLDER when the browser holds it. */
  privateKey: string;
  addresses: { ipv4: string; ipv6: string };
  dns: string[];
  mtu?: number | null;
  server: { publicKey: string; endpointHost: string; endpointPort: number };
  presharedKey?: string | null;
  /** `full` routes everything through the tunnel; a list of CIDRs is a split tunnel. */
  allowedIps: "full" | string[];
  keepalive?: number | null;
  /** Written as a comment line at the top (e.g. "Skyport – Frankfurt – laptop"); newlines are removed. */
  comment?: string;
}

export function renderClientConfig(input: ClientConfigInput): string {
  const { privateKey, addresses, server } = input;
  if (privateKey !== PRIVATE_KEY_PLACEHOLDER && !isValidWireGuardKey(privateKey)) throw new TypeError("invalid private key");
  if (!isValidWireGuardKey(server.publicKey)) throw new TypeError("invalid server public key");
  if (input.presharedKey != null && !isValidWireGuardKey(input.presharedKey)) throw new TypeError("invalid preshared key");
  const ipv4 = parseAddress(addresses.ipv4, "ipv4");
  const ipv6 = parseAddress(addresses.ipv6, "ipv6");
  const dns = input.dns.map((d) => {
    if (!ipaddr.isValid(d)) throw new TypeError(`invalid DNS server ${JSON.stringify(d)}`);
    return ipaddr.parse(d).toString();
  });
  const allowedIps = input.allowedIps === "full" ? [...FULL_TUNNEL] : input.allowedIps.map(normalizeCidr);
  if (allowedIps.length === 0) throw new TypeError("allowedIps must not be empty");
  const keepalive = input.keepalive === undefined ? 25 : input.keepalive;

  const lines: string[] = [];
  if (input.comment) lines.push(`# ${input.comment.replace(/[\r\n]+/g, " ").trim()}`);
  lines.push("[Interface]", `PrivateKey = ${privateKey}`, `Address = ${ipv4}/32, ${ipv6}/128`);
  if (dns.length > 0) lines.push(`DNS = ${dns.join(", ")}`);
  if (input.mtu != null) {
    if (!Number.isInteger(input.mtu) || input.mtu < 576 || input.mtu > 9000) throw new TypeError("invalid MTU");
    lines.push(`MTU = ${input.mtu}`);
  }
  lines.push("", "[Peer]", `PublicKey = ${server.publicKey}`);
  if (input.presharedKey) lines.push(`PresharedKey = ${input.presharedKey}`);
  lines.push(`AllowedIPs = ${allowedIps.join(", ")}`, `Endpoint = ${formatEndpoint(server.endpointHost, server.endpointPort)}`);
  if (keepalive) {
    if (!Number.isInteger(keepalive) || keepalive < 1 || keepalive > 65535) throw new TypeError("invalid keepalive");
    lines.push(`PersistentKeepalive = ${keepalive}`);
  }
  return lines.join("\n") + "\n";
}

/** `host:port`, with IPv6 literals in brackets as WireGuard requires (`[2001:db8::1]:51820`). */
export function formatEndpoint(host: string, port: number): string {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new TypeError("invalid endpoint port");
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (ipaddr.IPv6.isValid(bare)) return `[${ipaddr.IPv6.parse(bare).toString()}]:${port}`;
  if (ipaddr.IPv4.isValidFourPartDecimal(bare)) return `${bare}:${port}`;
  // RFC 1123 host names only: nothing that could break out of the line.
  if (!/^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\.?$/.test(bare)) {
    throw new TypeError(`invalid endpoint host ${JSON.stringify(host)}`);
  }
  return `${bare}:${port}`;
}

function parseAddress(value: string, kind: "ipv4" | "ipv6"): string {
  const ok = kind === "ipv4" ? ipaddr.IPv4.isValidFourPartDecimal(value) : ipaddr.IPv6.isValid(value);
  if (!ok) throw new TypeError(`invalid ${kind} address ${JSON.stringify(value)}`);
  return ipaddr.parse(value).toString();
}

function normalizeCidr(value: string): string {
  try {
    const [addr, bits] = ipaddr.parseCIDR(value.trim());
    return `${addr.toString()}/${bits}`;
  } catch {
    throw new TypeError(`invalid AllowedIPs entry ${JSON.stringify(value)}`);
  }
}
