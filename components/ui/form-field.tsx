import { CircleAlert } from "lucide-react";
import { cloneElement, isValidElement, type ReactElement, type ReactNode } from "react";
import { cn } from "./cn";

interface ControlProps {
  id?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean | "true" | "false";
  required?: boolean;
}

export interface FormFieldProps {
  label: ReactNode;
  /** Id of the control; defaults to `field-<name>`. */
  id?: string;
  name?: string;
  hint?: ReactNode;
  /** A client-side or server-side error; marks the control invalid and is read with it. */
  error?: ReactNode;
  required?: boolean;
  /** Shows "(optional)" after the label, for forms where most fields are required. */
  optional?: boolean;
  className?: string;
  /** One control (Input, Select, Textarea…): it receives id, aria-describedby, aria-invalid and required. */
  children: ReactElement<ControlProps>;
}

/** Label + control + hint + error, wired for screen readers. */
export function FormField({ label, id, name, hint, error, required, optional, className, children }: FormFieldProps) {
  const controlId = id ?? children.props.id ?? `field-${name ?? "control"}`;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy =
    [children.props["aria-describedby"], hintId, errorId].filter(Boolean).join(" ") || undefined;

  const control = isValidElement(children)
    ? cloneElement(children, {
        id: controlId,
        "aria-describedby": describedBy,
        "aria-invalid": error ? true : children.props["aria-invalid"],
        required: required ?? children.props.required,
      })
    : children;

  return (
    <div className={cn("grid gap-1.5", className)}>
      <label htmlFor={controlId} className="text-sm font-medium text-fg">
        {label}
        {optional && <span className="font-normal text-muted"> (optional)</span>}
      </label>
      {control}
      {hint && (
        <p id={hintId} className="text-sm text-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="flex items-start gap-1.5 text-sm font-medium text-danger">
          <CircleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          <span>{error}</span>
        </p>
      )}
    </div>
  );
}
