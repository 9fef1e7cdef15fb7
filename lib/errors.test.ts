import { afterAll, describe, expect, it } from "vitest";
import { createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { sql } from "drizzle-orm";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { AppError, isDatabaseUnavailable, toActionResult, toHttpResponse } from "./errors";

const dir = mkdtempSync(path.join(os.tmpdir(), "skyport-errors-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The error a write really gets while another connection holds the file's write lock. */
async function lockedWriteError(): Promise<unknown> {
  const url = `file:${path.join(dir, "locked.db")}`;
  const holder = createClient({ url });
  await holder.execute("pragma journal_mode = wal");
  await holder.execute("create table if not exists t (x integer)");
  const writer = drizzle({ client: createClient({ url, timeout: 50 }) });
  const tx = await holder.transaction("write");
  try {
    await writer.run(sql`insert into t values (1)`);
    return null;
  } catch (error) {
    return error;
  } finally {
    await tx.rollback();
    tx.close();
    holder.close();
    writer.$client.close();
  }
}

describe("database outages are 503s, not 500s (reliability/database-outage.ts found this)", () => {
  it("recognises a real SQLITE_BUSY wrapped by Drizzle", async () => {
    const error = await lockedWriteError();
    expect(error).toBeTruthy();
    expect(isDatabaseUnavailable(error)).toBe(true);
    const response = toHttpResponse(error);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(toActionResult(error).formError).toMatch(/temporarily unavailable/);
  });

  it("leaves other errors alone", () => {
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(new AppError("NOT_FOUND", "x"))).toBe(false);
    expect(toHttpResponse(new AppError("CONFLICT", "x")).status).toBe(409);
    const quiet = console.error;
    console.error = () => undefined;
    try {
      expect(toHttpResponse(new TypeError("x")).status).toBe(500);
    } finally {
      console.error = quiet;
    }
  });
});
