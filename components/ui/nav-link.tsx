"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ComponentProps } from "react";
import { cn } from "./cn";

export interface NavLinkProps extends Omit<ComponentProps<typeof Link>, "href"> {
  href: string;
  /** Active only on the exact path (dashboards), not on every path below it. */
  exact?: boolean;
  /** Added when this link is the current section (strings, so server components can pass them). */
  activeClassName?: string;
  inactiveClassName?: string;
}

/** A navigation link that marks the current section with aria-current="page". */
export function NavLink({ href, exact = false, className, activeClassName, inactiveClassName, ...props }: NavLinkProps) {
  const pathname = usePathname() ?? "";
  const active = exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn(className, active ? activeClassName : inactiveClassName)}
      {...props}
    />
  );
}
