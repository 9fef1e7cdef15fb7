import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { Skeleton, SkeletonGroup, SkeletonText } from "@/components/ui/skeleton";

export default function OrganizationsLoading() {
  return (
    <SkeletonGroup className="grid gap-6">
      <div className="grid gap-2">
        <Skeleton className="h-7 w-48" />
        <Skeleton className="h-4 w-full max-w-md" />
      </div>
      <Card>
        <CardHeader>
          <Skeleton className="h-5 w-40" />
        </CardHeader>
        <CardContent className="grid gap-4">
          {Array.from({ length: 3 }, (_, i) => (
            <div key={i} className="flex items-center gap-3">
              <Skeleton className="size-9 rounded-full" />
              <SkeletonText lines={2} className="flex-1" />
            </div>
          ))}
        </CardContent>
      </Card>
    </SkeletonGroup>
  );
}
