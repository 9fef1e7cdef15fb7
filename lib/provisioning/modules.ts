import "server-only";
/**
 * Imports every provisioning module so it registers itself. The `none` module is built in (registry.ts).
 * Add one import line per module (e.g. `import "@/lib/vpn/provisioning";`).
 */
import "./registry";
import "@/lib/vpn/provisioning";
