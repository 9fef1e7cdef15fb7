import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsvRecords } from "./csv-read";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { billingDb } from "@/db/billing/client";
import { invoices } from "@/db/billing/schema";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import { newId } from "@/db/columns";
import { csvStream, safeCell } from "./csv";
import { exportRegistry, parseExportParams } from "./registry";
import { runTableQuery } from "./query";
import { invoicesTable } from "./definitions/billing";

let temp: TempDatabases;

beforeAll(async () => {
  process.env.AUTH_SECRET ??= "x".repeat(40);
  process.env.ENCRYPTION_KEY ??= "a".repeat(64);
  temp = await useTempDatabases();
  const customer = { id: newId(), email: "=cmd@example.test", name: "Formula", role: "customer" as const };
  await identityDb().insert(users).values(customer);
  const rows = Array.from({ length: 2500 }, (_, i) => ({
        number: `INV-2026-${String(i + 1).padStart(6, "0")}`,
        customerId: customer.id,
        status: (i % 3 === 0 ? "paid" : "unpaid") as "paid" | "unpaid",
        currency: "EUR",
        total: 1000 + i,
        issuedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
      }));
  for (let i = 0; i < rows.length; i += 400) await billingDb().insert(invoices).values(rows.slice(i, i + 400));
});
afterAll(() => temp?.cleanup());

async function bytes(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

describe("CSV export", () => {
  it("streams exactly the filtered, sorted set (across keyset chunks) with exact money and a header", async () => {
    const spec = exportRegistry.invoices!;
    const params = parseExportParams(spec, new URLSearchParams({ status: "paid,unpaid", sort: "-total", total: "15~" }));
    const raw = await bytes(csvStream(spec.rows(params), spec.columns));
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, so spreadsheet apps read UTF-8
    const csv = raw.toString("utf8");
    const records = parseCsvRecords(csv);
    const expected = await runTableQuery(invoicesTable, { ...params, page: 1, size: 100 });
    expect(records).toHaveLength(expected.total);
    expect(records.length).toBeGreaterThan(1000); // more than one chunk
    expect(records.slice(0, 100).map((r) => r.id)).toEqual(expected.rows.map((r) => r.id));
    expect(records.every((r) => ["paid", "unpaid"].includes(r.status!) && Number(r.total) >= 15)).toBe(true);
    const totals = records.map((r) => Number(r.total));
    expect([...totals].sort((a, b) => b - a)).toEqual(totals);
    expect(records[0]!.total).toMatch(/^\d+\.\d{2}$/);
    // A cell that a spreadsheet would run as a formula is neutralised.
    expect(records[0]!.customer_email).toBe("'=cmd@example.test");
  });

  it("neutralises formula-looking cells but leaves numbers and plain text alone", () => {
    expect(safeCell("=1+1")).toBe("'=1+1");
    expect(safeCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(safeCell("-5")).toBe("'-5");
    expect(safeCell(-5)).toBe(-5);
    expect(safeCell("plain")).toBe("plain");
    expect(safeCell(null)).toBe("");
  });
});
