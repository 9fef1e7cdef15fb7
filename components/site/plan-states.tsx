import { PackageOpen, RefreshCw } from "lucide-react";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton, SkeletonGroup, SkeletonText } from "@/components/ui/skeleton";
import { siteStrings } from "./strings";

const t = siteStrings.plans;

/** The database could not be read: say so, and offer a reload (a link, so it works without JavaScript). */
export function PlansUnavailable({ retryHref }: { retryHref: string }) {
  return (
    <div role="status" className="rounded-xl border border-border bg-surface shadow-card" data-testid="plans-unavailable">
      <ErrorState
        title={t.unavailableTitle}
        description={t.unavailableText}
        headingLevel={3}
        actions={
          // A plain link: a full reload asks the server again, with or without JavaScript.
          <a href={retryHref} className={buttonClasses({ variant: "secondary" })}>
            <RefreshCw aria-hidden="true" className="size-4" />
            {t.retry}
          </a>
        }
      />
    </div>
  );
}

export function PlansEmpty() {
  return <EmptyState icon={PackageOpen} title={t.emptyTitle} description={t.emptyText} />;
}

export function PlanGridSkeleton({ count = 3 }: { count?: number }) {
  return (
    <SkeletonGroup label={t.loading} className="grid gap-6 md:grid-cols-2 lg:grid-cols-3">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="rounded-xl border border-border bg-surface p-6 shadow-card sm:p-7">
          <Skeleton className="h-6 w-28" />
          <Skeleton className="mt-3 h-4 w-44" />
          <Skeleton className="mt-6 h-10 w-36" />
          <SkeletonText lines={4} className="mt-8" />
          <Skeleton className="mt-8 h-12 w-full" />
        </div>
      ))}
    </SkeletonGroup>
  );
}
