import Link from "next/link";
import type { ComponentType, ReactNode } from "react";
import type { AppNavListProps } from "./app-nav-list";
import { cn } from "./cn";
import { Logo } from "./logo";
import { MenuDisclosure } from "./menu-disclosure";
import { ToastProvider } from "./toast";

export type { AppNavGroup, AppNavItem, AppNavListProps } from "./app-nav-list";

export interface AppShellProps {
  /** Where the logo leads (the area's dashboard). */
  homeHref: string;
  homeLabel: string;
  /** Small tag after the logo: "Portal", "Admin". */
  areaLabel: string;
  navLabel: string;
  menuLabel: string;
  /**
   * The area's navigation list: a client component rendering `<AppNavList groups={…} dense={dense} />` with the
   * area's groups (components/admin/admin-nav.tsx). It is drawn twice (sidebar and phone menu); as a client
   * component the server sends a reference instead of both copies' links and icons in every page's RSC payload
   * (issue #9: the two copies were 38% of the admin invoices page's payload).
   */
  Nav: ComponentType<AppNavListProps>;
  /** Bottom of the sidebar (back to site, theme). */
  sidebarFooter?: ReactNode;
  /** Dense admin variant: narrower sidebar, tighter rows. */
  dense?: boolean;
  children: ReactNode;
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
  Nav,
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
            <Nav dense={dense} />
          </nav>
          {sidebarFooter && <div className="border-t border-border p-3">{sidebarFooter}</div>}
        </aside>

        <div className="flex min-w-0 flex-col">
          <header className="sticky top-0 z-30 border-b border-border bg-bg/90 backdrop-blur lg:hidden">
            <div className="relative flex h-14 items-center justify-between px-4">
              {brand}
              <MenuDisclosure label={menuLabel} panelClassName="max-h-[calc(100dvh-3.5rem)] overflow-y-auto">
                <nav aria-label={navLabel} className="px-3 py-3">
                  <Nav dense={false} />
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
