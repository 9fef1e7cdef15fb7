import Link from "next/link";
import { ButtonLink } from "@/components/ui/button-link";
import { MenuDisclosure } from "@/components/ui/menu-disclosure";
import { NavLink } from "@/components/ui/nav-link";
import { cachedHeaderMenu } from "@/lib/site/cached";
import { SiteLogo } from "./site-logo";
import { authLinks } from "./navigation";
import { siteStrings } from "./strings";

const t = siteStrings.nav;

const desktopLink = {
  className: "rounded-md px-3 py-2 text-sm font-medium transition-colors",
  activeClassName: "bg-surface-muted text-fg",
  inactiveClassName: "text-muted hover:bg-surface-muted hover:text-fg",
};

const mobileLink = {
  className: "block rounded-md px-3 py-3 text-base font-medium text-fg",
  activeClassName: "bg-surface-muted",
  inactiveClassName: "hover:bg-surface-muted",
};

/** The header menu is edited in admin (Appearance → Menus); cached under the site:menus tag. */
export async function SiteHeader() {
  const siteNav = await cachedHeaderMenu();
  return (
    <header className="sticky top-0 z-40 border-b border-border bg-bg/85 backdrop-blur supports-[backdrop-filter]:bg-bg/70">
      <div className="relative mx-auto flex h-16 max-w-6xl items-center gap-4 px-4 sm:px-6">
        {/* Not prefetched: the home page is the site's largest payload, prefetched (and decoded) on every page load
            for a link rarely followed, and on the home page itself for nothing. */}
        <Link href="/" prefetch={false} aria-label={siteStrings.homeLink} className="-ml-1 rounded-md p-1">
          <SiteLogo />
        </Link>

        <nav aria-label={t.label} className="ml-4 hidden md:block">
          <ul className="flex items-center gap-1">
            {siteNav.map((item) => (
              <li key={item.id}>
                <NavLink href={item.href} {...desktopLink}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>

        <div className="ml-auto flex items-center gap-2">
          {/* Wrapped: the button's own inline-flex would fight a `hidden` class on the same element. */}
          <span className="hidden sm:contents">
            <ButtonLink href={authLinks.signIn} variant="ghost" size="sm">
              {t.signIn}
            </ButtonLink>
          </span>
          <ButtonLink href={authLinks.signUp} size="sm">
            {t.getStarted}
          </ButtonLink>
          <MenuDisclosure label={t.menu} className="md:hidden">
            <nav aria-label={t.label} className="mx-auto max-w-6xl px-4 py-3 sm:px-6">
              <ul className="grid gap-1">
                {siteNav.map((item) => (
                  <li key={item.id}>
                    <NavLink href={item.href} {...mobileLink}>
                      {item.label}
                    </NavLink>
                  </li>
                ))}
                <li className="mt-2 border-t border-border pt-2">
                  <NavLink href={authLinks.signIn} {...mobileLink}>
                    {t.signIn}
                  </NavLink>
                </li>
              </ul>
            </nav>
          </MenuDisclosure>
        </div>
      </div>
    </header>
  );
}
