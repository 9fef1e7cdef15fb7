import type { ComponentPropsWithRef } from "react";
import { cn } from "./cn";
import { controlClasses, readOnlyClasses } from "./control-styles";

export type TextareaProps = ComponentPropsWithRef<"textarea">;

export function Textarea({ className, rows = 4, ...props }: TextareaProps) {
  return <textarea rows={rows} className={cn(controlClasses, readOnlyClasses, "min-h-20 py-2 leading-relaxed", className)} {...props} />;
}
