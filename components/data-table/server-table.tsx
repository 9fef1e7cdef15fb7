import "server-only";
/**
 * The server half of a data table screen: parses the URL with the table definition's zod schema, runs the query,
 * renders each cell on the server and hands serializable props to the client <DataTable>. A screen is then a
 * definition (lib/admin/tables/definitions) plus a list of column views:
 *
 *   <ServerDataTable id="invoices" caption="Invoices" noun="invoices" definition={invoicesTable}
 *     searchParams={await searchParams} rowLabel={(r) => r.number ?? r.id}
 *     columns={[{ id: "number", header: "Invoice", cell: (r) => <Link …/> }, …]}
 *     exportHref="/admin/export/invoices" />
 *
 * Sortable and filterable flags come from the definition (the whitelist the server enforces), never from the view.
 */
import { Suspense, type ReactNode } from "react";
import { statusLabel } from "@/components/ui/badge";
import { AppError } from "@/lib/errors";
import {
  defaultTableParams,
  parseTableParams,
  runTableQuery,
  type AnyTableDefinition,
  type TableParams,
  type TableResult,
  withDefaultFilters,
} from "@/lib/admin/tables/query";
import { readUrlState, type SearchParamsRecord } from "@/lib/admin/tables/url-state";
import { DataTable } from "./data-table";
import { DataTableSkeleton } from "./data-table-skeleton";
import type { BulkActionResult, BulkActionSpec, DataTableFilter } from "./types";

export interface ColumnView<Row> {
  id: string;
  header: string;
  cell: (row: Row) => ReactNode;
  align?: "left" | "right";
  hideable?: boolean;
}

export interface ServerDataTableProps<Row extends { id: string }> {
  id: string;
  caption: string;
  noun: string;
  definition: AnyTableDefinition;
  searchParams: SearchParamsRecord;
  columns: Array<ColumnView<Row>>;
  rowLabel: (row: Row) => string;
  /** Replaces runTableQuery (tables merged across databases). */
  query?: (params: TableParams) => Promise<TableResult<Row>>;
  searchPlaceholder?: string;
  bulkActions?: BulkActionSpec[];
  bulkAction?: (formData: FormData) => Promise<BulkActionResult>;
  /** Inputs shown with the bulk actions and sent along with them (the queue's assignee picker). */
  bulkFields?: ReactNode;
  exportHref?: string;
  empty: { title: string; description?: string };
}

const humanize = statusLabel;

export function filtersOf(definition: AnyTableDefinition): DataTableFilter[] {
  return Object.entries(definition.columns).flatMap(([id, column]): DataTableFilter[] => {
    const f = column.filter;
    if (!f) return [];
    if (f.kind === "enum") return [{ id, label: column.label, kind: "enum", options: f.options.map((value) => ({ value, label: f.labels?.[value] ?? humanize(value) })) }];
    return [{ id, label: column.label, kind: f.kind }];
  });
}

/**
 * The table inside a Suspense boundary: the page's header and its permission check render first, the skeleton
 * shows while the query runs. (A route-level loading.tsx would flush a 200 before requireStaff() could answer
 * 403, so the boundary lives here, below the check.)
 */
export function ServerDataTable<Row extends { id: string }>(props: ServerDataTableProps<Row>) {
  return (
    <Suspense fallback={<DataTableSkeleton title={props.caption} columns={Math.min(props.columns.length, 8)} withHeader={false} />}>
      <ServerDataTableBody {...props} />
    </Suspense>
  );
}

async function ServerDataTableBody<Row extends { id: string }>(props: ServerDataTableProps<Row>) {
  const { definition, searchParams } = props;
  let params: TableParams;
  let invalid: { message: string; details: string[] } | undefined;
  try {
    params = parseTableParams(definition, searchParams);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "VALIDATION") throw error;
    invalid = { message: error.message, details: Object.entries(error.fieldErrors ?? {}).map(([k, v]) => `${k}: ${v.join(" ")}`) };
    params = defaultTableParams(definition);
  }
  const result = props.query ? await props.query(params) : await runTableQuery(definition as never as typeof definition, params);
  const rows = (result.rows as Row[]).map((row) => ({
    id: row.id,
    label: props.rowLabel(row),
    cells: Object.fromEntries(props.columns.map((c) => [c.id, c.cell(row)])),
  }));
  const filterIds = Object.keys(definition.columns).filter((k) => definition.columns[k]!.filter);
  const raw = readUrlState(searchParams, filterIds);
  return (
    <DataTable
      id={props.id}
      caption={props.caption}
      noun={props.noun}
      columns={props.columns.map((c) => ({
        id: c.id,
        header: c.header,
        align: c.align,
        hideable: c.hideable,
        sortable: Boolean(definition.columns[c.id]?.sortable),
      }))}
      filters={filtersOf(definition)}
      rows={rows}
      total={result.total}
      totalIsExact={result.totalIsExact}
      page={Math.min(result.page, Math.max(result.pageCount, 1))}
      pageCount={result.pageCount}
      size={result.size}
      state={{
        q: params.q,
        sort: params.sort,
        defaultSort: invalid ? true : !raw.sort.length,
        // A default filter (a queue's `active` status) shows as applied: what the rows are is always visible.
        filters: invalid ? {} : withDefaultFilters(definition, raw.filters),
        hidden: params.hidden,
      }}
      searchPlaceholder={props.searchPlaceholder}
      bulkActions={props.bulkActions}
      bulkAction={props.bulkAction}
      bulkFields={props.bulkFields}
      exportHref={props.exportHref}
      empty={props.empty}
      invalid={invalid}
      cursors={result.cursors}
    />
  );
}
