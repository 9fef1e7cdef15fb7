import { defineConfig } from "drizzle-kit";
export default defineConfig({ dialect: "turso", schema: "./db/content/schema.ts", out: "./drizzle/content", dbCredentials: { url: "file:./data/content.db" } });
