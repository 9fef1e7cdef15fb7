/**
 * Writes the secrets a local instance needs into .env.local (untracked) when they are absent.
 * Existing values are never changed, so running it again is harmless.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const file = process.argv[2] ?? ".env.local";
const current = existsSync(file) ? readFileSync(file, "utf8") : "";
const present = new Set(
  current
    .split("\n")
    .map((line) => line.match(/^\s*([A-Z0-9_]+)\s*=/)?.[1])
    .filter(Boolean) as string[],
);

const wanted: Record<string, () => string> = {
  AUTH_SECRET: () => randomBytes(33).toString("base64url"),
  ENCRYPTION_KEY: () => randomBytes(32).toString("hex"),
  // A local demo is served by `next start` on localhost; Auth.js must trust that host.
  AUTH_TRUST_HOST: () => "true",
  APP_URL: () => "http://localhost:3000",
};

const added: string[] = [];
let text = current;
for (const [key, make] of Object.entries(wanted)) {
  if (present.has(key)) continue;
  if (text && !text.endsWith("\n")) text += "\n";
  text += `${key}=${make()}\n`;
  added.push(key);
}
if (added.length) {
  writeFileSync(file, text, { mode: 0o600 });
  console.log(`${file}: generated ${added.join(", ")}`);
} else {
  console.log(`${file}: nothing to add`);
}
