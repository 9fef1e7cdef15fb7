import type { ComponentPropsWithRef } from "react";
import { cn } from "./cn";
import { uiStrings } from "./strings";

/** A grey placeholder block; hidden from screen readers (wrap groups in <SkeletonGroup>). */
export function Skeleton({ className, ...props }: ComponentPropsWithRef<"div">) {
  return (
    <div
      aria-hidden="true"
      className={cn("animate-pulse-soft rounded-md bg-surface-muted motion-reduce:animate-none", className)}
      {...props}
    />
  );
}

/** Several lines of text-shaped placeholders. */
export function SkeletonText({ lines = 3, className }: { lines?: number; className?: string }) {
  return (
    <div aria-hidden="true" className={cn("grid gap-2", className)}>
      {Array.from({ length: lines }, (_, i) => (
        <Skeleton key={i} className={cn("h-3.5", i === lines - 1 && lines > 1 ? "w-2/3" : "w-full")} />
      ))}
    </div>
  );
}

/** Wraps placeholders so assistive technology hears "Loading…" once instead of nothing. */
export function SkeletonGroup({
  label = uiStrings.loading,
  className,
  children,
}: {
  label?: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div role="status" aria-live="polite" className={className}>
      <span className="sr-only">{label}</span>
      {children}
    </div>
  );
}
