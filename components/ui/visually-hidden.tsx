import type { ComponentPropsWithoutRef, ElementType } from "react";

type VisuallyHiddenProps<T extends ElementType> = { as?: T } & ComponentPropsWithoutRef<T>;

/** Text for screen readers only (e.g. the label of an icon-only button). */
export function VisuallyHidden<T extends ElementType = "span">({ as, ...props }: VisuallyHiddenProps<T>) {
  const Component = (as ?? "span") as ElementType;
  return <Component className="sr-only" {...props} />;
}
