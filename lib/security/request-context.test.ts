import { describe, expect, it } from "vitest";
import { MAX_USER_AGENT_LENGTH, normalizeIp, normalizeUserAgent, requestContext, requestContextFromHeaders } from "./request-context";

describe("normalizeIp", () => {
  it("returns the canonical form of IPv4 and IPv6 addresses", () => {
    expect(normalizeIp("203.0.113.7")).toBe("203.0.113.7");
    expect(normalizeIp(" 203.0.113.7 ")).toBe("203.0.113.7");
    expect(normalizeIp("2001:DB8:0:0:0:0:0:1")).toBe("2001:db8::1");
    expect(normalizeIp("::1")).toBe("::1");
  });

  it("turns IPv4-mapped IPv6 into IPv4", () => {
    expect(normalizeIp("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(normalizeIp("::FFFF:cb00:7107")).toBe("203.0.113.7");
  });

  it("strips ports, brackets and zone ids", () => {
    expect(normalizeIp("203.0.113.7:443")).toBe("203.0.113.7");
    expect(normalizeIp("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normalizeIp("[2001:db8::1]")).toBe("2001:db8::1");
    expect(normalizeIp("fe80::1%eth0")).toBe("fe80::1");
  });

  it("rejects anything that is not an address", () => {
    for (const bad of ["", "unknown", "10.1", "256.1.1.1", "1.2.3.4.5", "203.0.113.0/24", "'; drop table users; --", "x".repeat(1000), null, undefined]) {
      expect(normalizeIp(bad as string)).toBeNull();
    }
  });
});

describe("normalizeUserAgent", () => {
  it("caps the length and removes control characters", () => {
    expect(normalizeUserAgent("x".repeat(5000))).toHaveLength(MAX_USER_AGENT_LENGTH);
    expect(normalizeUserAgent("Mozilla\r\nX-Injected: yes")).toBe("Mozilla  X-Injected: yes");
    expect(normalizeUserAgent("   ")).toBeNull();
    expect(normalizeUserAgent(null)).toBeNull();
  });
});

describe("requestContextFromHeaders", () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);

  it("takes the address the trusted proxy appended, not what the client wrote", () => {
    const h = headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7", "user-agent": "UA" });
    expect(requestContextFromHeaders(h)).toEqual({ ip: "203.0.113.7", userAgent: "UA" });
    expect(requestContextFromHeaders(h, { trustedProxies: 2 })).toEqual({ ip: "6.6.6.6", userAgent: "UA" });
  });

  it("falls back to x-real-ip, then the socket; ignores forwarding headers when no proxy is trusted", () => {
    expect(requestContextFromHeaders(headers({ "x-real-ip": "::ffff:198.51.100.4" }))).toEqual({ ip: "198.51.100.4", userAgent: null });
    expect(requestContextFromHeaders(headers({ "x-forwarded-for": "garbage" }), { remoteAddress: "198.51.100.9" }).ip).toBe("198.51.100.9");
    expect(requestContextFromHeaders(headers({ "x-forwarded-for": "6.6.6.6" }), { trustedProxies: 0, remoteAddress: "198.51.100.9" }).ip).toBe(
      "198.51.100.9",
    );
    expect(requestContextFromHeaders(headers({}))).toEqual({ ip: null, userAgent: null });
  });

  it("requestContext normalises both fields", () => {
    expect(requestContext(" ::ffff:10.0.0.1 ", "UA\n")).toEqual({ ip: "10.0.0.1", userAgent: "UA" });
  });
});
