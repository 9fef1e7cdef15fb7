import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { billingDb } from "@/db/billing/client";
import { invoices } from "@/db/billing/schema";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import { newId } from "@/db/columns";
import { AppError } from "@/lib/errors";
import { jobs, jobsDatabase } from "@/lib/jobs/tables";
import { iterateMergedRows, iterateTableRows, parseTableParams, runMergedQuery, runTableQuery, type TableParams } from "./query";
import { invoicesTable } from "./definitions/billing";
import { customersTable } from "./definitions/identity";
import { jobSources } from "./definitions/system";

let temp: TempDatabases;
const STATUSES = ["unpaid", "paid", "overdue", "cancelled"] as const;
const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 1);

interface Fixture {
  id: string;
  number: string;
  customerId: string;
  status: string;
  total: number;
  issuedAt: Date;
  dueAt: Date | null;
  createdAt: Date;
}
const fixtures: Fixture[] = [];
const customerIds: string[] = [];

beforeAll(async () => {
  process.env.AUTH_SECRET ??= "x".repeat(40);
  process.env.ENCRYPTION_KEY ??= "a".repeat(64);
  temp = await useTempDatabases();
  const people = Array.from({ length: 6 }, (_, i) => ({
    id: newId(),
    email: `${["alice", "bob", "carol", "dave", "erin", "frank"][i]}@example.test`,
    name: `Person ${i}`,
    role: (i === 5 ? "support" : "customer") as "support" | "customer",
    status: (i === 2 ? "suspended" : "active") as "suspended" | "active",
    createdAt: new Date(BASE + i * DAY),
  }));
  await identityDb().insert(users).values(people);
  customerIds.push(...people.filter((p) => p.role === "customer").map((p) => p.id));
  for (let i = 0; i < 60; i++) {
    fixtures.push({
      id: newId(),
      number: `INV-2026-${String(i + 1).padStart(6, "0")}`,
      customerId: customerIds[i % customerIds.length]!,
      status: STATUSES[i % STATUSES.length]!,
      // Ties on purpose (every 7th total repeats) so the id tie-breaker matters.
      total: (i % 7) * 1000 + 500,
      issuedAt: new Date(BASE + (i % 20) * DAY),
      dueAt: i % 5 === 0 ? null : new Date(BASE + (i % 20) * DAY + 14 * DAY),
      createdAt: new Date(BASE + i * 3_600_000),
    });
  }
  await billingDb()
    .insert(invoices)
    .values(fixtures.map((f) => ({ ...f, status: f.status as "unpaid", currency: "EUR", kind: "order" as const })));
});

afterAll(() => temp?.cleanup());

const params = (query: Record<string, string>) => parseTableParams(invoicesTable, new URLSearchParams(query));

function expectValidationError(fn: () => unknown, field: string) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("VALIDATION");
    expect(Object.keys((error as AppError).fieldErrors ?? {})).toContain(field);
    return;
  }
  throw new Error(`expected a validation error on ${field}`);
}

describe("table params", () => {
  it("parses sort lists, enum, text, date and amount filters from the URL", () => {
    const p = params({ sort: "-total,issuedAt", status: "unpaid,paid", number: "INV-2026-0000", issuedAt: "2026-01-05~2026-01-10", total: "10~25.5", page: "2", size: "50", q: " bob " });
    expect(p.sort).toEqual([
      { id: "total", desc: true },
      { id: "issuedAt", desc: false },
    ]);
    expect(p.page).toBe(2);
    expect(p.size).toBe(50);
    expect(p.q).toBe("bob");
    expect(p.filters).toContainEqual({ id: "status", kind: "enum", values: ["unpaid", "paid"] });
    expect(p.filters).toContainEqual({ id: "number", kind: "text", value: "INV-2026-0000" });
    expect(p.filters).toContainEqual({ id: "total", kind: "amount", min: 1000, max: 2550 });
    expect(p.filters).toContainEqual({ id: "issuedAt", kind: "date", from: new Date(Date.UTC(2026, 0, 5)), to: new Date(Date.UTC(2026, 0, 11)) });
  });

  it("falls back to the default sort and page size", () => {
    const p = params({});
    expect(p).toMatchObject({ page: 1, size: 25, sort: [{ id: "createdAt", desc: true }], filters: [] });
  });

  it("refuses unknown sort columns, columns that are not sortable, and oversized pages", () => {
    expectValidationError(() => params({ sort: "password_hash" }), "sort");
    expectValidationError(() => params({ sort: "status" }), "sort"); // filterable, not sortable
    expectValidationError(() => params({ sort: "total,-total" }), "sort");
    expectValidationError(() => params({ size: "101" }), "size");
    expectValidationError(() => params({ page: "0" }), "page");
  });

  it("refuses malformed filter values", () => {
    expectValidationError(() => params({ status: "unpaid,hacked" }), "status");
    expectValidationError(() => params({ issuedAt: "yesterday~" }), "issuedAt");
    expectValidationError(() => params({ issuedAt: "2026-02-01~2026-01-01" }), "issuedAt");
    expectValidationError(() => params({ total: "1e9~" }), "total");
    expectValidationError(() => params({ total: "50~10" }), "total");
  });

  it("ignores params that are not columns of the table (other page state)", () => {
    expect(params({ tab: "x", passwordHash: "y" }).filters).toEqual([]);
  });
});

function expected(filter: (f: Fixture) => boolean, compare: (a: Fixture, b: Fixture) => number) {
  return fixtures.filter(filter).sort((a, b) => compare(a, b) || (a.id < b.id ? -1 : 1));
}

describe("runTableQuery", () => {
  it("filters, sorts on several columns and pages, with an exact total", async () => {
    const p = params({ status: "unpaid,paid", total: "10~60", sort: "-total,issuedAt", size: "7", page: "2" });
    const all = expected(
      (f) => (f.status === "unpaid" || f.status === "paid") && f.total >= 1000 && f.total <= 6000,
      (a, b) => b.total - a.total || a.issuedAt.getTime() - b.issuedAt.getTime(),
    );
    const result = await runTableQuery(invoicesTable, p);
    expect(result.total).toBe(all.length);
    expect(result.totalIsExact).toBe(true);
    expect(result.pageCount).toBe(Math.ceil(all.length / 7));
    expect(result.rows.map((r) => r.id)).toEqual(all.slice(7, 14).map((f) => f.id));
    // Decorated from the identity database.
    expect(result.rows[0]!.customerEmail).toMatch(/@example\.test$/);
  });

  it("filters by a date range (inclusive end day) and a number prefix", async () => {
    const p = params({ issuedAt: "2026-01-03~2026-01-05", number: "INV-2026-00002", sort: "number" });
    const all = expected(
      (f) => f.issuedAt.getTime() >= BASE + 2 * DAY && f.issuedAt.getTime() < BASE + 5 * DAY && f.number.startsWith("INV-2026-00002"),
      (a, b) => a.number.localeCompare(b.number),
    );
    const result = await runTableQuery(invoicesTable, { ...p, size: 100 });
    expect(all.length).toBeGreaterThan(0);
    expect(result.rows.map((r) => r.number)).toEqual(all.map((f) => f.number));
  });

  it("searches by the start of the customer's email (looked up in identity) and finds nothing for strangers", async () => {
    const bob = customerIds[1]!;
    const result = await runTableQuery(invoicesTable, { ...params({ q: "bob@" }), size: 100 });
    expect(result.total).toBe(fixtures.filter((f) => f.customerId === bob).length);
    expect(result.rows.every((r) => r.customerEmail === "bob@example.test")).toBe(true);
    const none = await runTableQuery(invoicesTable, params({ q: "nobody@" }));
    expect(none).toMatchObject({ total: 0, rows: [] });
  });

  it("applies the definition's scope: the customers table lists customers only", async () => {
    const result = await runTableQuery(customersTable, parseTableParams(customersTable, new URLSearchParams({ sort: "email" })));
    expect(result.rows.map((r) => r.email)).toEqual(["alice@example.test", "bob@example.test", "carol@example.test", "dave@example.test", "erin@example.test"]);
    const suspended = await runTableQuery(customersTable, parseTableParams(customersTable, new URLSearchParams({ status: "suspended" })));
    expect(suspended.rows.map((r) => r.email)).toEqual(["carol@example.test"]);
    // Selected columns only: nothing secret comes back.
    expect(Object.keys(result.rows[0]!)).not.toContain("passwordHash");
  });

  it("searches customers by the start of the email or of the name, typed in lower case", async () => {
    const byName = await runTableQuery(customersTable, parseTableParams(customersTable, new URLSearchParams({ q: "person 3" })));
    expect(byName.rows.map((r) => r.email)).toEqual(["dave@example.test"]);
    const byEmail = await runTableQuery(customersTable, parseTableParams(customersTable, new URLSearchParams({ q: "ERIN@" })));
    expect(byEmail.rows.map((r) => r.email)).toEqual(["erin@example.test"]);
  });

  it("reports a capped total as inexact", async () => {
    const capped = { ...invoicesTable, countCap: 10 };
    const result = await runTableQuery(capped, params({}));
    expect(result).toMatchObject({ total: 10, totalIsExact: false });
  });
});

describe("keyset iteration (exports)", () => {
  it("yields every matching row once, in the page order, across chunk boundaries and NULL sort values", async () => {
    for (const sort of ["dueAt,-total", "-dueAt,total", "-total", "number"]) {
      const p: TableParams = params({ sort, status: "unpaid,paid,overdue" });
      const paged = await runTableQuery(invoicesTable, { ...p, size: 100 });
      const streamed: string[] = [];
      for await (const chunk of iterateTableRows(invoicesTable, p, { chunkSize: 4 })) {
        expect(chunk.length).toBeLessThanOrEqual(4);
        streamed.push(...chunk.map((r) => r.id));
      }
      expect(streamed, sort).toEqual(paged.rows.map((r) => r.id));
      expect(new Set(streamed).size).toBe(paged.total);
    }
  });
});

describe("keyset pages (Next / Previous links)", () => {
  /** The query string a Next/Previous link of `result` carries (what the data table puts in its href). */
  const linkTo = (query: Record<string, string>, page: number, dir: "after" | "before", token: string | undefined) => {
    expect(token, `${dir} cursor on the way to page ${page}`).toBeTruthy();
    return { ...query, page: String(page), [dir]: token! };
  };

  it("read exactly the OFFSET pages, forwards and back, for every sort (NULLs and ties included)", async () => {
    for (const sort of ["dueAt,-total", "-dueAt,total", "-dueAt", "dueAt", "-total", "number", "-issuedAt,total", ""]) {
      const base: Record<string, string> = { size: "7", status: "unpaid,paid,overdue", ...(sort ? { sort } : {}) };
      const byOffset = async (page: number) => (await runTableQuery(invoicesTable, params({ ...base, page: String(page) }))).rows.map((r) => r.id);
      let result = await runTableQuery(invoicesTable, params(base));
      const pages = [result.rows.map((r) => r.id)];
      let last = result;
      while (result.cursors?.next) {
        const parsed = params(linkTo(base, result.page + 1, "after", result.cursors.next));
        expect(parsed.cursor?.dir).toBe("after");
        result = await runTableQuery(invoicesTable, parsed);
        expect(result.rows.map((r) => r.id), `${sort} page ${result.page} by keyset`).toEqual(await byOffset(result.page));
        if (result.rows.length) {
          pages.push(result.rows.map((r) => r.id));
          last = result;
        }
      }
      expect(pages.length, sort).toBeGreaterThan(3);
      expect(pages.flat(), sort).toEqual((await runTableQuery(invoicesTable, params({ ...base, size: "100" }))).rows.map((r) => r.id));
      // And back from the last page by Previous links.
      let current = last;
      while (current.page > 2) {
        current = await runTableQuery(invoicesTable, params(linkTo(base, current.page - 1, "before", current.cursors?.prev)));
        expect(current.rows.map((r) => r.id), `${sort} page ${current.page} by Previous`).toEqual(pages[current.page - 1]);
      }
    }
  });

  it("ignores a cursor made for another sort, or tampered with, and reads the page by OFFSET", async () => {
    const first = await runTableQuery(invoicesTable, params({ size: "5", sort: "-total" }));
    const offsetPage2 = (await runTableQuery(invoicesTable, params({ size: "5", sort: "total", page: "2" }))).rows.map((r) => r.id);
    const stale = params({ size: "5", sort: "total", page: "2", after: first.cursors!.next! });
    expect(stale.cursor).toBeUndefined();
    expect((await runTableQuery(invoicesTable, stale)).rows.map((r) => r.id)).toEqual(offsetPage2);
    expect(params({ size: "5", sort: "-total", page: "2", after: "not-a-cursor" }).cursor).toBeUndefined();
    expect(params({ size: "5", sort: "-total", page: "2", after: Buffer.from('{"s":"-total","v":[{"x":1},"id"]}').toString("base64url") }).cursor).toBeUndefined();
  });
});

describe("tables merged across databases (jobs)", () => {
  it("merges each database's rows by the sort, counts them all, and filters by database", async () => {
    const t = (h: number) => new Date(BASE + h * 3_600_000);
    await jobsDatabase("billing")
      .insert(jobs)
      .values([
        { type: "billing.a", payload: {}, status: "dead", createdAt: t(1) },
        { type: "billing.b", payload: {}, status: "queued", createdAt: t(4) },
      ]);
    await jobsDatabase("ops")
      .insert(jobs)
      .values([
        { type: "ops.a", payload: {}, status: "dead", createdAt: t(2) },
        { type: "ops.b", payload: {}, status: "succeeded", createdAt: t(3) },
      ]);
    const parse = (q: Record<string, string>) => parseTableParams(jobSources[0]!.definition, new URLSearchParams(q));
    const page = await runMergedQuery(jobSources, parse({ size: "3" }));
    expect(page.total).toBe(4);
    expect(page.rows.map((r) => `${r.source}:${r.type}`)).toEqual(["billing:billing.b", "ops:ops.b", "ops:ops.a"]);
    const second = await runMergedQuery(jobSources, parse({ size: "3", page: "2" }));
    expect(second.rows.map((r) => r.type)).toEqual(["billing.a"]);
    const dead = await runMergedQuery(jobSources, parse({ status: "dead", database: "ops" }));
    expect(dead.rows.map((r) => r.type)).toEqual(["ops.a"]);
    const streamed: string[] = [];
    for await (const chunk of iterateMergedRows(jobSources, parse({ sort: "createdAt" }), { chunkSize: 1 })) streamed.push(...chunk.map((r) => r.type));
    expect(streamed).toEqual(["billing.a", "ops.a", "ops.b", "billing.b"]);
  });
});
