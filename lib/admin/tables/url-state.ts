/**
 * The URL form of a data table's state, shared by the server (which parses it into a query) and the client
 * component (which writes it when someone sorts, filters or pages). Everything lives in the search params, so a
 * table view is a link: shareable, bookmarkable, and the back button undoes the last change.
 *
 *   ?q=acme                       global search
 *   &sort=-issuedAt,total         sort list, "-" = descending, first key wins
 *   &page=2&size=50               1-based page, page size (≤ 100)
 *   &status=open,paid             enum filter: any of the values
 *   &number=INV-2026              text filter
 *   &issuedAt=2026-01-01~2026-03-31   date range (UTC days, both ends inclusive, either may be empty)
 *   &total=10~250                 amount range in major units (10.00 to 250.00)
 *   &hide=kind,dueAt              hidden columns
 *   &after=… / &before=…          keyset cursor of the next / previous page (opaque, made by the server), so a deep
 *                                 page reads from the index at its first row instead of skipping page×size rows
 *
 * Column ids are the param names of their filters, so they must not be one of RESERVED_PARAMS.
 * No "server-only" here: the browser bundle uses the same encoder.
 */

export const RESERVED_PARAMS = ["q", "sort", "page", "size", "hide", "after", "before"] as const;
/** Keyset cursors (server-made, opaque): the page starts after / ends before the row they name. */
export const CURSOR_PARAMS = ["after", "before"] as const;
export const PAGE_SIZES = [10, 25, 50, 100] as const;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;
export const RANGE_SEPARATOR = "~";

export type SortDirection = "asc" | "desc";
export interface SortItem {
  id: string;
  desc: boolean;
}

export type FilterKind = "text" | "enum" | "date" | "amount";

/** Raw (string) filter values as they appear in the URL; validated per column on the server. */
export type RawFilters = Record<string, string>;

export interface TableUrlState {
  q: string;
  /** Raw keyset cursor, validated on the server against the sort it was made for. */
  cursor?: { dir: "after" | "before"; token: string };
  sort: SortItem[];
  page: number;
  size: number;
  filters: RawFilters;
  hidden: string[];
}

export type SearchParamsRecord = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

export function parseSortParam(value: string | undefined): SortItem[] {
  if (!value) return [];
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s.startsWith("-") ? { id: s.slice(1), desc: true } : { id: s, desc: false }));
}

export function formatSortParam(sort: readonly SortItem[]): string {
  return sort.map((s) => `${s.desc ? "-" : ""}${s.id}`).join(",");
}

/**
 * Splits search params into the reserved keys and filter values, without validating them (the server's zod
 * schema does that against the table's definition; the client only needs to round-trip them).
 */
export function readUrlState(params: SearchParamsRecord | URLSearchParams, filterIds?: readonly string[]): TableUrlState {
  const get = (key: string): string | undefined => (params instanceof URLSearchParams ? (params.get(key) ?? undefined) : first(params[key]));
  const keys = params instanceof URLSearchParams ? [...new Set(params.keys())] : Object.keys(params);
  const filters: RawFilters = {};
  for (const key of keys) {
    if ((RESERVED_PARAMS as readonly string[]).includes(key)) continue;
    if (filterIds && !filterIds.includes(key)) continue;
    const value = get(key);
    if (value !== undefined && value !== "") filters[key] = value;
  }
  const page = Number(get("page") ?? 1);
  const size = Number(get("size") ?? DEFAULT_PAGE_SIZE);
  const after = get("after");
  const before = get("before");
  return {
    cursor: after ? { dir: "after", token: after } : before ? { dir: "before", token: before } : undefined,
    q: (get("q") ?? "").trim(),
    sort: parseSortParam(get("sort")),
    page: Number.isFinite(page) ? page : 1,
    size: Number.isFinite(size) ? size : DEFAULT_PAGE_SIZE,
    filters,
    hidden: (get("hide") ?? "").split(",").filter(Boolean),
  };
}

/** The search string for a state; defaults are left out so URLs stay short. */
export function writeUrlState(state: Partial<TableUrlState>, defaults: { size?: number } = {}): string {
  const out = new URLSearchParams();
  if (state.q) out.set("q", state.q);
  if (state.sort?.length) out.set("sort", formatSortParam(state.sort));
  for (const [key, value] of Object.entries(state.filters ?? {})) if (value) out.set(key, value);
  if (state.hidden?.length) out.set("hide", state.hidden.join(","));
  if (state.size && state.size !== (defaults.size ?? DEFAULT_PAGE_SIZE)) out.set("size", String(state.size));
  if (state.page && state.page > 1) out.set("page", String(state.page));
  return out.toString();
}

export function splitRange(value: string | undefined): [string, string] {
  if (!value) return ["", ""];
  const i = value.indexOf(RANGE_SEPARATOR);
  if (i < 0) return [value.trim(), value.trim()];
  return [value.slice(0, i).trim(), value.slice(i + 1).trim()];
}

export function joinRange(from: string, to: string): string {
  const a = from.trim();
  const b = to.trim();
  return a || b ? `${a}${RANGE_SEPARATOR}${b}` : "";
}
