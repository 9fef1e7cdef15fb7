import { defineConfig } from "drizzle-kit";
export default defineConfig({ dialect: "turso", schema: "./db/support/schema.ts", out: "./drizzle/support", dbCredentials: { url: "file:./data/support.db" } });
