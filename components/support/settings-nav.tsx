import Link from "next/link";
import { cn } from "@/components/ui/cn";

const LINKS = [
  { href: "/admin/support", label: "Departments & SLA" },
  { href: "/admin/support/canned-replies", label: "Canned replies" },
  { href: "/admin/support/announcements", label: "Announcements" },
  { href: "/admin/support/maintenance", label: "Maintenance" },
];

/** Support settings sections: pages, so links with aria-current (not ARIA tabs). */
export function SupportSettingsNav({ current }: { current: string }) {
  return (
    <nav aria-label="Support settings" className="-mx-1 flex gap-1 overflow-x-auto border-b border-border">
      {LINKS.map((l) => (
        <Link
          key={l.href}
          href={l.href}
          aria-current={l.href === current ? "page" : undefined}
          className={cn("border-b-2 px-3 py-2 text-sm whitespace-nowrap", l.href === current ? "border-brand font-medium text-fg" : "border-transparent text-muted hover:text-fg")}
        >
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
