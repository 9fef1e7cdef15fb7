import { defineConfig } from "drizzle-kit";
export default defineConfig({ dialect: "turso", schema: "./db/billing/schema.ts", out: "./drizzle/billing", dbCredentials: { url: "file:./data/billing.db" } });
