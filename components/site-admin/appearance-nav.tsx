import { NavLink } from "@/components/ui/nav-link";

const links = [
  { href: "/admin/appearance", label: "Theme", exact: true },
  { href: "/admin/appearance/menus", label: "Menus" },
  { href: "/admin/appearance/faqs", label: "FAQs" },
  { href: "/admin/appearance/testimonials", label: "Testimonials" },
];

/** The Appearance section's pages, as links (they are pages, not tabs). */
export function AppearanceNav() {
  return (
    <nav aria-label="Appearance" className="-mt-2 border-b border-border">
      <ul className="flex gap-1 overflow-x-auto">
        {links.map((l) => (
          <li key={l.href}>
            <NavLink
              href={l.href}
              exact={l.exact}
              className="inline-block border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap"
              activeClassName="border-brand text-fg"
              inactiveClassName="border-transparent text-muted hover:text-fg"
            >
              {l.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
