import { defineConfig } from "drizzle-kit";
export default defineConfig({ dialect: "turso", schema: "./db/identity/schema.ts", out: "./drizzle/identity", dbCredentials: { url: "file:./data/identity.db" } });
