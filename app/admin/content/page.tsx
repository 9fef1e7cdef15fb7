import { FileText, Image as ImageIcon, Newspaper, Tags } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { contentStrings } from "@/components/content/strings";
import { Card, CardContent } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { listMedia } from "@/lib/content/media";
import { listDocumentsAdmin } from "@/lib/content/queries";

const t = contentStrings.admin;
export const metadata: Metadata = { title: t.hubTitle };

export default async function AdminContentPage() {
  await requireStaff("content.write");
  const [posts, drafts, scheduled, pages, media] = await Promise.all([
    listDocumentsAdmin("post", { pageSize: 1 }),
    listDocumentsAdmin("post", { pageSize: 1, status: "draft" }),
    listDocumentsAdmin("post", { pageSize: 1, status: "scheduled" }),
    listDocumentsAdmin("page", { pageSize: 1 }),
    listMedia({ pageSize: 1 }),
  ]);
  const sections = [
    { href: "/admin/content/posts", icon: Newspaper, title: t.posts, line: `${posts.total} in total · ${drafts.total} draft · ${scheduled.total} scheduled` },
    { href: "/admin/content/pages", icon: FileText, title: t.pages, line: t.pagesDescription(pages.total) },
    { href: "/admin/content/media", icon: ImageIcon, title: t.media, line: `${media.total} image${media.total === 1 ? "" : "s"}` },
    { href: "/admin/content/blog-settings", icon: Tags, title: "Categories and authors", line: "How posts are grouped and who wrote them" },
  ];
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title={t.hubTitle} description={t.hubDescription} />
      <ul className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-4">
        {sections.map((s) => (
          <li key={s.href}>
            <Card className="relative h-full transition-colors hover:border-border-strong">
              <CardContent className="flex items-start gap-3">
                <s.icon aria-hidden="true" className="mt-0.5 size-5 text-brand" />
                <div>
                  <Link href={s.href} className="font-semibold text-fg after:absolute after:inset-0 hover:underline">
                    {s.title}
                  </Link>
                  <p className="mt-1 text-sm text-muted">{s.line}</p>
                </div>
              </CardContent>
            </Card>
          </li>
        ))}
      </ul>
    </div>
  );
}
