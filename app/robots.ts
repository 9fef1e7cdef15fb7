/** robots.txt: the public site is crawlable; the portal, back office, API and checkout are not. */
import type { MetadataRoute } from "next";
import { connection } from "next/server";
import { absoluteUrl } from "@/lib/content/site-url";

export default async function robots(): Promise<MetadataRoute.Robots> {
  // APP_URL is read at request time so one build serves any domain.
  await connection();
  return {
    rules: [{ userAgent: "*", allow: "/", disallow: ["/admin", "/portal", "/api/", "/checkout", "/sign-in", "/sign-up"] }],
    sitemap: absoluteUrl("/sitemap.xml"),
    host: new URL(absoluteUrl("/")).host,
  };
}
