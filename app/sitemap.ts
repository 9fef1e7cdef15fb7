/** sitemap.xml: generated per request from cached content reads (expired on publish) and the VPN locations. */
import type { MetadataRoute } from "next";
import { connection } from "next/server";
import { getCachedSitemapContent } from "@/lib/content/cached";
import { buildSitemap } from "@/lib/content/sitemap";
import { listPublicLocations } from "@/lib/vpn/locations";

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  // Built at request time: the build has no database, and publishing must show up at once.
  await connection();
  const [content, locations] = await Promise.all([getCachedSitemapContent(), listPublicLocations().catch(() => [])]);
  return buildSitemap(content, { count: locations.length, lastModified: null });
}
