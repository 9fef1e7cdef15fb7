import {
  Activity,
  Ban,
  Building2,
  KeyRound,
  Mail,
  Undo2,
  Boxes,
  CreditCard,
  FileText,
  LayoutDashboard,
  LifeBuoy,
  ListChecks,
  Percent,
  MonitorSmartphone,
  Package,
  Palette,
  Receipt,
  ScrollText,
  Server,
  Settings,
  ShieldCheck,
  ShoppingCart,
  Star,
  Tag,
  UserCog,
  Users,
  Wrench,
} from "lucide-react";
import type { AppNavGroup } from "@/components/ui/app-nav-list";
import { adminStrings } from "./strings";

const t = adminStrings.nav;
const g = adminStrings.groups;

export const adminNav: AppNavGroup[] = [
  { items: [{ href: "/admin", label: t.dashboard, icon: LayoutDashboard, exact: true }] },
  {
    label: g.sales,
    items: [
      { href: "/admin/customers", label: t.customers, icon: Users },
      { href: "/admin/organizations", label: "Organizations", icon: Building2 },
      { href: "/admin/orders", label: t.orders, icon: ShoppingCart },
      { href: "/admin/services", label: t.services, icon: Package },
      { href: "/admin/invoices", label: t.invoices, icon: Receipt },
      { href: "/admin/payments", label: t.payments, icon: CreditCard },
      { href: "/admin/refunds", label: "Refunds", icon: Undo2 },
    ],
  },
  {
    label: g.catalogue,
    items: [
      { href: "/admin/products", label: t.products, icon: Boxes },
      { href: "/admin/coupons", label: "Coupons", icon: Tag },
      { href: "/admin/tax-rates", label: "Tax rates", icon: Percent },
    ],
  },
  {
    label: g.vpn,
    items: [
      { href: "/admin/vpn-servers", label: t.vpnServers, icon: Server },
      { href: "/admin/devices", label: t.devices, icon: MonitorSmartphone },
      { href: "/admin/vip", label: "VIP list", icon: Star },
    ],
  },
  {
    label: g.support,
    items: [
      { href: "/admin/tickets", label: t.tickets, icon: LifeBuoy },
      { href: "/admin/support", label: "Support settings", icon: Wrench },
    ],
  },
  {
    label: g.content,
    items: [
      { href: "/admin/content", label: t.content, icon: FileText },
      { href: "/admin/appearance", label: "Appearance", icon: Palette },
    ],
  },
  {
    label: g.system,
    items: [
      { href: "/admin/settings", label: t.settings, icon: Settings },
      { href: "/admin/staff", label: t.staff, icon: UserCog },
      { href: "/admin/security", label: t.security, icon: ShieldCheck },
      { href: "/admin/auth-events", label: "Sign-in events", icon: Activity },
      { href: "/admin/blocked-ips", label: "Blocked addresses", icon: Ban },
      { href: "/admin/api-tokens", label: "API tokens", icon: KeyRound },
      { href: "/admin/email-outbox", label: "Email outbox", icon: Mail },
      { href: "/admin/audit-log", label: t.auditLog, icon: ScrollText },
      { href: "/admin/jobs", label: t.jobs, icon: ListChecks },
    ],
  },
];
