import { siteStrings } from "./strings";

export interface SiteNavItem {
  href: string;
  label: string;
  /**
   * Only pages that exist are linked: a link to a missing page is a dead end. Flip `ready` when the
   * issue that builds the page lands.
   */
  ready: boolean;
}

const t = siteStrings.nav;

const allItems: SiteNavItem[] = [
  { href: "/vpn", label: t.vpn, ready: true },
  { href: "/hosting", label: t.hosting, ready: false },
  { href: "/cloud", label: t.cloud, ready: false },
  { href: "/locations", label: t.locations, ready: true },
  { href: "/blog", label: t.blog, ready: false },
  { href: "/help", label: t.help, ready: false },
];

export const siteNav = allItems.filter((item) => item.ready);

export const helpReady = allItems.some((item) => item.href === "/help" && item.ready);

export const authLinks = {
  signIn: "/sign-in",
  signUp: "/sign-up",
} as const;
