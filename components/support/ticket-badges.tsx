import { Badge, type BadgeTone } from "@/components/ui/badge";
import { supportStrings } from "./strings";

const STATUS_TONES: Record<string, BadgeTone> = {
  open: "info",
  awaiting_staff: "warning",
  awaiting_customer: "brand",
  resolved: "success",
  closed: "neutral",
};

export function TicketStatusBadge({ status, audience }: { status: string; audience: "customer" | "staff" }) {
  const labels = audience === "customer" ? supportStrings.statusForCustomer : supportStrings.statusForStaff;
  return (
    <Badge tone={STATUS_TONES[status] ?? "neutral"} dot data-status={status}>
      {labels[status] ?? status}
    </Badge>
  );
}

const PRIORITY_TONES: Record<string, BadgeTone> = { low: "neutral", normal: "info", high: "warning", urgent: "danger" };

export function PriorityBadge({ priority }: { priority: string }) {
  return <Badge tone={PRIORITY_TONES[priority] ?? "neutral"}>{supportStrings.priority[priority] ?? priority}</Badge>;
}
