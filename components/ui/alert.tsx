import { CircleAlert, CircleCheck, Info, TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "./cn";

export type AlertTone = "info" | "success" | "warning" | "danger";

const tones: Record<AlertTone, string> = {
  info: "border-info/30 bg-info-soft text-info-soft-fg",
  success: "border-success/30 bg-success-soft text-success-soft-fg",
  warning: "border-warning/30 bg-warning-soft text-warning-soft-fg",
  danger: "border-danger/30 bg-danger-soft text-danger-soft-fg",
};
const icons = { info: Info, success: CircleCheck, warning: TriangleAlert, danger: CircleAlert } as const;

export interface AlertProps {
  tone?: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  /** An action such as a retry link, shown after the text. */
  action?: ReactNode;
  /** role="alert" interrupts screen readers: only for errors that appear after a user action. */
  live?: boolean;
  className?: string;
}

/** An inline message with an icon and words (colour is never the only signal). */
export function Alert({ tone = "info", title, children, action, live = false, className }: AlertProps) {
  const Icon = icons[tone];
  return (
    <div
      role={live ? (tone === "danger" ? "alert" : "status") : undefined}
      className={cn("flex gap-3 rounded-md border p-4 text-sm", tones[tone], className)}
    >
      <Icon aria-hidden="true" className="mt-0.5 size-5 shrink-0" />
      <div className="grid min-w-0 flex-1 gap-1">
        {title && <p className="font-semibold">{title}</p>}
        {children && <div className="opacity-90">{children}</div>}
        {action && <div className="mt-2">{action}</div>}
      </div>
    </div>
  );
}
