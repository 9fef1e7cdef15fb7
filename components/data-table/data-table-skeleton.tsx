import { Skeleton, SkeletonGroup } from "@/components/ui/skeleton";

/**
 * What a table shows while its first page loads (ServerDataTable's Suspense fallback, or a route's loading.tsx
 * with `withHeader`). Same frame as the table, so nothing jumps when it arrives.
 */
export function DataTableSkeleton({ title, columns = 6, rows = 10, withHeader = true }: { title?: string; columns?: number; rows?: number; withHeader?: boolean }) {
  return (
    <SkeletonGroup label={title ? `Loading ${title.toLowerCase()}…` : undefined} className="grid min-w-0 gap-6">
      {withHeader && (
        <div className="grid gap-2">
          <Skeleton className="h-7 w-48" />
          <Skeleton className="h-4 w-72 max-w-full" />
        </div>
      )}
      <div className="flex flex-wrap gap-2">
        <Skeleton className="h-9 min-w-48 flex-1" />
        <Skeleton className="h-9 w-24" />
        <Skeleton className="h-9 w-24" />
        <Skeleton className="h-9 w-28" />
      </div>
      <div className="overflow-hidden rounded-lg border border-border bg-surface">
        <div className="flex gap-4 border-b border-border bg-bg-subtle px-4 py-3">
          {Array.from({ length: columns }, (_, i) => (
            <Skeleton key={i} className="h-3 flex-1" />
          ))}
        </div>
        {Array.from({ length: rows }, (_, r) => (
          <div key={r} className="flex gap-4 border-b border-border px-4 py-3 last:border-0">
            {Array.from({ length: columns }, (_, i) => (
              <Skeleton key={i} className="h-3.5 flex-1" />
            ))}
          </div>
        ))}
      </div>
    </SkeletonGroup>
  );
}
