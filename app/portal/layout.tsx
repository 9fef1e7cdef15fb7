import type { Metadata } from "next";
import { PortalNav } from "@/components/portal/portal-nav";
import { portalStrings as t } from "@/components/portal/strings";
import { AppShell } from "@/components/ui/app-shell";
import { AccountFooter } from "@/components/auth/account-footer";
import { ImpersonationBanner } from "@/components/admin/impersonation-banner";
import { impersonatorEmail } from "@/lib/admin/impersonation";
import { currentActor } from "@/lib/auth/guards";

export const metadata: Metadata = {
  title: { default: t.dashboard.metaTitle, template: `%s · ${t.area} · Skyport` },
  robots: { index: false, follow: false },
};

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  // For display only: every page checks access itself (requireCustomer / requireStaff).
  const actor = await currentActor();
  const staffEmail = actor?.impersonatorId ? await impersonatorEmail(actor.impersonatorId) : null;
  return (
    <AppShell
      homeHref="/portal"
      homeLabel={t.home}
      areaLabel={t.area}
      navLabel={t.navLabel}
      menuLabel={t.menu}
      Nav={PortalNav}
      sidebarFooter={<AccountFooter email={actor?.email ?? null} backLabel={t.backToSiteShort} />}
    >
      {actor?.impersonatorId && <ImpersonationBanner customerEmail={actor.email} staffEmail={staffEmail} />}
      {children}
    </AppShell>
  );
}
