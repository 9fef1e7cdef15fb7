"use client";
/** The back office's navigation list (AppShell's `Nav`): a client component, see AppShellProps.Nav for why. */
import { AppNavList, type AppNavListProps } from "@/components/ui/app-nav-list";
import { adminNav } from "./navigation";

export function AdminNav({ dense }: AppNavListProps) {
  return <AppNavList groups={adminNav} dense={dense} />;
}
