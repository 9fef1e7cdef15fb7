import { createClient } from "@libsql/client";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeAllDatabases, openClient } from "@/db/connection";
import { databaseConfig, resetEnvCache } from "@/lib/env";
import { checkAllDatabases } from "@/lib/health/databases";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { backupAll, logicalCopy, restoreAll } from "./index";

let temp: TempDatabases | undefined;
const extraDirs: string[] = [];
afterEach(() => {
  temp?.cleanup();
  for (const d of extraDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), "skyport-backup-"));
  extraDirs.push(d);
  return d;
};

async function count(file: string, table: string) {
  const c = createClient({ url: `file:${file}` });
  try {
    return Number((await c.execute(`select count(*) as n from ${table}`)).rows[0]?.n);
  } finally {
    c.close();
  }
}

describe("backup and restore", () => {
  it("snapshots all eight databases while writes run, and the restored copy is healthy and matches", async () => {
    temp = await useTempDatabases();
    const ops = openClient(databaseConfig("ops"));
    let written = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await ops.execute({ sql: "insert into settings (key, value) values (?, ?)", args: [`k${written}`, JSON.stringify(written)] });
        written++;
        // Let the backup (and timers) run between writes, as real request traffic would.
        await new Promise((r) => setImmediate(r));
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    const { folder, manifest } = await backupAll(tempDir());
    writing = false;
    await writer;
    expect(manifest.databases.map((d) => d.name)).toHaveLength(8);
    const snapshotRows = await count(path.join(folder, "ops.db"), "settings");
    expect(snapshotRows).toBeGreaterThan(0);
    expect(snapshotRows).toBeLessThanOrEqual(written);

    // Restore into a fresh folder and start from it.
    const target = tempDir();
    closeAllDatabases();
    process.env.DATA_DIR = target;
    resetEnvCache();
    expect(await restoreAll(folder)).toHaveLength(8);
    expect(await count(path.join(target, "ops.db"), "settings")).toBe(snapshotRows);
    const health = await checkAllDatabases();
    expect(health.ok).toBe(true);
    // The rows are the same rows, not just the same number.
    const restored = createClient({ url: `file:${target}/ops.db` });
    const keys = (await restored.execute("select key from settings order by key")).rows.map((r) => r.key);
    restored.close();
    expect(new Set(keys).size).toBe(snapshotRows);
    closeAllDatabases();
  });

  it("refuses to overwrite existing databases without force, and a damaged backup is refused before anything changes", async () => {
    temp = await useTempDatabases();
    const { folder } = await backupAll(tempDir());
    await expect(restoreAll(folder)).rejects.toThrow(/exists; pass --force/);
    const manifestPath = path.join(folder, "manifest.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    writeFileSync(path.join(folder, "vpn.db"), "garbage");
    await expect(restoreAll(folder, { force: true })).rejects.toThrow(/vpn.db does not match its checksum/);
    expect(manifest.databases).toHaveLength(8);
  });

  it("copies a database logically (the path used for remote libSQL servers)", async () => {
    temp = await useTempDatabases();
    const source = openClient(databaseConfig("ops"));
    await source.execute({ sql: "insert into settings (key, value) values ('company', ?)", args: [JSON.stringify({ name: "Acme" })] });
    const file = path.join(tempDir(), "copy.db");
    await logicalCopy(source, file);
    const copy = createClient({ url: `file:${file}` });
    const row = (await copy.execute("select value from settings where key = 'company'")).rows[0];
    const indexes = await copy.execute("select count(*) as n from sqlite_master where type = 'index' and name = 'email_outbox_dedupe_uq'");
    copy.close();
    expect(JSON.parse(String(row?.value))).toEqual({ name: "Acme" });
    expect(Number(indexes.rows[0]?.n)).toBe(1);
  });
});
