import type { ComponentPropsWithRef, ElementType } from "react";
import { cn } from "./cn";

type Props<T extends ElementType> = { as?: T } & ComponentPropsWithRef<T>;

/** Bordered surface. `as="section"`/`"article"` when it is a landmark or stands alone. */
export function Card<T extends ElementType = "div">({ as, className, ...props }: Props<T>) {
  const Component = (as ?? "div") as ElementType;
  return <Component className={cn("rounded-lg border border-border bg-surface shadow-card", className)} {...props} />;
}

export function CardHeader({ className, ...props }: ComponentPropsWithRef<"div">) {
  return <div className={cn("flex flex-col gap-1 p-5 pb-0 sm:p-6 sm:pb-0", className)} {...props} />;
}

/** Card heading; pick the level that fits the page outline (defaults to h2). */
export function CardTitle<T extends ElementType = "h2">({ as, className, ...props }: Props<T>) {
  const Component = (as ?? "h2") as ElementType;
  return <Component className={cn("text-base font-semibold tracking-tight text-fg", className)} {...props} />;
}

export function CardDescription({ className, ...props }: ComponentPropsWithRef<"p">) {
  return <p className={cn("text-sm text-muted", className)} {...props} />;
}

export function CardContent({ className, ...props }: ComponentPropsWithRef<"div">) {
  return <div className={cn("p-5 sm:p-6", className)} {...props} />;
}

export function CardFooter({ className, ...props }: ComponentPropsWithRef<"div">) {
  return (
    <div
      className={cn("flex flex-wrap items-center gap-3 border-t border-border px-5 py-4 sm:px-6", className)}
      {...props}
    />
  );
}
