import { defineConfig } from "drizzle-kit";
export default defineConfig({ dialect: "turso", schema: "./db/cloud/schema.ts", out: "./drizzle/cloud", dbCredentials: { url: "file:./data/cloud.db" } });
