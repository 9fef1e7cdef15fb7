import { defineConfig } from "drizzle-kit";
export default defineConfig({ dialect: "turso", schema: "./db/ops/schema.ts", out: "./drizzle/ops", dbCredentials: { url: "file:./data/ops.db" } });
