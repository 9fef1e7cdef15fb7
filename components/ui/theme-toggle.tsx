"use client";

import { Monitor, Moon, Sun } from "lucide-react";
import { useEffect, useState } from "react";
import { cn } from "./cn";
import { uiStrings } from "./strings";
import { THEME_STORAGE_KEY } from "./theme-script";

type Choice = "system" | "light" | "dark";

const options: Array<{ value: Choice; label: string; Icon: typeof Sun }> = [
  { value: "system", label: uiStrings.themeSystem, Icon: Monitor },
  { value: "light", label: uiStrings.themeLight, Icon: Sun },
  { value: "dark", label: uiStrings.themeDark, Icon: Moon },
];

/** System / light / dark, remembered in this browser. */
export function ThemeToggle({ className }: { className?: string }) {
  const [choice, setChoice] = useState<Choice>("system");

  useEffect(() => {
    const saved = document.documentElement.dataset.theme;
    if (saved === "light" || saved === "dark") setChoice(saved);
  }, []);

  const apply = (value: Choice) => {
    setChoice(value);
    const root = document.documentElement;
    try {
      if (value === "system") {
        delete root.dataset.theme;
        localStorage.removeItem(THEME_STORAGE_KEY);
      } else {
        root.dataset.theme = value;
        localStorage.setItem(THEME_STORAGE_KEY, value);
      }
    } catch {
      // Storage can be blocked (private mode); the choice still applies to this page.
    }
  };

  return (
    <div
      role="group"
      aria-label={uiStrings.theme}
      className={cn("inline-flex items-center gap-0.5 rounded-full border border-border bg-surface p-0.5", className)}
    >
      {options.map(({ value, label, Icon }) => (
        <button
          key={value}
          type="button"
          aria-pressed={choice === value}
          title={label}
          onClick={() => apply(value)}
          className={cn(
            "grid size-7 place-items-center rounded-full transition-colors",
            choice === value ? "bg-surface-muted text-fg" : "text-muted hover:text-fg",
          )}
        >
          <Icon aria-hidden="true" className="size-3.5" />
          <span className="sr-only">{label}</span>
        </button>
      ))}
    </div>
  );
}
