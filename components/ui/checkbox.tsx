import type { ComponentPropsWithRef, ReactNode } from "react";
import { cn } from "./cn";

export interface CheckboxProps extends Omit<ComponentPropsWithRef<"input">, "type"> {
  label: ReactNode;
  /** A line under the label; linked with aria-describedby. */
  description?: ReactNode;
  error?: ReactNode;
}

/** Native checkbox with its label; the whole row is clickable. */
export function Checkbox({ id, name, label, description, error, className, ...props }: CheckboxProps) {
  const inputId = id ?? (name ? `field-${name}` : undefined);
  const descriptionId = description && inputId ? `${inputId}-description` : undefined;
  const errorId = error && inputId ? `${inputId}-error` : undefined;
  const describedBy = [descriptionId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("flex items-start gap-3", className)}>
      <input
        id={inputId}
        name={name}
        type="checkbox"
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        className="mt-0.5 size-4 shrink-0 cursor-pointer rounded-sm border border-border-strong accent-brand disabled:cursor-not-allowed"
        {...props}
      />
      <div className="grid gap-0.5 text-sm">
        <label htmlFor={inputId} className="cursor-pointer font-medium text-fg">
          {label}
        </label>
        {description && (
          <p id={descriptionId} className="text-muted">
            {description}
          </p>
        )}
        {error && (
          <p id={errorId} className="font-medium text-danger">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
