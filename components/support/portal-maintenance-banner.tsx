import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { formatDateTime } from "@/lib/format/dates";
import { listCurrentMaintenance } from "@/lib/support/status";

/** The portal dashboard's maintenance notice: work under way or starting within 7 days, or nothing. */
export async function PortalMaintenanceBanner() {
  let windows: Awaited<ReturnType<typeof listCurrentMaintenance>> = [];
  try {
    windows = await listCurrentMaintenance(new Date(), 7);
  } catch {
    return null;
  }
  if (windows.length === 0) return null;
  const first = windows[0]!;
  return (
    <Alert
      tone={first.type === "emergency" || first.state === "in_progress" ? "warning" : "info"}
      title={first.state === "in_progress" ? `Maintenance now: ${first.title}` : `Planned maintenance: ${first.title}`}
      action={
        <Link href="/status" className="text-sm font-medium underline">
          Status page
        </Link>
      }
    >
      <span data-testid="portal-maintenance">
        {formatDateTime(first.startsAt)} – {formatDateTime(first.endsAt)} UTC
        {windows.length > 1 && ` (and ${windows.length - 1} more)`}
      </span>
    </Alert>
  );
}
