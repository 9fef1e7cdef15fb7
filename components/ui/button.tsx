import type { ComponentPropsWithRef, ReactNode } from "react";
import { cn } from "./cn";
import { Spinner } from "./spinner";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger" | "inverse";
export type ButtonSize = "sm" | "md" | "lg" | "icon" | "icon-sm";

const base =
  "inline-flex shrink-0 items-center justify-center gap-2 whitespace-nowrap font-medium select-none " +
  "transition-colors duration-150 focus-visible:outline-2 focus-visible:outline-offset-2 " +
  "disabled:pointer-events-none disabled:opacity-55 aria-disabled:pointer-events-none aria-disabled:opacity-55";

const variants: Record<ButtonVariant, string> = {
  primary: "bg-brand text-brand-fg shadow-card hover:bg-brand-hover",
  secondary: "border border-border-strong bg-surface text-fg shadow-card hover:bg-surface-muted",
  ghost: "text-fg hover:bg-surface-muted",
  danger: "bg-danger text-danger-fg shadow-card hover:bg-danger-hover",
  /** On a brand-coloured panel. */
  inverse: "bg-surface text-brand shadow-raised hover:bg-surface-muted",
};

const sizes: Record<ButtonSize, string> = {
  sm: "h-8 rounded-sm px-3 text-sm",
  md: "h-10 rounded-md px-4 text-sm",
  lg: "h-12 rounded-md px-6 text-base",
  icon: "size-10 rounded-md",
  "icon-sm": "size-8 rounded-sm",
};

export interface ButtonStyleProps {
  variant?: ButtonVariant;
  size?: ButtonSize;
  fullWidth?: boolean;
}

// ButtonLink (a link that looks like a button) lives in ./button-link: importing next/link here would put it
// into every client chunk that only needs a <button>, such as the error boundaries every page loads.

/** The button look, for the rare element that is neither a <button> nor a link. */
export function buttonClasses({ variant = "primary", size = "md", fullWidth }: ButtonStyleProps = {}, className?: string) {
  return cn(base, variants[variant], sizes[size], fullWidth && "w-full", className);
}

export interface ButtonProps extends ComponentPropsWithRef<"button">, ButtonStyleProps {
  /** Disables the button and shows a spinner; the label stays so the width does not jump. */
  loading?: boolean;
  /** Announced and shown instead of the label while loading (e.g. "Saving…"). */
  loadingText?: ReactNode;
  icon?: ReactNode;
}

export function Button({
  variant,
  size,
  fullWidth,
  loading = false,
  loadingText,
  icon,
  className,
  children,
  disabled,
  type = "button",
  ...props
}: ButtonProps) {
  return (
    <button
      type={type}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      className={buttonClasses({ variant, size, fullWidth }, className)}
      {...props}
    >
      {loading ? <Spinner /> : icon}
      {loading && loadingText ? loadingText : children}
    </button>
  );
}
