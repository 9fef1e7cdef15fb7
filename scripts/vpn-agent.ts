/**
 * Skyport VPN agent: keeps one WireGuard interface's peers in line with the control plane and reports handshakes
 * and transfer counters (lib/vpn/agent.ts has the logic, lib/vpn/agent-api.ts the HTTP contract).
 *
 *   npm run vpn-agent -- --url https://skyport.example --token-file /etc/skyport/agent-token --interface wg0 [--interval 10] [--max-backoff 60] [--netns name]
 *
 * The interface must exist with its private key and listen port (e.g. `wg-quick up`); the agent only manages peers.
 * `--token` works too but shows the token in the process list; prefer `--token-file`.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { VpnAgent } from "@/lib/vpn/agent";

const usage = "usage: vpn-agent --url <control plane URL> (--token <token> | --token-file <path>) --interface <wg interface> [--interval <seconds>] [--max-backoff <seconds>] [--netns <name>] [--once]";

function main(): void {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        url: { type: "string" },
        token: { type: "string" },
        "token-file": { type: "string" },
        interface: { type: "string" },
        interval: { type: "string", default: "10" },
        "max-backoff": { type: "string", default: "60" },
        netns: { type: "string" },
        once: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  const token = values.token ?? (values["token-file"] ? readFileSync(values["token-file"], "utf8").trim() : undefined);
  const interval = Number(values.interval);
  const maxBackoff = Number(values["max-backoff"]);
  if (!values.url || !token || !values.interface || !Number.isFinite(interval) || interval <= 0 || !Number.isFinite(maxBackoff) || maxBackoff <= 0) {
    console.error(usage);
    process.exit(2);
  }
  const agent = new VpnAgent({ url: values.url, token, interface: values.interface, intervalSeconds: interval, maxBackoffSeconds: maxBackoff, netns: values.netns });
  if (values.once) {
    // Non-zero when the control plane refused or could not be reached, so scripts and health checks notice.
    void agent.tick().then((ok) => process.exit(ok ? 0 : 1));
    return;
  }
  const controller = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => controller.abort());
  void agent.run(controller.signal).then(() => process.exit(0));
}

main();
