/** First focusable element on every page: jumps over the navigation to <main id="main">. */
export function SkipLink({ href = "#main", children = "Skip to content" }: { href?: string; children?: React.ReactNode }) {
  return (
    <a
      href={href}
      // Parked above the viewport rather than sr-only, so it keeps its padding when it slides in on focus.
      className="fixed top-3 left-3 z-50 -translate-y-[200%] rounded-md bg-brand px-4 py-2 text-sm font-semibold text-brand-fg transition-transform focus:translate-y-0 focus:shadow-raised"
    >
      {children}
    </a>
  );
}
