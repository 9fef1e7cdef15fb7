/**
 * The portal/admin navigation list (rendered by AppShell in the sidebar and in the phone menu). Not a client
 * boundary itself: each area wraps it in a small "use client" component holding its groups (icons are components,
 * which cannot be passed from the server), e.g. components/admin/admin-nav.tsx.
 */
import type { LucideIcon } from "lucide-react";
import { cn } from "./cn";
import { NavLink } from "./nav-link";

export interface AppNavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  /** Active only on this exact path (the dashboard), not on everything below it. */
  exact?: boolean;
}

export interface AppNavGroup {
  /** Group heading (admin); omit for a flat list. */
  label?: string;
  items: AppNavItem[];
}

/** What AppShell passes to an area's navigation component. */
export interface AppNavListProps {
  /** Dense admin variant (the wide sidebar); the phone menu is never dense. */
  dense: boolean;
}

export function AppNavList({ groups, dense }: { groups: AppNavGroup[]; dense: boolean }) {
  return (
    <div className={cn("grid", dense ? "gap-4" : "gap-6")}>
      {groups.map((group, gi) => (
        <div key={group.label ?? gi}>
          {group.label && (
            <p className="mb-1 px-2.5 text-[11px] font-semibold tracking-wider text-muted uppercase">{group.label}</p>
          )}
          <ul className="grid gap-0.5">
            {group.items.map(({ href, label, icon: Icon, exact }) => (
              <li key={href}>
                <NavLink
                  href={href}
                  exact={exact}
                  className={cn(
                    "group flex items-center gap-2.5 rounded-md px-2.5 font-medium transition-colors",
                    dense ? "h-8 text-[13px]" : "h-10 text-sm",
                  )}
                  activeClassName="bg-brand-soft text-brand-soft-fg"
                  inactiveClassName="text-muted hover:bg-surface-muted hover:text-fg"
                >
                  <Icon aria-hidden="true" className={cn("shrink-0", dense ? "size-4" : "size-[18px]")} />
                  <span className="truncate">{label}</span>
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

