import { afterEach, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { createClient } from "@libsql/client";
import { DATABASE_NAMES } from "@/lib/env";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { expectedMigrationCount, migrateAll } from "./migrate";

let temp: TempDatabases | undefined;
afterEach(() => temp?.cleanup());

describe("migrations", () => {
  it("creates all eight databases in WAL mode, and a second run is a no-op", async () => {
    temp = await useTempDatabases({ migrate: false });
    const first = await migrateAll();
    expect(first.map((r) => r.name)).toEqual([...DATABASE_NAMES]);
    for (const r of first) expect(r.applied).toBe(expectedMigrationCount(r.name));
    const second = await migrateAll();
    for (const r of second) expect(r.applied).toBe(0);
    for (const name of DATABASE_NAMES) {
      expect(existsSync(`${temp.dir}/${name}.db`)).toBe(true);
      const c = createClient({ url: `file:${temp.dir}/${name}.db` });
      expect((await c.execute("PRAGMA journal_mode")).rows[0]?.journal_mode).toBe("wal");
      c.close();
    }
  });

  it("creates the data directory when it is missing", async () => {
    temp = await useTempDatabases({ migrate: false });
    process.env.DATA_DIR = `${temp.dir}/nested/deeper`;
    const { resetEnvCache } = await import("@/lib/env");
    resetEnvCache();
    await migrateAll();
    expect(existsSync(`${temp.dir}/nested/deeper/ops.db`)).toBe(true);
  });
});
