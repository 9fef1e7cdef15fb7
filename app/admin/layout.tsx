import type { Metadata } from "next";
import { CommandPalette } from "@/components/admin/command-palette";
import { AdminNav } from "@/components/admin/admin-nav";
import { adminStrings as t } from "@/components/admin/strings";
import { AppShell } from "@/components/ui/app-shell";
import { AccountFooter } from "@/components/auth/account-footer";
import { currentActor } from "@/lib/auth/guards";
import { isStaffRole } from "@/lib/auth/permissions";

export const metadata: Metadata = {
  title: { default: t.dashboard.metaTitle, template: `%s · ${t.area} · Skyport` },
  // The back office is never indexed, even if a link to it leaks.
  robots: { index: false, follow: false, nocache: true, googleBot: { index: false, follow: false } },
};

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  // For display only: every page checks access itself (requireCustomer / requireStaff).
  const actor = await currentActor();
  return (
    <AppShell
      dense
      homeHref="/admin"
      homeLabel={t.home}
      areaLabel={t.area}
      navLabel={t.navLabel}
      menuLabel={t.menu}
      Nav={AdminNav}
      sidebarFooter={<AccountFooter email={actor?.email ?? null} backLabel={t.backToSite} />}
    >
      {actor && isStaffRole(actor.role) && actor.twoFactorEnabled && <CommandPalette />}
      {children}
    </AppShell>
  );
}
