import { afterEach, describe, expect, it } from "vitest";
import { databaseConfig } from "@/lib/env";
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
});
