import Link from "next/link";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { cachedFooterMenu, cachedTheme } from "@/lib/site/cached";
import { DEFAULT_THEME } from "@/lib/site/theme-tokens";
import { authLinks } from "./navigation";
import { SiteLogo } from "./site-logo";
import { siteStrings } from "./strings";

const t = siteStrings.footer;

const linkClass = "text-sm text-muted transition-colors hover:text-fg";

/** Footer columns are edited in admin (Appearance → Menus); the account column is fixed. */
export async function SiteFooter() {
  const [columns, theme] = await Promise.all([cachedFooterMenu(), cachedTheme().catch(() => DEFAULT_THEME)]);
  // The year is part of a cached page; it changes once a year and the next revalidation picks it up.
  const year = new Date().getFullYear();
  return (
    <footer className="border-t border-border bg-bg-subtle">
      <div className="mx-auto grid max-w-6xl gap-10 px-4 py-12 sm:px-6 lg:grid-cols-[2fr_5fr]">
        <div className="grid content-start gap-4">
          {/* Not prefetched: see the header's logo link. */}
          <Link href="/" prefetch={false} aria-label={siteStrings.homeLink} className="w-fit rounded-md">
            <SiteLogo />
          </Link>
          <p className="max-w-sm text-sm text-muted">{t.privacyNote}</p>
        </div>
        <nav aria-label={t.label} className="grid grid-cols-2 gap-8 sm:grid-cols-4" data-testid="footer-menu">
          {columns.map((column) => (
            <div key={column.id}>
              <h2 className="text-sm font-semibold text-fg">{column.label}</h2>
              <ul className="mt-3 grid gap-2">
                {column.links.map((link) => (
                  <li key={link.id}>
                    {link.external ? (
                      <a href={link.href} className={linkClass} rel="noopener noreferrer">
                        {link.label}
                      </a>
                    ) : (
                      <Link href={link.href} className={linkClass}>
                        {link.label}
                      </Link>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ))}
          <div>
            <h2 className="text-sm font-semibold text-fg">{t.account}</h2>
            <ul className="mt-3 grid gap-2">
              <li>
                <Link href={authLinks.signIn} className={linkClass}>
                  {t.signIn}
                </Link>
              </li>
              <li>
                <Link href={authLinks.signUp} className={linkClass}>
                  {t.createAccount}
                </Link>
              </li>
              <li>
                <Link href="/portal" className={linkClass} prefetch={false}>
                  {t.portal}
                </Link>
              </li>
            </ul>
          </div>
        </nav>
      </div>
      <div className="border-t border-border">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-5 sm:px-6">
          <p className="text-sm text-muted">{t.copyright(year, theme.brandName)}</p>
          <ThemeToggle />
        </div>
      </div>
    </footer>
  );
}
