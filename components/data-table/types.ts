/**
 * Props of the client DataTable: all serializable (cells arrive already rendered by the server), so a server
 * page can hand them over directly. Build them with <ServerDataTable> (components/data-table/server-table.tsx).
 */
import type { ReactNode } from "react";
import type { ActionResult } from "@/lib/errors";
import type { RawFilters, SortItem } from "@/lib/admin/tables/url-state";

export interface DataTableColumn {
  id: string;
  header: string;
  sortable?: boolean;
  align?: "left" | "right";
  /** Whether the column can be hidden from the Columns menu (the first column cannot). */
  hideable?: boolean;
}

export type DataTableFilter =
  | { id: string; label: string; kind: "text" }
  | { id: string; label: string; kind: "enum"; options: Array<{ value: string; label: string }> }
  | { id: string; label: string; kind: "date" }
  | { id: string; label: string; kind: "amount" };

export interface DataTableRow {
  id: string;
  /** Names the row for screen readers ("Select INV-2026-000123"). */
  label: string;
  cells: Record<string, ReactNode>;
}

export interface BulkActionSpec {
  id: string;
  label: string;
  /** `{count}` is replaced by the number of selected rows, `{s}` by "s" unless it is one. */
  confirmTitle: string;
  confirmDescription?: string;
  confirmLabel?: string;
  tone?: "primary" | "danger";
}

export type BulkActionResult = ActionResult<{ count: number; message: string }>;

export interface DataTableState {
  q: string;
  sort: SortItem[];
  /** True when `sort` is the table's default (the URL has none). */
  defaultSort: boolean;
  filters: RawFilters;
  hidden: string[];
}

export interface DataTableProps {
  /** Unique on the page; prefixes element ids. */
  id: string;
  /** Accessible name of the table ("Invoices"). */
  caption: string;
  /** Plural noun for counts ("invoices"). */
  noun: string;
  columns: DataTableColumn[];
  filters: DataTableFilter[];
  rows: DataTableRow[];
  total: number;
  totalIsExact: boolean;
  page: number;
  pageCount: number;
  size: number;
  state: DataTableState;
  searchPlaceholder?: string;
  bulkActions?: BulkActionSpec[];
  bulkAction?: (formData: FormData) => Promise<BulkActionResult>;
  /** Inputs rendered beside the bulk actions; their values are sent with the action (e.g. who to assign to). */
  bulkFields?: ReactNode;
  /** Route handler streaming the CSV; the current filters are appended. */
  exportHref?: string;
  empty: { title: string; description?: string };
  /** Keyset cursors of this page's last / first row for the Next / Previous links (lib/admin/tables/query.ts). */
  cursors?: { next?: string; prev?: string };
  /** The URL state did not validate (a hand-edited or stale link). */
  invalid?: { message: string; details: string[] };
}
