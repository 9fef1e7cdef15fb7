"use client";

import { CircleAlert, CircleCheck, Info, X } from "lucide-react";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { cn } from "./cn";
import { uiStrings } from "./strings";

export type ToastTone = "success" | "error" | "info";

export interface ToastOptions {
  title: string;
  description?: string;
  tone?: ToastTone;
  /** Milliseconds before it goes away; errors stay longer by default. */
  duration?: number;
}

interface ToastItem extends Required<Omit<ToastOptions, "description">> {
  id: number;
  description?: string;
}

interface ToastApi {
  toast: (options: ToastOptions) => number;
  dismiss: (id: number) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

/** Confirms what just happened ("Device added"). Mount once (the root layout does). */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setItems((list) => list.filter((t) => t.id !== id)), []);
  const toast = useCallback((options: ToastOptions) => {
    const id = nextId.current++;
    const tone = options.tone ?? "success";
    const item: ToastItem = {
      id,
      title: options.title,
      description: options.description,
      tone,
      duration: options.duration ?? (tone === "error" ? 8000 : 5000),
    };
    // Keep at most three on screen: older confirmations are no longer news.
    setItems((list) => [...list.slice(-2), item]);
    return id;
  }, []);

  const api = useMemo(() => ({ toast, dismiss }), [toast, dismiss]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <section
        aria-label={uiStrings.notifications}
        className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 sm:inset-x-auto sm:right-0 sm:items-end"
      >
        {/* The live region exists before any toast so screen readers announce additions. */}
        <ol aria-live="polite" aria-relevant="additions" className="flex w-full flex-col gap-2 sm:w-96">
          {items.map((item) => (
            <ToastCard key={item.id} item={item} onDismiss={() => dismiss(item.id)} />
          ))}
        </ol>
      </section>
    </ToastContext.Provider>
  );
}

const toneIcon = { success: CircleCheck, error: CircleAlert, info: Info } as const;
const toneClass = { success: "text-success", error: "text-danger", info: "text-info" } as const;

function ToastCard({ item, onDismiss }: { item: ToastItem; onDismiss: () => void }) {
  const [paused, setPaused] = useState(false);
  const Icon = toneIcon[item.tone];

  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(onDismiss, item.duration);
    return () => clearTimeout(timer);
  }, [paused, item.duration, onDismiss]);

  return (
    <li
      className="pointer-events-auto flex animate-toast-in items-start gap-3 rounded-lg border border-border bg-surface p-4 text-sm shadow-raised"
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <Icon aria-hidden="true" className={cn("mt-0.5 size-5 shrink-0", toneClass[item.tone])} />
      <div className="grid min-w-0 flex-1 gap-0.5">
        <p className="font-semibold text-fg">{item.title}</p>
        {item.description && <p className="text-muted">{item.description}</p>}
      </div>
      <button
        type="button"
        onClick={onDismiss}
        className="-m-1 rounded-sm p-1 text-muted hover:bg-surface-muted hover:text-fg"
      >
        <X aria-hidden="true" className="size-4" />
        <span className="sr-only">{uiStrings.dismiss}</span>
      </button>
    </li>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast() needs a <ToastProvider> above it (AppShell mounts one for the portal and admin).");
  return api;
}
