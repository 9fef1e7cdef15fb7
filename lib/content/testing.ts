/** Test setup for lib/content: a temp content database, the secrets serverEnv() needs, and a revalidation recorder. */
import { migrateDatabase } from "@/db/migrate";
import { resetEnvCache } from "@/lib/env";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { setContentRevalidator, type ContentChange } from "./revalidate";

export const CONTENT_TEST_SECRETS = {
  AUTH_SECRET: "test-auth-secret-0123456789-abcdefghijkl",
  ENCRYPTION_KEY: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
};

export async function setupContentTest(): Promise<TempDatabases & { revalidations: ContentChange[] }> {
  Object.assign(process.env, CONTENT_TEST_SECRETS);
  const temp = await useTempDatabases({ migrate: false });
  await migrateDatabase("content");
  resetEnvCache();
  const revalidations: ContentChange[] = [];
  setContentRevalidator(async (change) => {
    revalidations.push(change);
  });
  return {
    ...temp,
    revalidations,
    cleanup: () => {
      setContentRevalidator(null);
      temp.cleanup();
    },
  };
}
