"use client";
/**
 * The admin data table: TanStack Table in manual mode (the server sorts, filters and pages), with every piece
 * of state in the URL. Changing a sort, filter, search, page size or column set pushes a new URL (so the back
 * button undoes it and the link can be shared); the server page re-renders with the new rows. Row selection is
 * the only local state (it is not worth sharing), and bulk actions go through a permission-checked server
 * action after a confirmation naming how many rows it touches.
 */
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type RowSelectionState,
  type VisibilityState,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown, Columns3, Download, Filter, Search, X } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState, useTransition, type FormEvent, type KeyboardEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ButtonLink } from "@/components/ui/button-link";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Pagination, pageHref } from "@/components/ui/pagination";
import { useToast } from "@/components/ui/toast";
import { CURSOR_PARAMS, formatSortParam, joinRange, PAGE_SIZES, splitRange, type SortItem } from "@/lib/admin/tables/url-state";
import { dataTableStrings as t } from "./strings";
import type { BulkActionSpec, DataTableFilter, DataTableProps, DataTableRow } from "./types";

const SELECT_COLUMN = "__select";

/** Pop-over panels on <details>: they close on Escape (focus back on their summary) and on a click outside. */
function usePopover() {
  const ref = useRef<HTMLDetailsElement>(null);
  // Panel contents exist only while open: closed panels add no controls to the page (or to its label lookups).
  const [open, setOpen] = useState(false);
  const onToggle = () => setOpen(Boolean(ref.current?.open));
  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const el = ref.current;
      if (el?.open && !el.contains(event.target as Node)) el.open = false;
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, []);
  const onKeyDown = (event: KeyboardEvent<HTMLDetailsElement>) => {
    if (event.key !== "Escape" || !ref.current?.open) return;
    ref.current.open = false;
    ref.current.querySelector("summary")?.focus();
  };
  const close = () => {
    if (ref.current) ref.current.open = false;
  };
  return { ref, onKeyDown, close, open, onToggle };
}

/** The next sort list after activating a column header (plain: sort by it alone; shift: add to the list). */
export function nextSort(current: readonly SortItem[], id: string, additive: boolean): SortItem[] {
  const existing = current.find((s) => s.id === id);
  // Cycle: ascending → descending → off.
  const toggled: SortItem | null = !existing ? { id, desc: false } : !existing.desc ? { id, desc: true } : null;
  if (!additive) return toggled ? [toggled] : [];
  const rest = current.filter((s) => s.id !== id);
  if (!toggled) return rest;
  return existing ? current.map((s) => (s.id === id ? toggled : s)) : [...rest, toggled].slice(-3);
}

function filterSummary(filter: DataTableFilter, value: string): string {
  if (filter.kind === "enum") {
    return value
      .split(",")
      .map((v) => filter.options.find((o) => o.value === v)?.label ?? v)
      .join(", ");
  }
  if (filter.kind === "date" || filter.kind === "amount") {
    const [a, b] = splitRange(value);
    if (a && b) return a === b ? a : `${a} – ${b}`;
    return a ? `≥ ${a}` : `≤ ${b}`;
  }
  return value;
}

export function DataTable(props: DataTableProps) {
  const { id, caption, noun, columns, filters, rows, total, totalIsExact, page, pageCount, size, state, bulkActions, bulkAction, bulkFields, exportHref, empty, invalid, cursors } = props;
  const bulkFieldsRef = useRef<HTMLDivElement>(null);
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  const { toast } = useToast();
  const uid = useId();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [confirming, setConfirming] = useState<BulkActionSpec | null>(null);
  const [bulkPending, setBulkPending] = useState(false);
  const selectable = Boolean(bulkActions?.length && bulkAction);
  const filterPanel = usePopover();
  const columnPanel = usePopover();

  /** Pushes a URL with `changes` applied; anything else on the URL (other params) is kept. */
  const navigate = (changes: Record<string, string | null>, options: { keepPage?: boolean } = {}) => {
    const next = new URLSearchParams(searchParams.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    if (!options.keepPage) {
      next.delete("page");
      // A keyset cursor belongs to the page it led to: a new sort, filter or size starts again from page 1.
      for (const c of CURSOR_PARAMS) next.delete(c);
    }
    const query = next.toString();
    setRowSelection({});
    startTransition(() => router.push(query ? `${pathname}?${query}` : pathname, { scroll: false }));
  };

  const visibility: VisibilityState = useMemo(() => Object.fromEntries(state.hidden.map((h) => [h, false])), [state.hidden]);
  const sorting = state.defaultSort ? [] : state.sort;

  const columnDefs = useMemo<ColumnDef<DataTableRow>[]>(() => {
    const defs: ColumnDef<DataTableRow>[] = columns.map((c) => ({
      id: c.id,
      header: c.header,
      enableSorting: Boolean(c.sortable),
      enableHiding: c.hideable !== false,
      cell: ({ row }) => row.original.cells[c.id] ?? null,
      meta: { align: c.align },
    }));
    if (selectable) {
      defs.unshift({
        id: SELECT_COLUMN,
        enableHiding: false,
        enableSorting: false,
        header: ({ table }) => (
          <input
            type="checkbox"
            className="size-4 cursor-pointer accent-brand"
            aria-label={t.selectAll}
            checked={table.getIsAllPageRowsSelected()}
            ref={(el) => {
              if (el) el.indeterminate = table.getIsSomePageRowsSelected();
            }}
            onChange={table.getToggleAllPageRowsSelectedHandler()}
          />
        ),
        cell: ({ row }) => (
          <input
            type="checkbox"
            className="size-4 cursor-pointer accent-brand"
            aria-label={t.selectRow(row.original.label)}
            checked={row.getIsSelected()}
            onChange={row.getToggleSelectedHandler()}
          />
        ),
      });
    }
    return defs;
  }, [columns, selectable]);

  const table = useReactTable({
    data: rows,
    columns: columnDefs,
    getRowId: (row) => row.id,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    enableRowSelection: selectable,
    enableMultiSort: true,
    rowCount: total,
    state: { rowSelection, columnVisibility: visibility, sorting: sorting.map((s) => ({ id: s.id, desc: s.desc })) },
    onRowSelectionChange: setRowSelection,
  });

  const selectedIds = Object.keys(rowSelection).filter((k) => rowSelection[k]);
  const activeFilters = filters.filter((f) => state.filters[f.id]);
  const from = total === 0 ? 0 : (page - 1) * size + 1;
  const to = Math.min(page * size, total, (page - 1) * size + rows.length);
  const exportUrl = exportHref ? `${exportHref}${searchParams.toString() ? `?${searchParams.toString()}` : ""}` : null;

  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const q = String(new FormData(event.currentTarget).get("q") ?? "").trim();
    navigate({ q: q || null });
  };

  const onApplyFilters = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const changes: Record<string, string | null> = {};
    for (const f of filters) {
      if (f.kind === "enum") changes[f.id] = data.getAll(f.id).map(String).join(",") || null;
      else if (f.kind === "date" || f.kind === "amount") changes[f.id] = joinRange(String(data.get(`${f.id}.from`) ?? ""), String(data.get(`${f.id}.to`) ?? "")) || null;
      else changes[f.id] = String(data.get(f.id) ?? "").trim() || null;
    }
    filterPanel.close();
    navigate(changes);
  };

  const onToggleColumn = (columnId: string, visible: boolean) => {
    const hidden = new Set(state.hidden);
    if (visible) hidden.delete(columnId);
    else hidden.add(columnId);
    navigate({ hide: [...hidden].join(",") || null }, { keepPage: true });
  };

  const runBulk = async () => {
    if (!confirming || !bulkAction) return;
    setBulkPending(true);
    const data = new FormData();
    for (const field of bulkFieldsRef.current?.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input[name], select[name]") ?? []) {
      if (field instanceof HTMLInputElement && (field.type === "checkbox" || field.type === "radio") && !field.checked) continue;
      data.append(field.name, field.value);
    }
    data.set("action", confirming.id);
    for (const rowId of selectedIds) data.append("ids", rowId);
    try {
      const result = await bulkAction(data);
      if (result.ok) {
        toast({ title: result.data.message || t.bulkDone, tone: "success" });
        setRowSelection({});
        setConfirming(null);
        startTransition(() => router.refresh());
      } else {
        toast({ title: t.bulkFailed, description: result.formError ?? Object.values(result.fieldErrors ?? {}).flat().join(" "), tone: "error" });
        setConfirming(null);
      }
    } finally {
      setBulkPending(false);
    }
  };

  const currentSearchParams = new URLSearchParams(searchParams.toString());
  /**
   * Next and Previous carry the keyset cursor of this page's last / first row, so a deep page is read from the index
   * at that row; numbered pages (and page 1) are plain OFFSET links. Each is a URL: back, reload and share keep it.
   */
  const pageLink = (p: number) => {
    const params = new URLSearchParams(currentSearchParams);
    for (const c of CURSOR_PARAMS) params.delete(c);
    if (p === page + 1 && cursors?.next) params.set("after", cursors.next);
    else if (p === page - 1 && p > 1 && cursors?.prev) params.set("before", cursors.prev);
    return pageHref(pathname, params, p);
  };

  return (
    // The page's heading names the screen; the table's <caption> names the table (no second heading).
    <div className="grid min-w-0 gap-3" data-table={id}>

      {invalid && (
        <Alert tone="danger" title={t.invalidTitle}>
          <p>{invalid.message}</p>
          {invalid.details.length > 0 && (
            <ul className="mt-1 list-disc pl-5">
              {invalid.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}
          <p className="mt-2">
            <a className="font-medium underline" href={pathname}>
              {t.reset}
            </a>
          </p>
        </Alert>
      )}

      {/* Toolbar: search, filters, columns, export. Wraps on phones. */}
      <div className="flex flex-wrap items-start gap-2">
        <form role="search" onSubmit={onSearch} className="flex min-w-0 flex-1 basis-64 gap-2" key={`q-${state.q}`}>
          <label htmlFor={`${uid}-q`} className="sr-only">
            {t.searchLabel(caption)}
          </label>
          <Input id={`${uid}-q`} name="q" type="search" defaultValue={state.q} placeholder={props.searchPlaceholder} className="h-9" />
          <Button type="submit" variant="secondary" size="sm" className="h-9" icon={<Search aria-hidden="true" className="size-4" />}>
            <span className="sr-only sm:not-sr-only">{t.search}</span>
          </Button>
        </form>

        {filters.length > 0 && (
          <details className="group relative" ref={filterPanel.ref} onKeyDown={filterPanel.onKeyDown} onToggle={filterPanel.onToggle}>
            <summary className="inline-flex h-9 cursor-pointer list-none items-center gap-1.5 rounded-md border border-border-strong bg-surface px-3 text-sm font-medium text-fg hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-brand [&::-webkit-details-marker]:hidden">
              <Filter aria-hidden="true" className="size-4" />
              {activeFilters.length ? t.filtersActive(activeFilters.length) : t.filters}
            </summary>
            {filterPanel.open && (
            <form
              onSubmit={onApplyFilters}
              key={JSON.stringify(state.filters)}
              className="absolute left-0 z-20 mt-1 grid w-[min(22rem,calc(100vw-2rem))] gap-3 rounded-lg border border-border bg-surface p-4 shadow-raised"
            >
              {filters.map((f) => (
                <FilterField key={f.id} uid={uid} filter={f} value={state.filters[f.id] ?? ""} />
              ))}
              <div className="flex flex-wrap justify-end gap-2 border-t border-border pt-3">
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => {
                    filterPanel.close();
                    navigate(Object.fromEntries(filters.map((f) => [f.id, null])));
                  }}
                >
                  {t.clearFilters}
                </Button>
                <Button type="submit" size="sm">
                  {t.applyFilters}
                </Button>
              </div>
            </form>
            )}
          </details>
        )}

        <details className="relative" ref={columnPanel.ref} onKeyDown={columnPanel.onKeyDown} onToggle={columnPanel.onToggle}>
          <summary className="inline-flex h-9 cursor-pointer list-none items-center gap-1.5 rounded-md border border-border-strong bg-surface px-3 text-sm font-medium text-fg hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-brand [&::-webkit-details-marker]:hidden">
            <Columns3 aria-hidden="true" className="size-4" />
            {t.columns}
          </summary>
          {columnPanel.open && (
          <fieldset className="absolute right-0 z-20 mt-1 grid w-56 gap-2 rounded-lg border border-border bg-surface p-3 shadow-raised sm:left-0 sm:right-auto">
            <legend className="sr-only">{t.columns}</legend>
            {columns.map((c, i) => (
              <label key={c.id} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="size-4 accent-brand"
                  checked={!state.hidden.includes(c.id)}
                  disabled={i === 0 || c.hideable === false}
                  onChange={(e) => onToggleColumn(c.id, e.currentTarget.checked)}
                />
                {/* "Show Role", not "Role": page forms own the bare words (getByLabel, screen-reader search). */}
                <span className="sr-only">{t.showPrefix}</span>
                {c.header}
              </label>
            ))}
          </fieldset>
          )}
        </details>

        {exportUrl && (
          <a
            href={exportUrl}
            download
            title={t.exportHint}
            className="inline-flex h-9 items-center gap-1.5 rounded-md border border-border-strong bg-surface px-3 text-sm font-medium text-fg hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-brand"
          >
            <Download aria-hidden="true" className="size-4" />
            {t.exportCsv}
          </a>
        )}
      </div>

      {/* Active filters as removable chips: what is applied is always visible. */}
      {(activeFilters.length > 0 || state.q || !state.defaultSort) && (
        <ul className="flex flex-wrap gap-2" aria-label={t.filters}>
          {state.q && (
            <li>
              <Chip label={`${t.search}: ${state.q}`} removeLabel={t.removeFilter(t.search, state.q)} onRemove={() => navigate({ q: null })} />
            </li>
          )}
          {activeFilters.map((f) => (
            <li key={f.id}>
              <Chip
                label={`${f.label}: ${filterSummary(f, state.filters[f.id]!)}`}
                removeLabel={t.removeFilter(f.label, filterSummary(f, state.filters[f.id]!))}
                onRemove={() => navigate({ [f.id]: null })}
              />
            </li>
          ))}
          {!state.defaultSort && (
            <li>
              <Chip
                label={state.sort.map((s) => `${columns.find((c) => c.id === s.id)?.header ?? s.id} ${s.desc ? "↓" : "↑"}`).join(", ")}
                removeLabel={t.resetSort}
                onRemove={() => navigate({ sort: null })}
              />
            </li>
          )}
        </ul>
      )}

      {selectable && selectedIds.length > 0 && (
        <div role="region" aria-label={t.bulkActions} className="flex flex-wrap items-center gap-2 rounded-md border border-brand/40 bg-brand-soft px-3 py-2 text-sm">
          <span className="font-medium text-brand-soft-fg">{t.selected(selectedIds.length)}</span>
          {bulkFields && (
            <div ref={bulkFieldsRef} className="contents">
              {bulkFields}
            </div>
          )}
          {bulkActions!.map((a) => (
            <Button key={a.id} size="sm" variant={a.tone === "danger" ? "danger" : "secondary"} onClick={() => setConfirming(a)}>
              {a.label}
            </Button>
          ))}
          <Button size="sm" variant="ghost" onClick={() => setRowSelection({})}>
            {t.clearSelection}
          </Button>
        </div>
      )}

      <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-muted">
        <p aria-live="polite" data-testid="table-summary">
          {pending ? t.updating : t.showing(from, to, total, totalIsExact, noun)}
        </p>
        <p className="hidden text-xs lg:block">{t.sortHint}</p>
      </div>

      {rows.length === 0 ? (
        <EmptyState
          title={empty.title}
          description={empty.description}
          headingLevel={3}
          action={
            activeFilters.length || state.q ? (
              <ButtonLink href={pathname} variant="secondary" size="sm">
                {t.clearFilters}
              </ButtonLink>
            ) : undefined
          }
        />
      ) : (
        <div
          // A focusable, labelled scroll region: keyboard users can scroll wide tables at 360px.
          role="region"
          aria-label={caption}
          tabIndex={0}
          aria-busy={pending || undefined}
          className={cn("overflow-x-auto rounded-lg border border-border bg-surface shadow-card focus-visible:outline-2 focus-visible:outline-brand", pending && "opacity-60 transition-opacity")}
        >
          <table className="w-full min-w-[40rem] text-left text-sm" id={id}>
            <caption className="sr-only">{caption}</caption>
            <thead className="border-b border-border bg-bg-subtle text-xs text-muted uppercase">
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => {
                    const column = columns.find((c) => c.id === header.column.id);
                    const sortIndex = state.sort.findIndex((s) => s.id === header.column.id);
                    const sorted = !state.defaultSort || sortIndex === 0 ? state.sort[sortIndex] : undefined;
                    const right = column?.align === "right";
                    return (
                      <th
                        key={header.id}
                        scope="col"
                        aria-sort={sorted ? (sorted.desc ? "descending" : "ascending") : column?.sortable ? "none" : undefined}
                        className={cn("px-3 py-2 font-medium whitespace-nowrap first:pl-4 last:pr-4", right && "text-right", header.column.id === SELECT_COLUMN && "w-10")}
                      >
                        {column?.sortable ? (
                          <button
                            type="button"
                            className={cn("inline-flex items-center gap-1 rounded-sm uppercase hover:text-fg focus-visible:outline-2 focus-visible:outline-brand", right && "flex-row-reverse", sorted && "text-fg")}
                            onClick={(e) => navigate({ sort: formatSortParam(nextSort(state.defaultSort ? [] : state.sort, column.id, e.shiftKey)) || null })}
                          >
                            {column.header}
                            {sorted ? (
                              sorted.desc ? (
                                <ArrowDown aria-hidden="true" className="size-3.5" />
                              ) : (
                                <ArrowUp aria-hidden="true" className="size-3.5" />
                              )
                            ) : (
                              <ArrowUpDown aria-hidden="true" className="size-3.5 opacity-40" />
                            )}
                            {sorted && state.sort.length > 1 && (
                              <span className="text-[10px] tabular-nums" aria-label={t.sortPriority(sortIndex + 1)}>
                                {sortIndex + 1}
                              </span>
                            )}
                          </button>
                        ) : (
                          flexRender(header.column.columnDef.header, header.getContext())
                        )}
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody className="divide-y divide-border">
              {table.getRowModel().rows.map((row) => (
                <tr key={row.id} data-testid={`${id}-row`} data-row-id={row.id} className={cn("hover:bg-bg-subtle", row.getIsSelected() && "bg-brand-soft/40")}>
                  {row.getVisibleCells().map((cell) => {
                    const right = columns.find((c) => c.id === cell.column.id)?.align === "right";
                    return (
                      <td key={cell.id} data-column={cell.column.id} className={cn("px-3 py-2 align-top first:pl-4 last:pr-4", right && "text-right tabular-nums")}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <div className="flex flex-wrap items-center justify-between gap-3">
        <Pagination page={page} pageCount={pageCount} pathname={pathname} searchParams={currentSearchParams} hrefFor={pageLink} />
        <label className="ml-auto flex items-center gap-2 text-sm text-muted">
          {t.rowsPerPage}
          <select
            className="h-9 rounded-md border border-border-strong bg-surface px-2 text-sm text-fg"
            value={size}
            onChange={(e) => navigate({ size: e.currentTarget.value === "25" ? null : e.currentTarget.value })}
          >
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>

      <ConfirmDialog
        open={confirming !== null}
        onClose={() => !bulkPending && setConfirming(null)}
        onConfirm={runBulk}
        loading={bulkPending}
        tone={confirming?.tone ?? "primary"}
        title={confirming?.confirmTitle.replace("{count}", String(selectedIds.length)).replace("{s}", selectedIds.length === 1 ? "" : "s") ?? ""}
        description={confirming?.confirmDescription}
        confirmLabel={confirming?.confirmLabel ?? confirming?.label}
      />
    </div>
  );
}

function Chip({ label, removeLabel, onRemove }: { label: string; removeLabel: string; onRemove: () => void }) {
  return (
    <span className="inline-flex max-w-full items-center gap-1 rounded-full border border-border bg-surface py-0.5 pr-1 pl-3 text-xs text-fg">
      <span className="truncate">{label}</span>
      <button type="button" onClick={onRemove} aria-label={removeLabel} className="rounded-full p-1 text-muted hover:bg-surface-muted hover:text-fg focus-visible:outline-2 focus-visible:outline-brand">
        <X aria-hidden="true" className="size-3" />
      </button>
    </span>
  );
}

function FilterField({ uid, filter, value }: { uid: string; filter: DataTableFilter; value: string }) {
  const fieldId = `${uid}-f-${filter.id}`;
  if (filter.kind === "enum") {
    const selected = new Set(value.split(",").filter(Boolean));
    return (
      <fieldset className="grid gap-1.5">
        <legend className="mb-1 text-sm font-medium text-fg">{filter.label}</legend>
        <div className="grid max-h-40 grid-cols-2 gap-x-3 gap-y-1.5 overflow-y-auto">
          {filter.options.map((o) => (
            <label key={o.value} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name={filter.id} value={o.value} defaultChecked={selected.has(o.value)} className="size-4 accent-brand" />
              <span>
                <span className="sr-only">{filter.label}: </span>
                {o.label}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
    );
  }
  if (filter.kind === "date" || filter.kind === "amount") {
    const [a, b] = splitRange(value);
    const type = filter.kind === "date" ? "date" : "number";
    const extra = filter.kind === "amount" ? { step: "0.01", min: "0", inputMode: "decimal" as const } : {};
    return (
      <fieldset className="grid gap-1.5">
        <legend className="mb-1 text-sm font-medium text-fg">{filter.label}</legend>
        <div className="grid grid-cols-2 gap-2">
          <label className="grid gap-1 text-xs text-muted" htmlFor={`${fieldId}-from`}>
            <span>
              <span className="sr-only">{filter.label} </span>
              {filter.kind === "date" ? t.from : t.min}
            </span>
            <Input id={`${fieldId}-from`} name={`${filter.id}.from`} type={type} defaultValue={a} className="h-9" {...extra} />
          </label>
          <label className="grid gap-1 text-xs text-muted" htmlFor={`${fieldId}-to`}>
            <span>
              <span className="sr-only">{filter.label} </span>
              {filter.kind === "date" ? t.to : t.max}
            </span>
            <Input id={`${fieldId}-to`} name={`${filter.id}.to`} type={type} defaultValue={b} className="h-9" {...extra} />
          </label>
        </div>
      </fieldset>
    );
  }
  return (
    <label className="grid gap-1 text-sm font-medium text-fg" htmlFor={fieldId}>
      <span>
        <span className="sr-only">{t.filterPrefix}</span>
        {filter.label}
      </span>
      <Input id={fieldId} name={filter.id} defaultValue={value} className="h-9" />
    </label>
  );
}
