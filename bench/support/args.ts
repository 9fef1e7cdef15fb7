import { parseArgs } from "node:util";

/** `--name=value` and bare `--flag` (as "true") from the command line, for the benches' knobs. */
export function benchArgs(): Record<string, string> {
  const { values } = parseArgs({ args: process.argv.slice(2), strict: false, allowPositionals: true });
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
}
