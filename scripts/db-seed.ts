/**
 * `npm run db:seed`: idempotent demo data in all eight databases (run `npm run db:migrate` first).
 * The admin account comes from ADMIN_EMAIL / ADMIN_PASSWORD; without a password one is generated and printed
 * exactly once, when the account is created. An existing admin is never changed.
 */
import { closeAllDatabases } from "@/db/connection";
import { seedAll } from "@/db/seed";
import { EnvError, seedEnv } from "@/lib/env";

try {
  const env = seedEnv();
  const { admin } = await seedAll({
    adminEmail: env.ADMIN_EMAIL,
    adminPassword: env.ADMIN_PASSWORD,
    log: (line) => console.log(line),
  });

  if (admin.created && admin.generatedPassword) {
    console.log(`\nAdmin account created: ${admin.email}`);
    console.log(`Password (shown once, store it now): ${admin.generatedPassword}\n`);
  } else if (admin.created) {
    console.log(`\nAdmin account created: ${admin.email} (password from ADMIN_PASSWORD)\n`);
  } else if (admin.existingRole && admin.existingRole !== "admin") {
    console.warn(`\nWarning: ${admin.email} already exists with role "${admin.existingRole}"; it was left unchanged.\n`);
  } else {
    console.log(`\nAdmin account ${admin.email} already exists; left unchanged.\n`);
  }
  closeAllDatabases();
} catch (error) {
  closeAllDatabases();
  const message = error instanceof EnvError || error instanceof Error ? error.message : String(error);
  console.error(/no such table/i.test(causeChain(error)) ? `The databases are not migrated: run \`npm run db:migrate\` first.` : message);
  process.exit(1);
}

/** Drizzle wraps driver errors ("Failed query: …"); the SQLite reason is in `cause`. */
function causeChain(error: unknown): string {
  const messages: string[] = [];
  for (let e = error; e instanceof Error && messages.length < 5; e = e.cause) messages.push(e.message);
  return messages.join("\n");
}
