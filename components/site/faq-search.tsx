"use client";

import { Search } from "lucide-react";
import { useEffect, useState } from "react";

/**
 * Filters the FAQ page's questions as you type. The page itself is static HTML with every answer; this only hides
 * what does not match (so without JavaScript every question is simply shown). `?q=` pre-fills the search, so a
 * search can be linked.
 */
export function FaqSearch({ label, placeholder, countText }: { label: string; placeholder: string; countText: { none: string; one: string; many: string } }) {
  const [query, setQuery] = useState("");
  const [matches, setMatches] = useState<number | null>(null);

  useEffect(() => {
    const q = new URLSearchParams(window.location.search).get("q");
    if (q) setQuery(q);
  }, []);

  useEffect(() => {
    const needle = query.trim().toLowerCase();
    let count = 0;
    for (const group of document.querySelectorAll<HTMLElement>("[data-faq-group]")) {
      let visible = 0;
      for (const item of group.querySelectorAll<HTMLElement>("[data-faq-item]")) {
        const show = !needle || (item.textContent ?? "").toLowerCase().includes(needle);
        item.hidden = !show;
        if (show) visible++;
      }
      group.hidden = visible === 0;
      count += visible;
    }
    setMatches(needle ? count : null);
  }, [query]);

  return (
    <form role="search" className="relative" onSubmit={(e) => e.preventDefault()} action="/faq">
      <label htmlFor="faq-search" className="mb-2 block text-sm font-medium text-fg">
        {label}
      </label>
      <div className="relative">
        <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted" />
        <input
          id="faq-search"
          name="q"
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={placeholder}
          autoComplete="off"
          className="h-11 w-full rounded-md border border-border-strong bg-surface pr-3 pl-9 text-fg placeholder:text-muted"
        />
      </div>
      <p aria-live="polite" className="mt-2 min-h-5 text-sm text-muted" data-testid="faq-count">
        {matches === null ? "" : matches === 0 ? countText.none : matches === 1 ? countText.one : countText.many.replace("{n}", String(matches))}
      </p>
    </form>
  );
}
