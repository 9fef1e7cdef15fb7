import { cn } from "./cn";

/** The Skyport mark: a paper plane over a horizon, drawn with the brand colour (follows the theme). */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" className={cn("size-7 shrink-0", className)}>
      <rect width="32" height="32" rx="8" className="fill-brand" />
      <path d="M7 16.5 24.5 8.5 20 24l-4.5-5.2L7 16.5Z" className="fill-brand-fg" />
      <path d="M15.5 18.8 24.5 8.5 13.6 17.9l1.9.9Z" className="fill-brand" opacity="0.35" />
    </svg>
  );
}

/** Mark + word. The accessible name comes from the link that wraps it. */
export function Logo({ className, label = "Skyport" }: { className?: string; label?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2 text-lg font-semibold tracking-tight text-fg", className)}>
      <LogoMark />
      <span>{label}</span>
    </span>
  );
}
