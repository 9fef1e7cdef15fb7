import { defineConfig } from "drizzle-kit";
export default defineConfig({ dialect: "turso", schema: "./db/vpn/schema.ts", out: "./drizzle/vpn", dbCredentials: { url: "file:./data/vpn.db" } });
