import { defineConfig, devices } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * End-to-end tests drive Debian's Chromium against a production build (`next start`) that runs on its own
 * temporary databases. The config is loaded by the runner and again by each worker: values are created once,
 * in the runner, and inherited by the workers through the environment.
 */
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "skyport-e2e-"));
process.env.E2E_PORT ??= "3210";
process.env.E2E_AUTH_SECRET ??= randomBytes(33).toString("base64url");
process.env.E2E_ENCRYPTION_KEY ??= randomBytes(32).toString("hex");
process.env.E2E_ADMIN_EMAIL ??= "admin@skyport.test";
process.env.E2E_ADMIN_PASSWORD ??= `Adm1n-${randomBytes(12).toString("base64url")}`;

const port = Number(process.env.E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-sandbox",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined, viewport: { width: 1440, height: 900 } } },
  ],
  webServer: {
    command: "npx tsx --conditions=react-server scripts/e2e-server.ts",
    url: `${baseURL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      E2E_DATA_DIR: process.env.E2E_DATA_DIR,
      E2E_PORT: String(port),
      E2E_AUTH_SECRET: process.env.E2E_AUTH_SECRET,
      E2E_ENCRYPTION_KEY: process.env.E2E_ENCRYPTION_KEY,
      E2E_ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL,
      E2E_ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
    },
  },
});
