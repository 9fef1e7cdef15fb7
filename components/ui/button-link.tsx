import Link from "next/link";
import type { ComponentPropsWithRef, ReactNode } from "react";
import { buttonClasses, type ButtonStyleProps } from "./button";

export interface ButtonLinkProps extends ComponentPropsWithRef<typeof Link>, ButtonStyleProps {
  icon?: ReactNode;
}

/** A link that looks like a button: navigation stays a link for screen readers and middle-click. */
export function ButtonLink({ variant, size, fullWidth, icon, className, children, ...props }: ButtonLinkProps) {
  return (
    <Link className={buttonClasses({ variant, size, fullWidth }, className)} {...props}>
      {icon}
      {children}
    </Link>
  );
}
