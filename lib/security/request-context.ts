import "server-only";
/**
 * Who is asking, as far as the request tells: the client address and user agent. Framework-free (the web
 * `Headers` type only) so route handlers, server actions and Auth.js callbacks build it the same way.
 */
import ipaddr from "ipaddr.js";

export type RequestContext = { ip: string | null; userAgent: string | null };

export const EMPTY_REQUEST_CONTEXT: RequestContext = { ip: null, userAgent: null };

/** Longest user agent we keep: browsers send ~150 characters; anything longer is noise or an attack. */
export const MAX_USER_AGENT_LENGTH = 512;

/**
 * Canonical text form of an IP address, or null if it is not one. IPv4-mapped IPv6 (`::ffff:203.0.113.7`, what a
 * dual-stack socket reports for IPv4 clients) becomes plain IPv4, so blocks and rate limits see one address.
 * IPv6 is written in RFC 5952 form; zone ids are dropped.
 */
export function normalizeIp(value: string | null | undefined): string | null {
  if (typeof value !== "string") return null;
  let text = value.trim();
  if (text.length === 0 || text.length > 64) return null;
  // "[2001:db8::1]:443" and "203.0.113.7:443" as some proxies write them.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(":"));
  text = text.replace(/%.*$/, "");
  if (!ipaddr.isValid(text)) return null;
  // isValid accepts shorthand like "10.1" (classful forms); only the four-part decimal form is an IPv4 address here.
  if (!text.includes(":") && !ipaddr.IPv4.isValidFourPartDecimal(text)) return null;
  const address = ipaddr.process(text);
  return address.kind() === "ipv6" ? (address as ipaddr.IPv6).toRFC5952String() : address.toString();
}

export function normalizeUserAgent(value: string | null | undefined): string | null {
  if (typeof value !== "string") return null;
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/[\u0000-\u001f\u007f]/g, " ").trim();
  return text.length === 0 ? null : text.slice(0, MAX_USER_AGENT_LENGTH);
}

export function requestContext(ip: string | null | undefined, userAgent: string | null | undefined): RequestContext {
  return { ip: normalizeIp(ip), userAgent: normalizeUserAgent(userAgent) };
}

export interface FromHeadersOptions {
  /**
   * How many reverse proxies in front of the app append to X-Forwarded-For (default 1: one proxy such as nginx
   * or a platform load balancer). The client address is the entry that many places from the right; entries
   * further left were written by the client and cannot be trusted. 0 ignores forwarding headers.
   */
  trustedProxies?: number;
  /** The socket address, when the server exposes it (used when no trusted forwarding header is present). */
  remoteAddress?: string | null;
}

export function requestContextFromHeaders(headers: Headers, options: FromHeadersOptions = {}): RequestContext {
  const hops = options.trustedProxies ?? 1;
  let ip: string | null = null;
  if (hops > 0) {
    const forwarded = (headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (forwarded.length > 0) ip = normalizeIp(forwarded[Math.max(0, forwarded.length - hops)]);
    ip ??= normalizeIp(headers.get("x-real-ip"));
  }
  ip ??= normalizeIp(options.remoteAddress);
  return { ip, userAgent: normalizeUserAgent(headers.get("user-agent")) };
}
