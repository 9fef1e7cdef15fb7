import type { LucideIcon } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "./cn";
import { Logo } from "./logo";
import { MenuDisclosure } from "./menu-disclosure";
import { NavLink } from "./nav-link";
import { ToastProvider } from "./toast";

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

export interface AppShellProps {
  /** Where the logo leads (the area's dashboard). */
  homeHref: string;
  homeLabel: string;
  /** Small tag after the logo: "Portal", "Admin". */
  areaLabel: string;
  navLabel: string;
  menuLabel: string;
  groups: AppNavGroup[];
  /** Bottom of the sidebar (back to site, theme). */
  sidebarFooter?: ReactNode;
  /** Dense admin variant: narrower sidebar, tighter rows. */
  dense?: boolean;
  children: ReactNode;
}

function NavList({ groups, dense }: { groups: AppNavGroup[]; dense: boolean }) {
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

/**
 * Portal and admin frame: a sidebar on wide screens; on phones a top bar whose menu is a <details>
 * disclosure (works without JavaScript). The page goes in <main id="main"> (the skip link's target).
 */
export function AppShell({
  homeHref,
  homeLabel,
  areaLabel,
  navLabel,
  menuLabel,
  groups,
  sidebarFooter,
  dense = false,
  children,
}: AppShellProps) {
  const brand = (
    <Link href={homeHref} aria-label={homeLabel} className="flex items-center gap-2 rounded-md">
      <Logo className={dense ? "text-base" : undefined} />
      <span className="rounded-sm border border-border bg-surface px-1.5 py-0.5 text-[11px] font-semibold tracking-wide text-muted uppercase">
        {areaLabel}
      </span>
    </Link>
  );

  return (
    // Toasts confirm portal and admin actions; the public site has none, so its pages do not load the provider.
    <ToastProvider>
      <div className={cn("min-h-dvh bg-bg-subtle lg:grid", dense ? "lg:grid-cols-[14rem_1fr]" : "lg:grid-cols-[16rem_1fr]")}>
        <aside className="sticky top-0 hidden h-dvh flex-col border-r border-border bg-bg lg:flex">
          <div className={cn("flex items-center px-4", dense ? "h-14" : "h-16")}>{brand}</div>
          <nav aria-label={navLabel} className={cn("flex-1 overflow-y-auto px-3", dense ? "py-2" : "py-4")}>
            <NavList groups={groups} dense={dense} />
          </nav>
          {sidebarFooter && <div className="border-t border-border p-3">{sidebarFooter}</div>}
        </aside>

        <div className="flex min-w-0 flex-col">
          <header className="sticky top-0 z-30 border-b border-border bg-bg/90 backdrop-blur lg:hidden">
            <div className="relative flex h-14 items-center justify-between px-4">
              {brand}
              <MenuDisclosure label={menuLabel} panelClassName="max-h-[calc(100dvh-3.5rem)] overflow-y-auto">
                <nav aria-label={navLabel} className="px-3 py-3">
                  <NavList groups={groups} dense={false} />
                </nav>
                {sidebarFooter && <div className="border-t border-border p-3">{sidebarFooter}</div>}
              </MenuDisclosure>
            </div>
          </header>
          <main id="main" tabIndex={-1} className="flex-1 focus:outline-none">
            <div className={cn("mx-auto w-full", dense ? "max-w-[90rem] px-4 py-6 sm:px-6" : "max-w-6xl px-4 py-8 sm:px-8")}>
              {children}
            </div>
          </main>
        </div>
      </div>
    </ToastProvider>
  );
}
