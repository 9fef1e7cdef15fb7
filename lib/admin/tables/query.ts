import "server-only";
/**
 * The server half of every admin data table: a table definition whitelists what may be sorted and filtered
 * (each mapped to an indexed column), a zod schema built from it validates the URL state, and one function
 * turns the validated state into a page of rows plus a total. CSV exports walk the same query in keyset order
 * (iterateTableRows), so memory stays flat whatever the size of the result.
 *
 * Why not OFFSET for exports: OFFSET n re-reads n rows each chunk (quadratic); keyset continues from the last
 * row's sort values and the index does the rest.
 */
import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, isNull, like, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import { validation } from "@/lib/errors";
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  RESERVED_PARAMS,
  formatSortParam,
  readUrlState,
  splitRange,
  type SearchParamsRecord,
  type SortItem,
} from "./url-state";

/* ─── Definitions ────────────────────────────────────────────────────────────────────────────────────────── */

export type FilterSpec =
  /** `prefix` compares with a range (index-friendly); `contains` is a LIKE scan, for small tables only. */
  | { kind: "text"; match?: "exact" | "prefix" | "contains"; lowercase?: boolean }
  | { kind: "enum"; options: readonly string[]; labels?: Record<string, string> }
  /** UTC days; the column holds unix ms (timestamp columns). */
  | { kind: "date" }
  /** Major units in the URL, `scale` minor units per major unit in the column (default 100). */
  | { kind: "amount"; scale?: number };

export interface ColumnSpec {
  /**
   * The indexed column this sorts/filters on. Drizzle maps values through it (Date ↔ ms, booleans). A constant
   * SQL expression is allowed for filter-only pseudo columns (the source database of a merged table).
   */
  column: SQLiteColumn | SQL;
  label: string;
  sortable?: boolean;
  filter?: FilterSpec;
  /**
   * Builds this filter's condition when its values are not plain column values (a ticket status of `breached`,
   * an assignee of `none`, a tag kept in another table). Without it the filter compares `column`.
   */
  condition?: (filter: ParsedFilter) => SQL | undefined;
  /** The filter's raw URL value when the URL has none (a queue shows active tickets unless asked otherwise). */
  defaultFilter?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDatabase = LibSQLDatabase<any>;
type SelectShape = Record<string, SQLiteColumn | SQL.Aliased>;

export interface TableDefinition<Row extends { id: string } = { id: string } & Record<string, unknown>> {
  /** Key in the export registry and in audit rows ("invoices"). */
  name: string;
  db: () => AnyDatabase;
  table: SQLiteTable;
  /** Explicit columns (never `select *`: no hashes or secrets leave lib/). Must include `id` and every sortable id. */
  select: SelectShape;
  /** Unique tie-breaker appended to every sort (stable pages, exact keyset). */
  key: SQLiteColumn;
  /** Always applied (e.g. role = 'customer'). */
  scope?: SQL;
  columns: Record<string, ColumnSpec>;
  defaultSort: SortItem[];
  /** Global search (`q`) → a condition; may look things up elsewhere (emails live in identity). */
  search?: (q: string) => Promise<SQL | undefined> | SQL | undefined;
  /** Adds what the page shows but this database does not hold (customer emails…), one page/chunk at a time. */
  decorate?: (rows: Array<Record<string, unknown>>) => Promise<Row[]>;
  /**
   * Counting stops here: an exact count over a million rows costs more than the page itself. Above the cap the
   * total is reported as "at least" (TableResult.totalIsExact false) and paging stops at the cap.
   */
  countCap?: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTableDefinition = TableDefinition<any>;

/**
 * Where big tables stop counting: reading 10,000 index entries is a few ms, a million is a few hundred. The table
 * then says "10,000+" and staff narrow with a filter (Stripe and Linear do the same).
 */
export const COUNT_CAP = 10_000;

export function defineTable<Row extends { id: string }>(definition: TableDefinition<Row>): TableDefinition<Row> {
  for (const id of Object.keys(definition.columns)) {
    if ((RESERVED_PARAMS as readonly string[]).includes(id)) throw new Error(`${definition.name}: column id "${id}" is reserved`);
    if (definition.columns[id]!.sortable && !(id in definition.select)) throw new Error(`${definition.name}: sortable "${id}" is not selected`);
  }
  if (!("id" in definition.select)) throw new Error(`${definition.name}: select must include id`);
  return definition;
}

/* ─── Params ─────────────────────────────────────────────────────────────────────────────────────────────── */

export type ParsedFilter =
  | { id: string; kind: "text"; value: string }
  | { id: string; kind: "enum"; values: string[] }
  | { id: string; kind: "date"; from: Date | null; to: Date | null }
  | { id: string; kind: "amount"; min: number | null; max: number | null };

/** A validated keyset cursor: the sort values (then the key) of the row a page starts after or ends before. */
export interface TableCursor {
  dir: "after" | "before";
  values: unknown[];
}

export interface TableParams {
  q: string;
  page: number;
  /** Set for pages reached by Next/Previous: read by keyset from this row instead of by OFFSET. */
  cursor?: TableCursor;
  size: number;
  sort: SortItem[];
  filters: ParsedFilter[];
  hidden: string[];
}

const DAY_MS = 86_400_000;
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-01-31.").refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "Not a date.");
const decimal = z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, "Use an amount like 9.99.");

function filterSchema(id: string, spec: FilterSpec): z.ZodType<ParsedFilter> {
  switch (spec.kind) {
    case "text":
      return z
        .string()
        .trim()
        .min(1)
        .max(200)
        .transform((value) => ({ id, kind: "text" as const, value: spec.lowercase ? value.toLowerCase() : value }));
    case "enum":
      return z
        .string()
        .transform((v) => [...new Set(v.split(",").map((s) => s.trim()).filter(Boolean))])
        .pipe(z.array(z.enum(spec.options as [string, ...string[]], { error: `Unknown value for ${id}.` })).min(1).max(spec.options.length))
        .transform((values) => ({ id, kind: "enum" as const, values }));
    case "date":
      return z
        .string()
        .transform((v) => splitRange(v))
        .pipe(z.tuple([isoDay.or(z.literal("")), isoDay.or(z.literal(""))]))
        .refine(([a, b]) => !a || !b || a <= b, "The start date is after the end date.")
        .transform(([a, b]) => ({
          id,
          kind: "date" as const,
          from: a ? new Date(`${a}T00:00:00Z`) : null,
          // Inclusive end day: everything before the next midnight.
          to: b ? new Date(Date.parse(`${b}T00:00:00Z`) + DAY_MS) : null,
        }));
    case "amount": {
      const scale = spec.scale ?? 100;
      const toMinor = (s: string) => {
        const [whole, fraction = ""] = s.split(".");
        const digits = Math.round(Math.log10(scale));
        return Number(whole) * scale + Number((fraction + "0".repeat(digits)).slice(0, digits) || 0);
      };
      return z
        .string()
        .transform((v) => splitRange(v))
        .pipe(z.tuple([decimal.or(z.literal("")), decimal.or(z.literal(""))]))
        .transform(([a, b]) => ({ id, kind: "amount" as const, min: a ? toMinor(a) : null, max: b ? toMinor(b) : null }))
        .refine((f) => f.min === null || f.max === null || f.min <= f.max, "The minimum is above the maximum.");
    }
  }
}

const schemaCache = new WeakMap<object, ReturnType<typeof buildParamsSchema>>();

/**
 * The zod schema for one table's URL state: unknown sort columns and malformed filters are refused. Built once per
 * definition (zod compiles object schemas on first use; rebuilding per request cost 10+ ms).
 */
export function tableParamsSchema(definition: AnyTableDefinition) {
  let schema = schemaCache.get(definition.columns);
  if (!schema) {
    schema = buildParamsSchema(definition);
    schemaCache.set(definition.columns, schema);
  }
  return schema;
}

function buildParamsSchema(definition: AnyTableDefinition) {
  const sortable = Object.entries(definition.columns)
    .filter(([, c]) => c.sortable)
    .map(([id]) => id);
  const filterShape: Record<string, z.ZodType<ParsedFilter | undefined>> = {};
  for (const [id, column] of Object.entries(definition.columns)) if (column.filter) filterShape[id] = filterSchema(id, column.filter).optional();
  return z.object({
    q: z.string().trim().max(200, "Search at most 200 characters."),
    page: z.number().int("Page must be a whole number.").min(1).max(100_000),
    size: z.number().int().min(1).max(MAX_PAGE_SIZE, `At most ${MAX_PAGE_SIZE} rows per page.`),
    sort: z
      .array(z.object({ id: z.enum(sortable.length ? (sortable as [string, ...string[]]) : ["id"], { error: (i) => `Cannot sort by “${String(i.input)}”.` }), desc: z.boolean() }))
      .max(3, "Sort by at most three columns.")
      .refine((s) => new Set(s.map((x) => x.id)).size === s.length, "A column appears twice in the sort."),
    filters: z.object(filterShape),
    hidden: z.array(z.string().max(64)).max(50),
  });
}

/** The URL's raw filters plus each column's defaultFilter where the URL has none. */
export function withDefaultFilters(definition: AnyTableDefinition, filters: Record<string, string>): Record<string, string> {
  const out = { ...filters };
  for (const [id, column] of Object.entries(definition.columns)) if (column.filter && column.defaultFilter && !(id in out)) out[id] = column.defaultFilter;
  return out;
}

/**
 * Validates URL search params against the definition. Throws a VALIDATION AppError (fieldErrors by param) so a
 * tampered link shows an error state instead of running an unplanned query.
 */
export function parseTableParams(definition: AnyTableDefinition, params: SearchParamsRecord | URLSearchParams): TableParams {
  const filterIds = Object.keys(definition.columns).filter((id) => definition.columns[id]!.filter);
  const raw = readUrlState(params, filterIds);
  const parsed = tableParamsSchema(definition).safeParse({ ...raw, sort: raw.sort, filters: withDefaultFilters(definition, raw.filters) });
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] === "filters" ? String(issue.path[1] ?? "filters") : String(issue.path[0] ?? "params");
      (fieldErrors[key] ??= []).push(issue.message);
    }
    throw validation(fieldErrors, "This table link has a filter or sort that does not apply here.");
  }
  const { q, page, size, sort, filters, hidden } = parsed.data;
  const effectiveSort = sort.length ? sort : definition.defaultSort;
  return {
    q,
    page,
    size,
    sort: effectiveSort,
    filters: Object.values(filters).filter((f): f is ParsedFilter => Boolean(f)),
    hidden: hidden.filter((h) => h !== "id"),
    cursor: raw.cursor && page > 1 ? decodeCursor(raw.cursor.dir, raw.cursor.token, effectiveSort) : undefined,
  };
}

/* ─── Keyset cursors in the URL ──────────────────────────────────────────────────────────────────────────── */

const cursorValue = z.union([z.string().max(500), z.number(), z.boolean(), z.null(), z.object({ $d: z.number() })]);
const cursorSchema = z.object({ s: z.string().max(200), v: z.array(cursorValue).max(4) });

const toCursorValue = (v: unknown) => (v instanceof Date ? { $d: v.getTime() } : (v ?? null));
const fromCursorValue = (v: z.infer<typeof cursorValue>) => (v !== null && typeof v === "object" ? new Date(v.$d) : v);

/** The cursor naming `row` in `sort` (its sort values, then its key), as a URL-safe token. */
export function encodeCursor(sort: readonly SortItem[], row: Record<string, unknown>): string {
  const payload = { s: formatSortParam(sort), v: [...sort.map((s) => toCursorValue(row[s.id])), toCursorValue(row.id)] };
  return Buffer.from(JSON.stringify(payload)).toString("base64url");
}

/**
 * A cursor applies only to the sort it was made for (the client drops it when sort, filters or size change; a
 * stale or tampered one is ignored and the page is read by OFFSET instead — slower, never wrong).
 */
function decodeCursor(dir: "after" | "before", token: string, sort: readonly SortItem[]): TableCursor | undefined {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(token, "base64url").toString("utf8")));
    if (!parsed.success || parsed.data.s !== formatSortParam(sort) || parsed.data.v.length !== sort.length + 1) return undefined;
    return { dir, values: parsed.data.v.map(fromCursorValue) };
  } catch {
    return undefined;
  }
}

export function defaultTableParams(definition: AnyTableDefinition, overrides: Partial<TableParams> = {}): TableParams {
  const defaults = tableParamsSchema(definition).shape.filters.safeParse(withDefaultFilters(definition, {}));
  const filters = defaults.success ? Object.values(defaults.data).filter((f): f is ParsedFilter => Boolean(f)) : [];
  return { q: "", page: 1, size: DEFAULT_PAGE_SIZE, sort: definition.defaultSort, filters, hidden: [], ...overrides };
}

/* ─── Query ──────────────────────────────────────────────────────────────────────────────────────────────── */

const escapeLike = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

function filterCondition(expression: SQLiteColumn | SQL, filter: ParsedFilter, spec: FilterSpec): SQL | undefined {
  // Drizzle's operators accept SQL at runtime too; the cast only picks an overload.
  const column = expression as SQLiteColumn;
  switch (filter.kind) {
    case "text": {
      const match = spec.kind === "text" ? (spec.match ?? "prefix") : "prefix";
      if (match === "exact") return eq(column, filter.value);
      if (match === "contains") return sql`${column} like ${`%${escapeLike(filter.value)}%`} escape '\\'`;
      // A range on the raw column uses its index; LIKE would not (SQLite's LIKE is case-insensitive).
      return and(gte(column, filter.value), lt(column, `${filter.value}\uffff`));
    }
    case "enum":
      return filter.values.length === 1 ? eq(column, filter.values[0]!) : inArray(column, filter.values);
    case "date":
      return and(filter.from ? gte(column, filter.from) : undefined, filter.to ? lt(column, filter.to) : undefined);
    case "amount":
      return and(filter.min !== null ? gte(column, filter.min) : undefined, filter.max !== null ? lte(column, filter.max) : undefined);
  }
}

async function whereFor(definition: AnyTableDefinition, params: Pick<TableParams, "q" | "filters">): Promise<SQL | undefined> {
  const conditions: Array<SQL | undefined> = [definition.scope];
  for (const filter of params.filters) {
    const spec = definition.columns[filter.id];
    if (spec?.filter) conditions.push(spec.condition ? spec.condition(filter) : filterCondition(spec.column, filter, spec.filter));
  }
  if (params.q && definition.search) {
    const condition = await definition.search(params.q);
    // A search that can match nothing (e.g. no such customer) must return no rows, not all of them.
    conditions.push(condition ?? sql`0`);
  }
  const present = conditions.filter((c): c is SQL => Boolean(c));
  return present.length ? and(...present) : undefined;
}

function orderFor(definition: AnyTableDefinition, sort: readonly SortItem[]): SQL[] {
  const order = sort.map((s) => (s.desc ? desc(definition.columns[s.id]!.column) : asc(definition.columns[s.id]!.column)));
  order.push(asc(definition.key));
  return order;
}

export interface TableResult<Row> {
  rows: Row[];
  total: number;
  /** False when counting stopped at the definition's countCap ("10,000+"). */
  totalIsExact: boolean;
  page: number;
  size: number;
  pageCount: number;
  params: TableParams;
  /** Keyset cursors for the Next / Previous links (the last / first row of this page). */
  cursors?: { next?: string; prev?: string };
}

async function countRows(definition: AnyTableDefinition, where: SQL | undefined): Promise<{ total: number; exact: boolean }> {
  const db = definition.db();
  const cap = definition.countCap;
  if (!cap) {
    const [row] = await db.select({ n: count() }).from(definition.table).where(where);
    return { total: Number(row?.n ?? 0), exact: true };
  }
  // Counting a LIMITed subquery stops reading at the cap.
  const inner = db
    .select({ one: sql`1` })
    .from(definition.table)
    .where(where)
    .limit(cap + 1)
    .as("capped");
  const [row] = await db.select({ n: count() }).from(inner);
  const n = Number(row?.n ?? 0);
  return n > cap ? { total: cap, exact: false } : { total: n, exact: true };
}

type SortColumn = { id: string; column: SQLiteColumn | SQL; desc: boolean };

function sortColumns(definition: AnyTableDefinition, sort: readonly SortItem[]): SortColumn[] {
  return [...sort.map((s) => ({ id: s.id, column: definition.columns[s.id]!.column, desc: s.desc })), { id: "id", column: definition.key as SQLiteColumn | SQL, desc: false }];
}

/**
 * Up to `limit` rows strictly after `values` in the order `columns` (sort…, key). The leading column's index is
 * walked from the cursor on (afterCursorIndexed). A nullable leading column is read in SQLite's order of its two
 * segments (NULLs first ascending, last descending), each an index range, continuing into the next segment when the
 * cursor's runs out — the same reading as the CSV export's iterateTableRows.
 */
async function rowsAfter(
  definition: AnyTableDefinition,
  base: SQL | undefined,
  columns: SortColumn[],
  values: unknown[],
  limit: number,
): Promise<Array<Record<string, unknown>>> {
  const db = definition.db();
  const order = (cols: SortColumn[]) => cols.map((c) => (c.desc ? desc(c.column) : asc(c.column)));
  const cursor: Cursor = columns.map((c, i) => ({ column: c.column, desc: c.desc, value: values[i] ?? null }));
  const first = columns[0]!;
  const nullable = first.id !== "id" && !(first.column as { notNull?: boolean }).notNull;
  const read = (where: SQL | undefined, cols: SortColumn[], n: number) =>
    db
      .select(definition.select)
      .from(definition.table)
      .where(where)
      .orderBy(...order(cols))
      .limit(n) as Promise<Array<Record<string, unknown>>>;
  if (!nullable) return read(and(base, afterCursorIndexed(cursor)), columns, limit);
  const lead = first.column as SQLiteColumn;
  const inNullSegment = cursor[0]!.value === null;
  const rows: Array<Record<string, unknown>> = [];
  if (inNullSegment) {
    rows.push(...(await read(and(base, isNull(lead), afterCursor(cursor.slice(1))), columns.slice(1), limit)));
    // Ascending, the non-NULL values come after the NULLs; descending, the NULLs were the last segment.
    if (rows.length < limit && !first.desc) rows.push(...(await read(and(base, isNotNull(lead)), columns, limit - rows.length)));
  } else {
    rows.push(...(await read(and(base, isNotNull(lead), afterCursorIndexed(cursor)), columns, limit)));
    if (rows.length < limit && first.desc) rows.push(...(await read(and(base, isNull(lead)), columns.slice(1), limit - rows.length)));
  }
  return rows;
}

export async function runTableQuery<Row extends { id: string }>(definition: TableDefinition<Row>, params: TableParams): Promise<TableResult<Row>> {
  const db = definition.db();
  const where = await whereFor(definition, params);
  const columns = sortColumns(definition, params.sort);
  let pageRows: Promise<Array<Record<string, unknown>>>;
  if (params.cursor?.dir === "after") pageRows = rowsAfter(definition, where, columns, params.cursor.values, params.size);
  else if (params.cursor?.dir === "before") {
    // The previous page: the rows after the cursor in the reversed order, read back to front.
    const reversed = columns.map((c) => ({ ...c, desc: !c.desc }));
    pageRows = rowsAfter(definition, where, reversed, params.cursor.values, params.size).then((r) => r.reverse());
  } else
    pageRows = db
      .select(definition.select)
      .from(definition.table)
      .where(where)
      .orderBy(...orderFor(definition, params.sort))
      .limit(params.size)
      .offset((params.page - 1) * params.size) as Promise<Array<Record<string, unknown>>>;
  const [raw, counted] = await Promise.all([pageRows, countRows(definition, where)]);
  const rows = definition.decorate ? await definition.decorate(raw) : (raw as unknown as Row[]);
  const pageCount = Math.max(1, Math.ceil(counted.total / params.size));
  return {
    rows,
    total: counted.total,
    totalIsExact: counted.exact,
    page: params.page,
    size: params.size,
    pageCount,
    params,
    cursors: raw.length
      ? {
          next: raw.length === params.size ? encodeCursor(params.sort, raw[raw.length - 1]!) : undefined,
          prev: params.page > 2 ? encodeCursor(params.sort, raw[0]!) : undefined,
        }
      : undefined,
  };
}

/* ─── Keyset iteration (exports) ─────────────────────────────────────────────────────────────────────────── */

type Cursor = Array<{ column: SQLiteColumn | SQL; desc: boolean; value: unknown }>;

/**
 * Rows strictly after `cursor` in the order (sort…, key asc). SQLite sorts NULL first ascending (last
 * descending), so "after" a NULL and "after" a value read differently.
 */
function afterCursor(cursor: Cursor): SQL {
  const branches: SQL[] = [];
  for (let i = 0; i < cursor.length; i++) {
    const ties = cursor.slice(0, i).map((c) => (c.value === null || c.value === undefined ? isNull(c.column) : eq(c.column as SQLiteColumn, c.value)));
    const { desc: isDesc, value } = cursor[i]!;
    const column = cursor[i]!.column as SQLiteColumn;
    let beyond: SQL | undefined;
    if (value === null || value === undefined) beyond = isDesc ? undefined : isNotNull(column);
    else beyond = isDesc ? or(lt(column, value), isNull(column)) : gt(column, value);
    if (beyond) branches.push(and(...ties, beyond)!);
  }
  return branches.length ? or(...branches)! : sql`0`;
}

/** The keyset condition plus a plain range on the leading column, so the index is walked from the cursor on. */
function afterCursorIndexed(cursor: Cursor): SQL {
  const lead = cursor[0];
  if (!lead || lead.value === null || lead.value === undefined) return afterCursor(cursor);
  const column = lead.column as SQLiteColumn;
  return and(lead.desc ? lte(column, lead.value) : gte(column, lead.value), afterCursor(cursor))!;
}

/**
 * Every row matching `params` (page and size ignored), in `chunkSize` batches read by keyset. Rows are decorated
 * per chunk, so memory holds one chunk at a time. A nullable leading sort column is read in two segments (its
 * NULL rows and the others, in SQLite's order: NULLs first ascending, last descending), so each chunk is an
 * index range scan instead of "everything after the cursor, sorted" (which costs a full sort per chunk).
 */
export async function* iterateTableRows<Row extends { id: string }>(
  definition: TableDefinition<Row>,
  params: Pick<TableParams, "q" | "filters" | "sort">,
  options: { chunkSize?: number; limit?: number } = {},
): AsyncGenerator<Row[]> {
  const chunkSize = options.chunkSize ?? 1000;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const db = definition.db();
  const base = await whereFor(definition, params);
  const sortColumns = [...params.sort.map((s) => ({ id: s.id, column: definition.columns[s.id]!.column, desc: s.desc })), { id: "id", column: definition.key as SQLiteColumn | SQL, desc: false }];
  const first = sortColumns[0]!;
  const nullable = first.id !== "id" && !(first.column as { notNull?: boolean }).notNull;
  const segments: Array<"all" | "null" | "notnull"> = !nullable ? ["all"] : first.desc ? ["notnull", "null"] : ["null", "notnull"];
  let produced = 0;
  for (const segment of segments) {
    const columns = segment === "null" ? sortColumns.slice(1) : sortColumns;
    const segmentWhere = segment === "null" ? isNull(first.column as SQLiteColumn) : segment === "notnull" ? isNotNull(first.column as SQLiteColumn) : undefined;
    const order = columns.map((c) => (c.desc ? desc(c.column) : asc(c.column)));
    let cursor: Cursor | null = null;
    while (produced < limit) {
      const where: SQL | undefined = and(base, segmentWhere, cursor ? afterCursorIndexed(cursor) : undefined);
      const raw = (await db
        .select(definition.select)
        .from(definition.table)
        .where(where)
        .orderBy(...order)
        .limit(Math.min(chunkSize, limit - produced))) as Array<Record<string, unknown>>;
      if (raw.length === 0) break;
      const last = raw[raw.length - 1]!;
      const fetched = raw.length;
      cursor = columns.map((c) => ({ column: c.column, desc: c.desc, value: last[c.id] ?? null }));
      produced += fetched;
      yield definition.decorate ? await definition.decorate(raw) : (raw as unknown as Row[]);
      if (fetched < chunkSize) break;
    }
    if (produced >= limit) return;
  }
}

/* ─── Tables spread over several databases (jobs, audit log) ─────────────────────────────────────────────── */

export interface MergedSource<Row extends { id: string }> {
  /** Shown in a "Database" column and usable as a filter. */
  source: string;
  definition: TableDefinition<Row>;
}

/** Deepest row a merged page may reach: each source returns up to page×size rows to be merged in memory. */
export const MERGED_MAX_DEPTH = 5000;

function compareValues(a: unknown, b: unknown): number {
  const va = a instanceof Date ? a.getTime() : a;
  const vb = b instanceof Date ? b.getTime() : b;
  if (va === vb) return 0;
  if (va === null || va === undefined) return -1;
  if (vb === null || vb === undefined) return 1;
  return (va as number | string) < (vb as number | string) ? -1 : 1;
}

export function rowComparator(sort: readonly SortItem[]) {
  return (a: Record<string, unknown>, b: Record<string, unknown>): number => {
    for (const s of sort) {
      const c = compareValues(a[s.id], b[s.id]);
      if (c !== 0) return s.desc ? -c : c;
    }
    return compareValues(a.id, b.id);
  };
}

/**
 * One page of a table that exists in several databases (each database's jobs, each database's audit_log), merged
 * by the sort order. The sources share column ids, so one set of params applies to all. `sources` filter restricts
 * which databases are read.
 */
export async function runMergedQuery<Row extends { id: string }>(
  sources: Array<MergedSource<Row>>,
  params: TableParams,
): Promise<TableResult<Row & { source: string }>> {
  const depth = Math.min(params.page * params.size, MERGED_MAX_DEPTH);
  const perSource = await Promise.all(
    sources.map(async ({ source, definition }) => {
      const db = definition.db();
      const where = await whereFor(definition, params);
      const [rows, counted] = await Promise.all([
        db
          .select(definition.select)
          .from(definition.table)
          .where(where)
          .orderBy(...orderFor(definition, params.sort))
          .limit(depth),
        countRows(definition, where),
      ]);
      return { source, definition, rows: rows as Array<Record<string, unknown>>, counted };
    }),
  );
  const merged = perSource.flatMap((p) => p.rows.map((r) => ({ ...r, source: p.source })));
  merged.sort(rowComparator(params.sort));
  const start = (params.page - 1) * params.size;
  const pageRows = merged.slice(start, start + params.size);
  // Decorate per source so each definition's own decorator sees its rows.
  const decorated: Array<Row & { source: string }> = [];
  for (const row of pageRows) {
    const p = perSource.find((s) => s.source === row.source)!;
    const [d] = p.definition.decorate ? await p.definition.decorate([row]) : [row as unknown as Row];
    decorated.push({ ...(d as Row), source: row.source });
  }
  const total = Math.min(
    perSource.reduce((n, p) => n + p.counted.total, 0),
    MERGED_MAX_DEPTH,
  );
  return {
    rows: decorated,
    total,
    totalIsExact: perSource.every((p) => p.counted.exact) && total < MERGED_MAX_DEPTH,
    page: params.page,
    size: params.size,
    pageCount: Math.max(1, Math.ceil(total / params.size)),
    params,
  };
}

/** All rows of a merged table in order: a k-way merge of each source's keyset iterator. */
export async function* iterateMergedRows<Row extends { id: string }>(
  sources: Array<MergedSource<Row>>,
  params: Pick<TableParams, "q" | "filters" | "sort">,
  options: { chunkSize?: number } = {},
): AsyncGenerator<Array<Row & { source: string }>> {
  const chunkSize = options.chunkSize ?? 1000;
  const cursors = sources.map(({ source, definition }) => ({ source, it: iterateTableRows(definition, params, { chunkSize }), buffer: [] as Row[], done: false }));
  const refill = async (c: (typeof cursors)[number]) => {
    if (c.buffer.length || c.done) return;
    const next = await c.it.next();
    if (next.done) c.done = true;
    else c.buffer = [...next.value];
  };
  const compare = rowComparator(params.sort);
  let out: Array<Row & { source: string }> = [];
  for (;;) {
    await Promise.all(cursors.map(refill));
    const live = cursors.filter((c) => c.buffer.length);
    if (!live.length) break;
    let best = live[0]!;
    for (const c of live) if (compare(c.buffer[0]! as Record<string, unknown>, best.buffer[0]! as Record<string, unknown>) < 0) best = c;
    out.push({ ...(best.buffer.shift() as Row), source: best.source });
    if (out.length >= chunkSize) {
      yield out;
      out = [];
    }
  }
  if (out.length) yield out;
}

/* ─── One row (detail pages) ─────────────────────────────────────────────────────────────────────────────── */

/** The row with this key, through the same explicit select, scope and decoration as the table. */
export async function getTableRow<Row extends { id: string }>(definition: TableDefinition<Row>, id: string): Promise<Row | null> {
  const where = definition.scope ? and(definition.scope, eq(definition.key, id)) : eq(definition.key, id);
  const raw = (await definition.db().select(definition.select).from(definition.table).where(where).limit(1)) as Array<Record<string, unknown>>;
  if (!raw.length) return null;
  const [row] = definition.decorate ? await definition.decorate(raw) : (raw as unknown as Row[]);
  return row ?? null;
}
