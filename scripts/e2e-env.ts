/** Environment for the e2e server; kept apart so the refusal to use ./data is unit-tested. */
import path from "node:path";

export function e2eServerEnv(source: Record<string, string | undefined>, cwd: string) {
  const dataDir = source.E2E_DATA_DIR;
  if (!dataDir) throw new Error("E2E_DATA_DIR is not set: browser tests run on their own temporary databases");
  const resolved = path.resolve(cwd, dataDir);
  if (resolved === path.resolve(cwd, "data") || resolved.startsWith(path.resolve(cwd, "data") + path.sep)) {
    throw new Error(`Refusing to run browser tests against ${resolved}: that is the local ./data folder`);
  }
  const required = (key: string) => {
    const value = source[key];
    if (!value) throw new Error(`${key} is not set (playwright.config.ts sets it)`);
    return value;
  };
  return {
    DATA_DIR: resolved,
    PORT: source.E2E_PORT ?? "3210",
    NODE_ENV: "production",
    APP_URL: `http://127.0.0.1:${source.E2E_PORT ?? "3210"}`,
    AUTH_SECRET: required("E2E_AUTH_SECRET"),
    AUTH_TRUST_HOST: "true",
    ENCRYPTION_KEY: required("E2E_ENCRYPTION_KEY"),
    E2E_ADMIN_EMAIL: required("E2E_ADMIN_EMAIL"),
    E2E_ADMIN_PASSWORD: required("E2E_ADMIN_PASSWORD"),
    WORKER_POLL_MS: "200",
    /** The support desk's inbound-mail endpoint (e2e/support-desk.spec.ts posts raw messages with it). */
    INBOUND_EMAIL_SECRET: source.E2E_INBOUND_EMAIL_SECRET ?? "e2e-inbound-email-secret-0123456789",
  };
}
