import "server-only";
import { serverEnv } from "@/lib/env";

/** The public origin (APP_URL), e.g. https://skyport.example, without a trailing slash. */
export function siteOrigin(): string {
  return new URL(serverEnv().APP_URL).origin;
}

/** Absolute URL of a site path (canonical links, feeds, sitemap, Open Graph). */
export function absoluteUrl(pathOrUrl: string): string {
  return new URL(pathOrUrl, `${siteOrigin()}/`).toString();
}

/** Makes root-relative src/href attributes absolute, for HTML read outside the site (feed readers). */
export function absolutizeHtml(html: string): string {
  const origin = siteOrigin();
  return html.replace(/\b(src|href)="\/(?!\/)/g, `$1="${origin}/`);
}
