import { NavLink } from "@/components/ui/nav-link";

const links = [
  { href: "/portal/account", label: "Profile", exact: true },
  { href: "/portal/account/security", label: "Security" },
  { href: "/portal/account/api-tokens", label: "API tokens" },
];

/** Sub-navigation of the account area (links, so every tab has its own URL). */
export function AccountNav() {
  return (
    <nav aria-label="Account" className="-mx-1 flex gap-1 overflow-x-auto border-b border-border">
      {links.map((link) => (
        <NavLink
          key={link.href}
          href={link.href}
          exact={link.exact}
          className="border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap"
          activeClassName="border-brand text-fg"
          inactiveClassName="border-transparent text-muted hover:text-fg"
        >
          {link.label}
        </NavLink>
      ))}
    </nav>
  );
}
