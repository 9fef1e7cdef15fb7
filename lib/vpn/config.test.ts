import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatEndpoint, PRIVATE_KEY_PLACEHOLDER, renderClientConfig, type ClientConfigInput } from "./config";
import { generateKeyPair, generatePresharedKey } from "./keys";
import { inNs, requireWireGuardLab, sh, WgLab } from "./testing/wg-lab";

const server = generateKeyPair();
const client = generateKeyPair();
const psk = generatePresharedKey();

const base: ClientConfigInput = {
  privateKey: client.privateKey,
  addresses: { ipv4: "100.96.0.2", ipv6: "fd5c:7a10:9e00::2" },
  dns: ["9.9.9.9", "2620:fe::fe"],
  mtu: 1420,
  server: { publicKey: server.publicKey, endpointHost: "de-fra.vpn.skyport.test", endpointPort: 51820 },
  presharedKey: psk,
  allowedIps: "full",
};

describe("renderClientConfig", () => {
  it("renders a full-tunnel wg-quick config", () => {
    expect(renderClientConfig({ ...base, comment: "Skyport – Frankfurt – <b>laptop</b>\nPostUp = evil" })).toBe(
      [
        "# Skyport – Frankfurt – <b>laptop</b> PostUp = evil",
        "[Interface]",
        `PrivateKey = ${client.privateKey}`,
        "Address = 100.96.0.2/32, fd5c:7a10:9e00::2/128",
        "DNS = 9.9.9.9, 2620:fe::fe",
        "MTU = 1420",
        "",
        "[Peer]",
        `PublicKey = ${server.publicKey}`,
        `PresharedKey = ${psk}`,
        "AllowedIPs = 0.0.0.0/0, ::/0",
        "Endpoint = de-fra.vpn.skyport.test:51820",
        "PersistentKeepalive = 25",
        "",
      ].join("\n"),
    );
  });

  it("brackets IPv6 endpoints and supports split tunnels, placeholders and no keepalive", () => {
    const text = renderClientConfig({
      ...base,
      privateKey: PRIVATE_KEY_PLACEHOLDER,
      server: { ...base.server, endpointHost: "2001:DB8:0:0::1", endpointPort: 443 },
      allowedIps: ["10.0.0.0/8", " 192.168.1.0/24", "fd00::/8"],
      keepalive: null,
      presharedKey: null,
      mtu: null,
    });
    expect(text).toContain("Endpoint = [2001:db8::1]:443\n");
    expect(text).toContain("AllowedIPs = 10.0.0.0/8, 192.168.1.0/24, fd00::/8\n");
    expect(text).toContain("PrivateKey = <PLACEHOLDER>\n");
    expect(text).not.toContain("PersistentKeepalive");
    expect(text).not.toContain("PresharedKey");
    expect(text).not.toContain("MTU");
    expect(formatEndpoint("[2001:db8::5]", 51820)).toBe("[2001:db8::5]:51820");
    expect(formatEndpoint("203.0.113.7", 51820)).toBe("203.0.113.7:51820");
  });

  it("refuses values that would break or inject lines", () => {
    expect(() => renderClientConfig({ ...base, server: { ...base.server, endpointHost: "evil.test\nPostUp = rm -rf /" } })).toThrow(TypeError);
    expect(() => renderClientConfig({ ...base, dns: ["1.1.1.1\nPostUp = x"] })).toThrow(TypeError);
    expect(() => renderClientConfig({ ...base, allowedIps: ["10.0.0.0/8, PostUp"] })).toThrow(TypeError);
    expect(() => renderClientConfig({ ...base, allowedIps: [] })).toThrow(TypeError);
    expect(() => renderClientConfig({ ...base, privateKey: "short" })).toThrow(TypeError);
    expect(() => renderClientConfig({ ...base, server: { ...base.server, endpointPort: 70000 } })).toThrow(TypeError);
    expect(() => renderClientConfig({ ...base, addresses: { ipv4: "fd00::1", ipv6: "fd00::2" } })).toThrow(TypeError);
  });
});

describe("rendered configs on real WireGuard", () => {
  const lab = new WgLab();
  let ns: string;
  let ifname: string;
  let dir: string;

  beforeAll(async () => {
    requireWireGuardLab();
    dir = mkdtempSync(path.join(os.tmpdir(), "skyport-wgconf-"));
    ns = lab.addNamespace("skycfg");
    ifname = await lab.addWireGuard(ns, "skycfg");
  });

  afterAll(async () => {
    await lab.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const [label, input] of [
    ["full tunnel, hostname endpoint", base],
    ["split tunnel, IPv6 endpoint, no PSK", { ...base, allowedIps: ["10.0.0.0/8", "fd00::/8"], presharedKey: null, server: { ...base.server, endpointHost: "2001:db8::1" } }],
    ["IPv4 endpoint, no keepalive", { ...base, keepalive: null, server: { ...base.server, endpointHost: "192.0.2.1" } }],
  ] as Array<[string, ClientConfigInput]>) {
    it(`${label}: wg-quick strip parses it and wg setconf accepts it`, () => {
      // Hostname endpoints need DNS, which the sandbox lacks: swap in an address for the setconf step only.
      const text = renderClientConfig(input);
      const file = path.join(dir, "sky-test.conf");
      writeFileSync(file, text, { mode: 0o600 });
      const stripped = sh("wg-quick", ["strip", file]);
      expect(stripped).not.toMatch(/^(Address|DNS|MTU)\s*=/m);
      expect(stripped).toContain(`PublicKey = ${server.publicKey}`);
      const settable = path.join(dir, "stripped.conf");
      writeFileSync(settable, stripped.replace("de-fra.vpn.skyport.test", "192.0.2.77"), { mode: 0o600 });
      inNs(ns, "wg", ["setconf", ifname, settable]);
      const dump = sh("wg", ["show", ifname, "dump"]).trim().split("\n");
      expect(dump[0]!.split("\t")[1]).toBe(client.publicKey);
      const peer = dump[1]!.split("\t");
      expect(peer[0]).toBe(server.publicKey);
      expect(peer[1]).toBe(input.presharedKey ?? "(none)");
      const allowed = input.allowedIps === "full" ? ["0.0.0.0/0", "::/0"] : input.allowedIps;
      expect(peer[3]!.split(",").sort()).toEqual([...allowed].sort());
      expect(peer[7]).toBe(input.keepalive === null ? "off" : "25");
    });
  }
});
