import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import { supportDb } from "@/db/support/client";
import { departments, tickets, ticketTags } from "@/db/support/schema";
import { AppError } from "@/lib/errors";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { defaultTableParams, parseTableParams, runTableQuery } from "../query";
import { ticketQueueTable } from "./support";

let temp: TempDatabases;
const HOUR = 3_600_000;
const ids = { technical: "", billing: "", me: "", other: "", customer: "" };
let table: ReturnType<typeof ticketQueueTable>;

beforeAll(async () => {
  process.env.AUTH_SECRET ??= "x".repeat(40);
  process.env.ENCRYPTION_KEY ??= "a".repeat(64);
  temp = await useTempDatabases();
  const [me, other, customer] = await identityDb()
    .insert(users)
    .values([
      { email: "me@skyport.test", name: "Mia Agent", role: "support" },
      { email: "other@skyport.test", name: "Otto Agent", role: "support" },
      { email: "carol@example.test", name: "Carol", role: "customer" },
    ])
    .returning({ id: users.id });
  const [technical, billing] = await supportDb()
    .insert(departments)
    .values([
      { slug: "technical", name: "Technical" },
      { slug: "billing", name: "Billing" },
    ])
    .returning({ id: departments.id });
  Object.assign(ids, { me: me!.id, other: other!.id, customer: customer!.id, technical: technical!.id, billing: billing!.id });
  const now = Date.now();
  const at = (h: number) => new Date(now + h * HOUR);
  // T-1 … T-7; the deadline that matters is first response until answered, then resolution.
  const rows = [
    { number: "T-1", subject: "VPN drops", priority: "normal", status: "open", firstResponseDueAt: at(5), assigneeId: ids.me }, // deadline +5h
    { number: "T-2", subject: "Refund please", priority: "high", status: "awaiting_staff", firstResponseDueAt: at(-1), departmentId: ids.billing }, // overdue
    { number: "T-3", subject: "Slow speeds", priority: "urgent", status: "open" }, // no clock
    { number: "T-4", subject: "Answered already", priority: "low", status: "awaiting_customer", firstResponseDueAt: at(-10), firstRespondedAt: at(-11), resolutionDueAt: at(20), assigneeId: ids.other }, // +20h
    { number: "T-5", subject: "Swept earlier", priority: "low", status: "awaiting_staff", firstResponseDueAt: at(2), resolutionBreachedAt: at(-1) }, // +2h, flagged
    { number: "T-6", subject: "All done", priority: "urgent", status: "closed", firstResponseDueAt: at(-30) },
    { number: "T-7", subject: "Also no clock", priority: "high", status: "open", requesterEmail: "guest_100%@example.test", customerId: "guest" },
  ] as const;
  const inserted = await supportDb()
    .insert(tickets)
    .values(rows.map((r) => ({ customerId: ids.customer, departmentId: ids.technical, ...r })))
    .returning({ id: tickets.id, number: tickets.number });
  const byNumber = new Map(inserted.map((t) => [t.number, t.id]));
  await supportDb()
    .insert(ticketTags)
    .values([
      { ticketId: byNumber.get("T-1")!, tag: "wireguard" },
      { ticketId: byNumber.get("T-6")!, tag: "wireguard" },
      { ticketId: byNumber.get("T-3")!, tag: "speed" },
    ]);
  table = ticketQueueTable({
    departments: [
      { id: ids.technical, name: "Technical" },
      { id: ids.billing, name: "Billing" },
    ],
    staff: [
      { id: ids.me, name: "Mia Agent" },
      { id: ids.other, name: "Otto Agent" },
    ],
    me: ids.me,
  });
});

afterAll(() => temp?.cleanup());

const run = (q: Record<string, string>) => runTableQuery(table, parseTableParams(table, new URLSearchParams(q)));
const numbers = async (q: Record<string, string>) => (await run(q)).rows.map((r) => r.number);

describe("ticket queue table", () => {
  it("shows active tickets by default, most urgent SLA deadline first, tickets without a clock last by priority", async () => {
    expect(await numbers({})).toEqual(["T-2", "T-5", "T-1", "T-4", "T-3", "T-7"]);
    // The page's fallback params (a broken link) keep the default filter too.
    expect((await runTableQuery(table, defaultTableParams(table))).total).toBe(6);
    const first = (await run({})).rows[0]!;
    expect(first).toMatchObject({ number: "T-2", priority: "high", departmentName: "Billing", customerEmail: "carol@example.test", assigneeName: null, breached: true });
    expect(first.sla).toMatchObject({ kind: "first_response", breached: true });
    expect((await run({})).rows.find((r) => r.number === "T-1")).toMatchObject({ assigneeName: "Mia Agent", tags: ["wireguard"], breached: false });
    expect((await run({})).rows.find((r) => r.number === "T-7")).toMatchObject({ customerEmail: "guest_100%@example.test", sla: null });
  });

  it("filters status by breached, all, one status or several", async () => {
    expect(await numbers({ status: "breached" })).toEqual(["T-2", "T-5"]);
    expect((await run({ status: "all" })).total).toBe(7);
    expect(await numbers({ status: "closed" })).toEqual(["T-6"]);
    expect((await numbers({ status: "awaiting_staff,awaiting_customer" })).sort()).toEqual(["T-2", "T-4", "T-5"]);
    expect(() => parseTableParams(table, new URLSearchParams({ status: "deleted" }))).toThrow(AppError);
  });

  it("filters assignee by me, nobody or a staff member, and by tag (any status when asked)", async () => {
    expect(await numbers({ assignee: "me" })).toEqual(["T-1"]);
    expect(await numbers({ assignee: ids.other })).toEqual(["T-4"]);
    expect(await numbers({ assignee: "none" })).toEqual(["T-2", "T-5", "T-3", "T-7"]);
    expect(await numbers({ assignee: "me,none", department: ids.technical })).toEqual(["T-5", "T-1", "T-3", "T-7"]);
    expect(() => parseTableParams(table, new URLSearchParams({ assignee: "someone-else" }))).toThrow(AppError);
    expect(await numbers({ tag: "wireguard" })).toEqual(["T-1"]);
    expect(await numbers({ tag: "wireguard", status: "all" })).toEqual(["T-6", "T-1"]);
    expect(await numbers({ priority: "urgent,high" })).toEqual(["T-2", "T-3", "T-7"]);
  });

  it("sorts by priority rank and by deadline either way, and keyset pages read the same order", async () => {
    expect(await numbers({ sort: "priority,sla" })).toEqual(["T-3", "T-2", "T-7", "T-1", "T-5", "T-4"]);
    // T-3 and T-7 have no clock: equal keys, so their order between themselves is the id tie-break's, not the test's.
    const bySlaDescending = await numbers({ sort: "-sla" });
    expect(new Set(bySlaDescending.slice(0, 2))).toEqual(new Set(["T-3", "T-7"]));
    expect(bySlaDescending.slice(2)).toEqual(["T-4", "T-1", "T-5", "T-2"]);
    for (const sort of ["", "priority,sla", "-sla", "-priority"]) {
      const whole = await numbers(sort ? { sort, status: "all" } : { status: "all" });
      const paged: string[] = [];
      let after: string | undefined;
      for (let page = 1; page <= 4; page++) {
        const result = await run({ status: "all", size: "2", page: String(page), ...(sort ? { sort } : {}), ...(after ? { after } : {}) });
        paged.push(...result.rows.map((r) => r.number));
        after = result.cursors?.next;
      }
      expect(paged, sort || "default").toEqual(whole);
    }
  });

  it("searches by number, subject or guest email (LIKE characters are literal)", async () => {
    expect(await numbers({ q: "t4" })).toEqual(["T-4"]);
    expect(await numbers({ q: "refund" })).toEqual(["T-2"]);
    expect(await numbers({ q: "100%" })).toEqual(["T-7"]);
    expect(await numbers({ q: "e_t" })).toEqual([]);
  });
});
