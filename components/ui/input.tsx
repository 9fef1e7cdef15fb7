import type { ComponentPropsWithRef } from "react";
import { cn } from "./cn";
import { controlClasses, readOnlyClasses } from "./control-styles";

export type InputProps = ComponentPropsWithRef<"input">;

/** Text-like input. Put it inside <FormField> to get its label, hint and error wired up. */
export function Input({ className, type = "text", ...props }: InputProps) {
  return <input type={type} className={cn(controlClasses, readOnlyClasses, "h-10", className)} {...props} />;
}
