/**
 * Test helper: points every database at fresh files in a temporary folder and migrates them.
 * Never `:memory:` (transactions on it can wipe the database, STACK-NOTES.md).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeAllDatabases } from "@/db/connection";
import { resetEnvCache } from "@/lib/env";

export interface TempDatabases {
  dir: string;
  cleanup: () => void;
}

export async function useTempDatabases(options: { migrate?: boolean } = {}): Promise<TempDatabases> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "skyport-test-"));
  closeAllDatabases();
  process.env.DATA_DIR = dir;
  for (const key of Object.keys(process.env)) if (key.startsWith("DATABASE_URL_")) delete process.env[key];
  resetEnvCache();
  if (options.migrate !== false) {
    const { migrateAll } = await import("@/db/migrate");
    await migrateAll();
  }
  return {
    dir,
    cleanup: () => {
      closeAllDatabases();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
