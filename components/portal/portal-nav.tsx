"use client";
/** The portal's navigation list (AppShell's `Nav`): a client component, see AppShellProps.Nav for why. */
import { AppNavList, type AppNavListProps } from "@/components/ui/app-nav-list";
import { portalNav } from "./navigation";

export function PortalNav({ dense }: AppNavListProps) {
  return <AppNavList groups={portalNav} dense={dense} />;
}
