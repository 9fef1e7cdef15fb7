import { afterEach, describe, expect, it } from "vitest";
import { createClient } from "@libsql/client";
import { databaseConfig, resetEnvCache } from "@/lib/env";
import { filePathOf } from "./connection";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { describeDatabaseError, openClient } from "./connection";

let temp: TempDatabases | undefined;
afterEach(() => {
  delete process.env.DATABASE_BUSY_TIMEOUT_MS;
  temp?.cleanup();
});

describe("embedded database connections", () => {
  it("queues a write behind this process's open transaction without freezing the event loop", async () => {
    temp = await useTempDatabases();
    const client = openClient(databaseConfig("ops"));
    const tx = await client.transaction("write");
    await tx.execute("insert into settings (key, value) values ('a', '1')");
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const pending = client.execute("insert into settings (key, value) values ('b', '2')");
    await new Promise((r) => setTimeout(r, 100));
    expect(ticks).toBeGreaterThan(5); // the loop kept running while the write waited
    await tx.commit();
    await pending;
    clearInterval(ticker);
    const rows = await client.execute("select key from settings order by key");
    expect(rows.rows.map((r) => r.key)).toEqual(["a", "b"]);
  });

  it("fails a write that waits longer than the busy timeout with an error naming the database", async () => {
    process.env.DATABASE_BUSY_TIMEOUT_MS = "150";
    temp = await useTempDatabases();
    const client = openClient(databaseConfig("vpn"));
    const tx = await client.transaction("write");
    try {
      await expect(client.execute("create table t (x)")).rejects.toThrow(/Database "vpn" is unavailable: .*locked/);
    } finally {
      await tx.rollback();
    }
    // The queue recovered.
    await client.execute("create table t (x)");
  });

  it("looks through drizzle's wrapping to the SQLite error", () => {
    const sqliteError = Object.assign(new Error("SQLITE_READONLY: attempt to write a readonly database"), { code: "SQLITE_READONLY" });
    const wrapped = new Error("Failed query: insert into x values (?)", { cause: sqliteError });
    const described = describeDatabaseError({ name: "ops", url: "libsql://ops.example", busyTimeoutMs: 5000 }, wrapped);
    expect(described.message).toBe('Database "ops" is unavailable: libsql://ops.example is read-only');
  });

  it("recovers after another process held the lock past the busy timeout (reliability/database-outage.ts)", async () => {
    process.env.DATABASE_BUSY_TIMEOUT_MS = "100";
    resetEnvCache();
    temp = await useTempDatabases();
    const config = databaseConfig("ops");
    const client = openClient(config);
    await client.execute("select 1");
    // Another process (here: another client, its own connection) holds the write lock.
    const other = createClient({ url: `file:${filePathOf(config.url)}` });
    const held = await other.transaction("write");
    try {
      await expect(client.execute("insert into settings (key, value) values ('during', '1') returning key")).rejects.toMatchObject({ code: "SQLITE_BUSY" });
      await expect(client.transaction("write")).rejects.toMatchObject({ code: "SQLITE_BUSY" });
    } finally {
      await held.rollback();
      held.close();
      other.close();
    }
    // Without replacing the client, every transaction now failed at COMMIT ("SQL statements in progress") and kept the lock.
    for (const key of ["after-1", "after-2"]) {
      const tx = await client.transaction("write");
      try {
        await tx.execute({ sql: "insert into settings (key, value) values (?, '1')", args: [key] });
        await tx.commit();
      } finally {
        tx.close();
      }
    }
    await client.execute("insert into settings (key, value) values ('plain', '1')");
    const rows = await client.execute("select key from settings where key in ('during', 'after-1', 'after-2', 'plain') order by key");
    expect(rows.rows.map((r) => r.key)).toEqual(["after-1", "after-2", "plain"]);
  });
});
