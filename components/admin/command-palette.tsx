"use client";
/**
 * Ctrl/Cmd-K global search: a dialog holding an ARIA combobox (input + listbox, aria-activedescendant), driven by
 * the keyboard — arrows move, Enter opens, Escape closes, focus returns to where it was. Results come from
 * GET /admin/search, which only searches what the staff member may read.
 */
import { Search } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { Dialog } from "@/components/ui/dialog";

interface Result {
  kind: "customer" | "invoice" | "device" | "ticket";
  id: string;
  title: string;
  detail: string;
  href: string;
}

const KIND_LABEL: Record<Result["kind"], string> = { customer: "Customer", invoice: "Invoice", device: "Device", ticket: "Ticket" };

export function CommandPalette() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<Result[]>([]);
  const [active, setActive] = useState(0);
  const [status, setStatus] = useState<"idle" | "loading" | "done" | "error">("idle");
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === "k") {
        event.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(() => inputRef.current?.focus(), 0);
    return () => clearTimeout(timer);
  }, [open]);

  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      setResults([]);
      setStatus("idle");
      return;
    }
    const controller = new AbortController();
    setStatus("loading");
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/admin/search?q=${encodeURIComponent(q)}`, { signal: controller.signal, headers: { accept: "application/json" } });
        if (!response.ok) throw new Error(String(response.status));
        const body = (await response.json()) as { results: Result[] };
        setResults(body.results);
        setActive(0);
        setStatus("done");
      } catch (error) {
        if ((error as Error).name !== "AbortError") setStatus("error");
      }
    }, 150);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [query]);

  const close = () => {
    setOpen(false);
    setQuery("");
  };
  const go = (result: Result | undefined) => {
    if (!result) return;
    close();
    router.push(result.href);
  };
  const optionId = (i: number) => `${listId}-option-${i}`;
  const expanded = results.length > 0;

  return (
    <>
      <div className="mb-4 flex justify-end">
        <button
          type="button"
          onClick={() => setOpen(true)}
          aria-keyshortcuts="Control+K Meta+K"
          className="flex w-full max-w-xs items-center gap-2 rounded-md border border-border bg-surface px-3 py-1.5 text-sm text-muted hover:border-border-strong focus-visible:outline-2 sm:w-64"
        >
          <Search aria-hidden="true" className="size-4" />
          <span className="flex-1 text-left">Search…</span>
          <kbd className="rounded border border-border px-1 font-mono text-[11px]">Ctrl K</kbd>
        </button>
      </div>
      <Dialog open={open} onClose={close} title="Search" description="Customers, invoices, devices and tickets.">
        <div className="grid gap-3">
          <input
            ref={inputRef}
            type="text"
            role="combobox"
            aria-label="Search customers, invoices, devices and tickets"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={expanded ? optionId(active) : undefined}
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "ArrowDown") {
                event.preventDefault();
                setActive((i) => (results.length ? (i + 1) % results.length : 0));
              } else if (event.key === "ArrowUp") {
                event.preventDefault();
                setActive((i) => (results.length ? (i - 1 + results.length) % results.length : 0));
              } else if (event.key === "Home" && results.length) {
                setActive(0);
              } else if (event.key === "End" && results.length) {
                setActive(results.length - 1);
              } else if (event.key === "Enter") {
                event.preventDefault();
                go(results[active]);
              }
            }}
            placeholder="Name, email, invoice number, device key, ticket…"
            className="w-full rounded-md border border-border-strong bg-surface px-3 py-2 text-sm text-fg focus-visible:outline-2"
          />
          <ul id={listId} role="listbox" aria-label="Results" className="grid max-h-80 gap-0.5 overflow-y-auto">
            {results.map((r, i) => (
              <li
                key={`${r.kind}-${r.id}`}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                onMouseEnter={() => setActive(i)}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => go(r)}
                className={`flex cursor-pointer items-center justify-between gap-3 rounded-md px-3 py-2 text-sm ${i === active ? "bg-brand text-white" : "text-fg"}`}
              >
                <span className="min-w-0">
                  <span className="block truncate font-medium">{r.title}</span>
                  <span className={`block truncate text-xs ${i === active ? "text-white/80" : "text-muted"}`}>{r.detail}</span>
                </span>
                <span className={`shrink-0 text-xs ${i === active ? "text-white/80" : "text-muted"}`}>{KIND_LABEL[r.kind]}</span>
              </li>
            ))}
          </ul>
          <p role="status" aria-live="polite" className="text-xs text-muted">
            {status === "loading" ? "Searching…" : status === "error" ? "Search failed. Try again." : status === "done" ? `${results.length} result${results.length === 1 ? "" : "s"}` : "Type at least 2 characters."}
          </p>
        </div>
      </Dialog>
    </>
  );
}
