"use client";

import { Menu, X } from "lucide-react";
import { usePathname } from "next/navigation";
import { useEffect, useRef, type ReactNode } from "react";
import { cn } from "./cn";

/**
 * A phone menu built on <details>, so it opens without JavaScript. With JavaScript it also closes after a
 * navigation (layouts, and so an open <details>, survive client navigation), on Escape (focus goes back
 * to the toggle), and on a click outside.
 */
export function MenuDisclosure({
  label,
  children,
  className,
  summaryClassName,
  panelClassName,
  summaryExtra,
}: {
  /** Accessible name of the toggle, e.g. "Menu". */
  label: string;
  children: ReactNode;
  className?: string;
  summaryClassName?: string;
  panelClassName?: string;
  /** Visible text next to the icon (optional). */
  summaryExtra?: ReactNode;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  const pathname = usePathname();

  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [pathname]);

  useEffect(() => {
    const details = ref.current;
    if (!details) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && details.open) {
        details.open = false;
        details.querySelector("summary")?.focus();
      }
    };
    const onPointer = (event: PointerEvent) => {
      if (details.open && !details.contains(event.target as Node)) details.open = false;
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, []);

  return (
    <details ref={ref} className={cn("group", className)}>
      <summary
        className={cn(
          "flex h-10 min-w-10 list-none items-center justify-center gap-2 rounded-md px-2 text-fg hover:bg-surface-muted",
          summaryClassName,
        )}
      >
        <Menu aria-hidden="true" className="size-5 group-open:hidden" />
        <X aria-hidden="true" className="hidden size-5 group-open:block" />
        {summaryExtra}
        <span className="sr-only">{label}</span>
      </summary>
      <div className={cn("absolute inset-x-0 top-full z-40 border-b border-border bg-surface shadow-raised", panelClassName)}>
        {children}
      </div>
    </details>
  );
}
