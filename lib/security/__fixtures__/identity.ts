/**
 * Test setup for the identity core: temp identity + ops databases (ops holds the email outbox), the secrets
 * serverEnv() requires, helpers to create users and read emails, and a scan that proves no secret reached a row.
 */
import { createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { closeAllDatabases } from "@/db/connection";
import { identityDb, identitySchema } from "@/db/identity/client";
import { auditLog, authEvents, users, type UserRole, type UserStatus } from "@/db/identity/schema";
import { migrateDatabase } from "@/db/migrate";
import { opsDb } from "@/db/ops/client";
import { emailOutbox } from "@/db/ops/schema";
import { hashPassword } from "@/lib/auth/password";
import { databaseConfig, resetEnvCache } from "@/lib/env";
import { TEST_SECRETS } from "@/lib/jobs/__fixtures__/setup";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { clearBlockedIpCache } from "../blocked-ips";
import type { RequestContext } from "../request-context";

export async function setupIdentity(): Promise<TempDatabases> {
  Object.assign(process.env, TEST_SECRETS, { APP_URL: "https://skyport.test" });
  delete process.env.SMTP_URL;
  const temp = await useTempDatabases({ migrate: false });
  try {
    await migrateDatabase("identity");
    await migrateDatabase("ops");
  } catch (error) {
    temp.cleanup();
    throw error;
  }
  resetEnvCache();
  clearBlockedIpCache();
  return temp;
}

/** Simulates a second app instance: every client is closed and reopened, nothing in memory survives but the files. */
export function restartInstance(): void {
  closeAllDatabases();
  clearBlockedIpCache();
}

/**
 * A second, independent connection to the identity database, as another app instance would have (no shared
 * client, no shared write queue). Use it for single statements: the embedded driver blocks while it waits.
 */
export function secondInstanceIdentityDb() {
  const config = databaseConfig("identity");
  const client = createClient({ url: config.url, timeout: config.busyTimeoutMs });
  return Object.assign(drizzle({ client, schema: identitySchema }), { close: () => client.close() });
}

export const PASSWORD = "correct horse battery staple";

let counter = 0;
export async function createUser(
  overrides: Partial<{ email: string; password: string | null; name: string; role: UserRole; status: UserStatus; verified: boolean; twoFactorEnabled: boolean }> = {},
): Promise<{ id: string; email: string; password: string | null }> {
  counter += 1;
  const email = overrides.email ?? `user${counter}-${Date.now()}@example.com`;
  const password = overrides.password === undefined ? PASSWORD : overrides.password;
  const [row] = await identityDb()
    .insert(users)
    .values({
      email,
      name: overrides.name ?? "Test User",
      passwordHash: password ? await hashPassword(password) : null,
      role: overrides.role ?? "customer",
      status: overrides.status ?? "active",
      emailVerified: overrides.verified === false ? null : new Date(),
      twoFactorEnabled: overrides.twoFactorEnabled ?? false,
    })
    .returning({ id: users.id });
  return { id: row!.id, email, password };
}

export const ctx = (ip: string | null = "203.0.113.10", userAgent = "Mozilla/5.0 (vitest)"): RequestContext => ({ ip, userAgent });

export async function outbox() {
  return opsDb().select().from(emailOutbox).orderBy(emailOutbox.createdAt, emailOutbox.id);
}

/** The token of the link to `path` in an email's text. */
export function linkToken(text: string, path: string): string {
  const match = new RegExp(`https://skyport\\.test${path}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`no ${path} link in:\n${text}`);
  return match[1]!;
}

/**
 * Fails if any secret appears in any auth event or identity audit row, or in any outbox email (a link token may
 * appear in the email that carries it: pass those as `allowedInEmail`).
 */
export async function expectNoSecretsStored(secrets: string[], allowedInEmail: string[] = []): Promise<void> {
  const events = JSON.stringify(await identityDb().select().from(authEvents));
  const audit = JSON.stringify(await identityDb().select().from(auditLog));
  const mails = await outbox();
  for (const secret of secrets.filter(Boolean)) {
    if (events.includes(secret)) throw new Error(`secret found in auth_events: ${secret.slice(0, 4)}…`);
    if (audit.includes(secret)) throw new Error(`secret found in audit_log: ${secret.slice(0, 4)}…`);
    if (allowedInEmail.includes(secret)) continue;
    for (const mail of mails) {
      if (JSON.stringify(mail).includes(secret)) throw new Error(`secret found in email "${mail.subject}": ${secret.slice(0, 4)}…`);
    }
  }
}
