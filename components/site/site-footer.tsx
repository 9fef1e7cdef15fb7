import Link from "next/link";
import { Logo } from "@/components/ui/logo";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { authLinks, siteNav } from "./navigation";
import { siteStrings } from "./strings";

const t = siteStrings.footer;

const linkClass = "text-sm text-muted transition-colors hover:text-fg";

export function SiteFooter() {
  const year = new Date().getFullYear();
  return (
    <footer className="border-t border-border bg-bg-subtle">
      <div className="mx-auto grid max-w-6xl gap-10 px-4 py-12 sm:px-6 md:grid-cols-[3fr_4fr]">
        <div className="grid content-start gap-4">
          <Link href="/" aria-label={siteStrings.homeLink} className="w-fit rounded-md">
            <Logo />
          </Link>
          <p className="max-w-sm text-sm text-muted">{t.privacyNote}</p>
        </div>
        <nav aria-label={t.label} className="grid grid-cols-2 gap-8">
          <div>
            <h2 className="text-sm font-semibold text-fg">{t.product}</h2>
            <ul className="mt-3 grid gap-2">
              <li>
                <Link href="/vpn" className={linkClass}>
                  {t.vpnPlans}
                </Link>
              </li>
              {siteNav
                .filter((item) => item.href !== "/vpn")
                .map((item) => (
                  <li key={item.href}>
                    <Link href={item.href} className={linkClass}>
                      {item.label}
                    </Link>
                  </li>
                ))}
              <li>
                <Link href="/status" className={linkClass}>
                  Status
                </Link>
              </li>
              <li>
                <Link href="/contact" className={linkClass}>
                  Contact
                </Link>
              </li>
            </ul>
          </div>
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
                <Link href="/portal" className={linkClass}>
                  {t.portal}
                </Link>
              </li>
            </ul>
          </div>
        </nav>
      </div>
      <div className="border-t border-border">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-5 sm:px-6">
          <p className="text-sm text-muted">{t.copyright(year)}</p>
          <ThemeToggle />
        </div>
      </div>
    </footer>
  );
}
