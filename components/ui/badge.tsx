import type { ComponentPropsWithRef } from "react";
import { cn } from "./cn";

export type BadgeTone = "neutral" | "info" | "success" | "warning" | "danger" | "brand";

const tones: Record<BadgeTone, string> = {
  neutral: "bg-neutral-soft text-neutral-soft-fg",
  info: "bg-info-soft text-info-soft-fg",
  brand: "bg-brand-soft text-brand-soft-fg",
  success: "bg-success-soft text-success-soft-fg",
  warning: "bg-warning-soft text-warning-soft-fg",
  danger: "bg-danger-soft text-danger-soft-fg",
};

const dots: Record<BadgeTone, string> = {
  neutral: "bg-muted",
  info: "bg-info",
  brand: "bg-brand",
  success: "bg-success",
  warning: "bg-warning",
  danger: "bg-danger",
};

export interface BadgeProps extends ComponentPropsWithRef<"span"> {
  tone?: BadgeTone;
  /** A leading dot in the tone colour; decorative, the text carries the meaning. */
  dot?: boolean;
}

export function Badge({ tone = "neutral", dot = false, className, children, ...props }: BadgeProps) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium whitespace-nowrap",
        tones[tone],
        className,
      )}
      {...props}
    >
      {dot && <span aria-hidden="true" className={cn("size-1.5 shrink-0 rounded-full", dots[tone])} />}
      {children}
    </span>
  );
}

/**
 * The one status vocabulary for services, invoices, devices, servers, tickets and jobs. Each status has a
 * tone and a word: colour is never the only signal. Labels live here so they are translated once.
 */
export const STATUSES = {
  active: { tone: "success", label: "Active" },
  paid: { tone: "success", label: "Paid" },
  online: { tone: "success", label: "Online" },
  succeeded: { tone: "success", label: "Succeeded" },
  completed: { tone: "success", label: "Completed" },
  resolved: { tone: "success", label: "Resolved" },
  healthy: { tone: "success", label: "Healthy" },
  pending: { tone: "warning", label: "Pending" },
  unpaid: { tone: "warning", label: "Unpaid" },
  degraded: { tone: "warning", label: "Degraded" },
  trialing: { tone: "info", label: "Trial" },
  provisioning: { tone: "info", label: "Provisioning" },
  processing: { tone: "info", label: "Processing" },
  running: { tone: "info", label: "Running" },
  queued: { tone: "neutral", label: "Queued" },
  open: { tone: "info", label: "Open" },
  answered: { tone: "info", label: "Answered" },
  awaiting_reply: { tone: "warning", label: "Awaiting reply" },
  suspended: { tone: "danger", label: "Suspended" },
  overdue: { tone: "danger", label: "Overdue" },
  offline: { tone: "danger", label: "Offline" },
  failed: { tone: "danger", label: "Failed" },
  dead: { tone: "danger", label: "Dead letter" },
  cancelled: { tone: "neutral", label: "Cancelled" },
  closed: { tone: "neutral", label: "Closed" },
  terminated: { tone: "neutral", label: "Terminated" },
  refunded: { tone: "neutral", label: "Refunded" },
  draft: { tone: "neutral", label: "Draft" },
  published: { tone: "success", label: "Published" },
  scheduled: { tone: "info", label: "Scheduled" },
  expired: { tone: "neutral", label: "Expired" },
  maintenance: { tone: "warning", label: "Maintenance" },
} as const satisfies Record<string, { tone: BadgeTone; label: string }>;

export type Status = keyof typeof STATUSES;

export function statusTone(status: string): BadgeTone {
  return (STATUSES as Record<string, { tone: BadgeTone }>)[status]?.tone ?? "neutral";
}

/** "awaiting_reply" → "Awaiting reply", for statuses the table above does not know yet. */
function humanize(status: string): string {
  const words = status.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function statusLabel(status: string): string {
  return (STATUSES as Record<string, { label: string }>)[status]?.label ?? humanize(status);
}

export interface StatusBadgeProps extends Omit<BadgeProps, "tone" | "children"> {
  status: Status | (string & {});
  /** Overrides the word, e.g. "Overdue by 3 days"; the tone still comes from the status. */
  label?: string;
}

export function StatusBadge({ status, label, dot = true, ...props }: StatusBadgeProps) {
  return (
    <Badge tone={statusTone(status)} dot={dot} data-status={status} {...props}>
      {label ?? statusLabel(status)}
    </Badge>
  );
}
