import { defineConfig } from "drizzle-kit";
export default defineConfig({ dialect: "turso", schema: "./db/hosting/schema.ts", out: "./drizzle/hosting", dbCredentials: { url: "file:./data/hosting.db" } });
