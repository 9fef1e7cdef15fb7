import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "./cn";

export interface EmptyStateProps {
  icon?: LucideIcon;
  /** Says what is missing: "No devices yet". */
  title: ReactNode;
  /** Says why it matters or what happens next. */
  description?: ReactNode;
  /** The one next step, usually a ButtonLink. */
  action?: ReactNode;
  /** Heading level that fits the page outline. */
  headingLevel?: 2 | 3 | 4;
  size?: "sm" | "md";
  /** Dashed frame (default); turn off inside a Card, which already frames it. */
  bordered?: boolean;
  className?: string;
}

/** What an empty list shows: what is missing and the one thing to do about it. */
export function EmptyState({
  icon: Icon,
  title,
  description,
  action,
  headingLevel = 3,
  size = "md",
  bordered = true,
  className,
}: EmptyStateProps) {
  const Heading = `h${headingLevel}` as const;
  return (
    <div
      className={cn(
        "flex flex-col items-center text-center",
        bordered && "rounded-lg border border-dashed border-border-strong bg-bg-subtle",
        size === "sm" ? "gap-2 px-4 py-6" : "gap-3 px-6 py-10",
        className,
      )}
    >
      {Icon && (
        <span className="mb-1 grid size-11 place-items-center rounded-full bg-brand-soft text-brand-soft-fg">
          <Icon aria-hidden="true" className="size-5" />
        </span>
      )}
      <Heading className="text-base font-semibold text-fg">{title}</Heading>
      {description && <p className="max-w-sm text-sm text-muted">{description}</p>}
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}
