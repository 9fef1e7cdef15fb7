import "server-only";
/**
 * Consistent snapshots of the eight databases while the app keeps writing.
 * - file databases: `VACUUM INTO` copies one read transaction's view of the file (WAL lets writers go on);
 * - remote databases (sqld/Turso): a logical copy of schema and rows inside one read transaction.
 * Each database is consistent on its own; across databases the outbox makes any gap harmless (a job that was
 * enqueued but not yet applied is simply applied after restore).
 */
import { createClient, type Client } from "@libsql/client";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { closeAllDatabases, describeDatabaseError, filePathOf, openClient } from "@/db/connection";
import { DATABASE_NAMES, databaseConfig, type DatabaseName } from "@/lib/env";

export interface BackupManifest {
  createdAt: string;
  databases: Array<{ name: DatabaseName; file: string; bytes: number; sha256: string; migrations: number; tables: number }>;
}

const sqlString = (value: string) => `'${value.replace(/'/g, "''")}'`;

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

export function timestampedFolderName(now = new Date()): string {
  return now.toISOString().replace(/[:.]/g, "-").replace(/-\d{3}Z$/, "Z");
}

export async function logicalCopy(source: Client, targetFile: string): Promise<void> {
  const target = createClient({ url: `file:${targetFile}` });
  const tx = await source.transaction("read");
  try {
    const objects = await tx.execute(
      "select type, name, sql from sqlite_master where sql is not null and name not like 'sqlite_%' order by case type when 'table' then 0 else 1 end",
    );
    for (const row of objects.rows) if (row.type === "table") await target.execute(String(row.sql));
    for (const row of objects.rows) {
      if (row.type !== "table") continue;
      const name = String(row.name);
      const data = await tx.execute(`select * from "${name.replace(/"/g, '""')}"`);
      if (!data.rows.length) continue;
      const placeholders = data.columns.map(() => "?").join(", ");
      const insert = `insert into "${name.replace(/"/g, '""')}" values (${placeholders})`;
      await target.batch(
        data.rows.map((r) => ({ sql: insert, args: data.columns.map((_, i) => r[i] ?? null) })),
        "write",
      );
    }
    for (const row of objects.rows) if (row.type !== "table") await target.execute(String(row.sql));
  } finally {
    tx.close();
    target.close();
  }
}

export async function backupAll(destinationRoot: string, now = new Date()): Promise<{ folder: string; manifest: BackupManifest }> {
  const folder = path.resolve(destinationRoot, timestampedFolderName(now));
  mkdirSync(folder, { recursive: true });
  const manifest: BackupManifest = { createdAt: now.toISOString(), databases: [] };
  for (const name of DATABASE_NAMES) {
    const config = databaseConfig(name);
    const file = path.join(folder, `${name}.db`);
    try {
      const client = openClient(config);
      if (filePathOf(config.url)) await client.execute(`VACUUM INTO ${sqlString(file)}`);
      else await logicalCopy(client, file);
    } catch (error) {
      throw describeDatabaseError(config, error);
    }
    const check = createClient({ url: `file:${file}` });
    try {
      const tables = await check.execute("select count(*) as n from sqlite_master where type = 'table'");
      const migrations = await check
        .execute("select count(*) as n from __drizzle_migrations")
        .then((r) => Number(r.rows[0]?.n ?? 0))
        .catch(() => 0);
      manifest.databases.push({
        name,
        file: `${name}.db`,
        bytes: statSync(file).size,
        sha256: sha256(file),
        migrations,
        tables: Number(tables.rows[0]?.n ?? 0),
      });
    } finally {
      check.close();
    }
  }
  writeFileSync(path.join(folder, "manifest.json"), JSON.stringify(manifest, null, 2));
  return { folder, manifest };
}

export class RestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreError";
  }
}

/**
 * Restores a backup folder into the configured file databases. Run it with the app stopped: it replaces files.
 * Refuses to overwrite existing databases unless `force` is set, and checks every file against the manifest first.
 */
export async function restoreAll(folder: string, options: { force?: boolean } = {}): Promise<DatabaseName[]> {
  const manifestPath = path.join(folder, "manifest.json");
  if (!existsSync(manifestPath)) throw new RestoreError(`${folder} has no manifest.json: not a Skyport backup`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as BackupManifest;
  // Verify everything before touching anything.
  for (const entry of manifest.databases) {
    const file = path.join(folder, entry.file);
    if (!existsSync(file)) throw new RestoreError(`${entry.file} is missing from the backup`);
    if (sha256(file) !== entry.sha256) throw new RestoreError(`${entry.file} does not match its checksum: the backup is damaged`);
    const target = filePathOf(databaseConfig(entry.name).url);
    if (!target) throw new RestoreError(`database "${entry.name}" is remote: restore it with its server's tools (or point it at a file)`);
    if (existsSync(target) && !options.force) {
      throw new RestoreError(`${target} exists; pass --force to replace it (stop the app first)`);
    }
  }
  closeAllDatabases();
  const restored: DatabaseName[] = [];
  for (const entry of manifest.databases) {
    const target = path.resolve(filePathOf(databaseConfig(entry.name).url)!);
    mkdirSync(path.dirname(target), { recursive: true });
    for (const suffix of ["-wal", "-shm"]) rmSync(target + suffix, { force: true });
    copyFileSync(path.join(folder, entry.file), target);
    restored.push(entry.name);
  }
  return restored;
}
