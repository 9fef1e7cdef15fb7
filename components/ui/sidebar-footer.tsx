import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { ThemeToggle } from "./theme-toggle";

/** Bottom of the portal/admin sidebar: a way back to the public site and the theme choice. */
export function SidebarFooter({ backHref = "/", backLabel }: { backHref?: string; backLabel: string }) {
  return (
    <div className="flex items-center justify-between gap-2">
      <Link
        href={backHref}
        className="inline-flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm whitespace-nowrap text-muted hover:bg-surface-muted hover:text-fg"
      >
        <ArrowLeft aria-hidden="true" className="size-4" />
        {backLabel}
      </Link>
      <ThemeToggle />
    </div>
  );
}
