import { createClient } from "@libsql/client";
import { execFileSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeAllDatabases } from "@/db/connection";
import { resetEnvCache } from "@/lib/env";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { checkAllDatabases, checkDatabase } from "./databases";

let temp: TempDatabases;
beforeEach(async () => {
  process.env.DATABASE_BUSY_TIMEOUT_MS = "200";
  temp = await useTempDatabases();
});
afterEach(() => {
  delete process.env.DATABASE_BUSY_TIMEOUT_MS;
  delete process.env.DATABASE_URL_SUPPORT;
  temp.cleanup();
  resetEnvCache();
});

describe("database health", () => {
  it("reports every database reachable at the shipped migration level", async () => {
    const { ok, databases } = await checkAllDatabases();
    expect(ok).toBe(true);
    expect(databases).toHaveLength(8);
    for (const db of databases) {
      expect(db.migrations.applied).toBe(db.migrations.expected);
      expect(db.migrations.expected).toBeGreaterThan(0);
    }
  });

  it("names a database whose directory is missing, without creating anything", async () => {
    process.env.DATABASE_URL_SUPPORT = `file:${temp.dir}/gone/support.db`;
    resetEnvCache();
    const health = await checkDatabase("support");
    expect(health).toMatchObject({ name: "support", ok: false, reachable: false });
    expect(health.error).toMatch(/directory .*gone does not exist/);
  });

  it("names a database that another connection holds locked", async () => {
    const locker = createClient({ url: `file:${temp.dir}/billing.db` });
    const tx = await locker.transaction("write");
    await tx.execute("create table if not exists lock_holder (x)");
    try {
      const health = await checkDatabase("billing");
      expect(health).toMatchObject({ name: "billing", ok: false, reachable: false });
      expect(health.error).toMatch(/locked/);
      const all = await checkAllDatabases();
      expect(all.databases.filter((d) => !d.ok).map((d) => d.name)).toEqual(["billing"]);
    } finally {
      await tx.rollback();
      locker.close();
    }
    closeAllDatabases();
    expect((await checkDatabase("billing")).ok).toBe(true);
  });

  it("names a database whose file is read-only", async () => {
    const file = `${temp.dir}/content.db`;
    closeAllDatabases();
    // Root ignores file modes, so make the file immutable instead.
    execFileSync("chattr", ["+i", file]);
    try {
      const health = await checkDatabase("content");
      expect(health).toMatchObject({ name: "content", ok: false });
      expect(health.error).toMatch(/read-only/);
    } finally {
      execFileSync("chattr", ["-i", file]);
    }
  });

  it("reports pending migrations on an empty database", async () => {
    closeAllDatabases();
    const { rmSync, writeFileSync } = await import("node:fs");
    for (const suffix of ["-wal", "-shm"]) rmSync(`${temp.dir}/cloud.db${suffix}`, { force: true });
    writeFileSync(`${temp.dir}/cloud.db`, "");
    const health = await checkDatabase("cloud");
    expect(health).toMatchObject({ reachable: true, ok: false, migrations: { applied: 0, upToDate: false } });
    expect(health.error).toMatch(/pending/);
  });
});
