import { Building2, LayoutDashboard, Wallet, LifeBuoy, MonitorSmartphone, Package, Receipt, UserRound } from "lucide-react";
import type { AppNavGroup } from "@/components/ui/app-nav-list";
import { organizationStrings } from "./organizations/strings";
import { portalStrings } from "./strings";

const t = portalStrings.nav;

export const portalNav: AppNavGroup[] = [
  {
    items: [
      { href: "/portal", label: t.dashboard, icon: LayoutDashboard, exact: true },
      { href: "/portal/services", label: t.services, icon: Package },
      { href: "/portal/devices", label: t.devices, icon: MonitorSmartphone },
      { href: "/portal/invoices", label: t.invoices, icon: Receipt },
      { href: "/portal/billing", label: "Billing", icon: Wallet },
      { href: "/portal/tickets", label: t.tickets, icon: LifeBuoy },
      { href: "/portal/organizations", label: organizationStrings.nav, icon: Building2 },
      { href: "/portal/account", label: t.account, icon: UserRound },
    ],
  },
];
