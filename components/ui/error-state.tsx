import type { LucideIcon } from "lucide-react";
import type { ComponentType, ReactNode, SVGProps } from "react";
import { cn } from "./cn";
import { CloudOffIcon } from "./inline-icons";

export interface ErrorStateProps {
  /** What happened, in plain words. */
  title: ReactNode;
  /** What the person can do about it. */
  description?: ReactNode;
  /** Retry button and/or a way out (home, support). */
  actions?: ReactNode;
  /** Server error digest, shown small so support can match it to the logs. */
  reference?: string;
  referenceLabel?: string;
  icon?: LucideIcon | ComponentType<SVGProps<SVGSVGElement>>;
  headingLevel?: 1 | 2 | 3;
  className?: string;
}

/** What a failed list, page or section shows: what happened and how to retry. */
export function ErrorState({
  title,
  description,
  actions,
  reference,
  referenceLabel = "Reference",
  icon: Icon = CloudOffIcon,
  headingLevel = 2,
  className,
}: ErrorStateProps) {
  const Heading = `h${headingLevel}` as const;
  return (
    <div className={cn("flex flex-col items-center gap-3 px-6 py-10 text-center", className)}>
      <span className="mb-1 grid size-12 place-items-center rounded-full bg-danger-soft text-danger-soft-fg">
        <Icon aria-hidden="true" className="size-6" />
      </span>
      <Heading className={cn("font-semibold tracking-tight text-fg", headingLevel === 1 ? "text-2xl" : "text-lg")}>
        {title}
      </Heading>
      {description && <p className="max-w-md text-sm text-muted">{description}</p>}
      {actions && <div className="mt-2 flex flex-wrap justify-center gap-3">{actions}</div>}
      {reference && (
        <p className="mt-2 text-xs text-muted">
          {referenceLabel}: <code className="font-mono">{reference}</code>
        </p>
      )}
    </div>
  );
}
