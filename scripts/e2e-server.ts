/**
 * The server the browser tests talk to: a production build on temporary databases, migrated and seeded here.
 * Refuses to run against the developer's ./data so tests can never touch real local data.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { DATABASE_NAMES } from "@/lib/env";
import { e2eServerEnv } from "./e2e-env";

const env = e2eServerEnv(process.env, process.cwd());
Object.assign(process.env, env);
for (const name of DATABASE_NAMES) delete process.env[`DATABASE_URL_${name.toUpperCase()}`];

const { migrateAll } = await import("@/db/migrate");
const { seedAll } = await import("@/db/seed");
const { closeAllDatabases } = await import("@/db/connection");
await migrateAll();
await seedAll({ adminEmail: env.E2E_ADMIN_EMAIL, adminPassword: env.E2E_ADMIN_PASSWORD, log: () => undefined });
closeAllDatabases();
console.log(`e2e databases ready in ${env.DATA_DIR}`);

// Payment gateway stand-ins (Stripe, PayPal) next to the app, and their variables for it (e2e/support/payment-stand-ins.ts).
const { startPaymentStandIns } = await import("../e2e/support/payment-stand-ins");
const payments = await startPaymentStandIns({ e2ePort: Number(env.PORT), appUrl: env.APP_URL, dataDir: env.DATA_DIR });
const preload = `--import=${path.resolve("e2e/support/paypal-cert-preload.mjs")}`;
// GitHub sign-in against a local OAuth stand-in (e2e/support/github-stand-in.ts).
const { startGitHubStandIn, githubStandInPort } = await import("../e2e/support/github-stand-in");
const github = await startGitHubStandIn(githubStandInPort(Number(env.PORT)));
Object.assign(process.env, payments.env, github.env, { NODE_OPTIONS: [process.env.NODE_OPTIONS, preload].filter(Boolean).join(" ") });

const next = spawn(path.join("node_modules", ".bin", "next"), ["start", "-p", env.PORT, "-H", "127.0.0.1"], {
  stdio: "inherit",
  env: { ...process.env, ...env } as NodeJS.ProcessEnv,
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => next.kill(signal));
next.on("exit", (code: number | null) => process.exit(code ?? 0));
