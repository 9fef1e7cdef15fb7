import type { Metadata } from "next";
import { portalNav } from "@/components/portal/navigation";
import { portalStrings as t } from "@/components/portal/strings";
import { AppShell } from "@/components/ui/app-shell";
import { SidebarFooter } from "@/components/ui/sidebar-footer";

export const metadata: Metadata = {
  title: { default: t.dashboard.metaTitle, template: `%s · ${t.area} · Skyport` },
  robots: { index: false, follow: false },
};

export default function PortalLayout({ children }: { children: React.ReactNode }) {
  return (
    <AppShell
      homeHref="/portal"
      homeLabel={t.home}
      areaLabel={t.area}
      navLabel={t.navLabel}
      menuLabel={t.menu}
      groups={portalNav}
      sidebarFooter={<SidebarFooter backLabel={t.backToSiteShort} />}
    >
      {children}
    </AppShell>
  );
}
