/**
 * Test-only: one "app instance" for the concurrency test. Adds devices concurrently (Promise.all) through
 * lib/vpn/devices in its own process, with its own database connections, and prints the outcomes as JSON.
 * argv: <userId> <count>
 */
import { addDevice } from "../devices";
import { generateKeyPair } from "../keys";

const [userId, count] = [process.argv[2]!, Number(process.argv[3])];
const results = await Promise.all(
  Array.from({ length: count }, async (_, i) => {
    try {
      const device = await addDevice(userId, { name: `proc ${process.pid} #${i}`, platform: "linux", keyMode: "browser", publicKey: generateKeyPair().publicKey }, { email: null });
      return { ok: true as const, ipv4: device.ipv4, ipv6: device.ipv6 };
    } catch (error) {
      return { ok: false as const, code: (error as { code?: string }).code ?? String(error) };
    }
  }),
);
process.stdout.write(JSON.stringify(results));
