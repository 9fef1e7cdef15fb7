import type { Metadata } from "next";
import { MediaLibrary } from "@/components/content/admin/media-library";
import { contentStrings } from "@/components/content/strings";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";
import { listMedia } from "@/lib/content/media";

const t = contentStrings.admin;
export const metadata: Metadata = { title: t.media };

export default async function AdminMediaPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireStaff("content.write");
  const params = await searchParams;
  const page = Number(typeof params.page === "string" ? params.page : "1") || 1;
  const [result, canDelete] = await Promise.all([listMedia({ page, pageSize: 24 }), roleHasPermission(actor.role, "content.publish")]);
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title={t.media} description={t.mediaDescription(result.total)} />
      <MediaLibrary
        canDelete={canDelete}
        items={result.rows.map((m) => ({
          id: m.id,
          filename: m.filename,
          url: m.url,
          displayUrl: m.displayUrl,
          alt: m.alt,
          width: m.width,
          height: m.height,
          sizeBytes: m.sizeBytes,
          thumbUrl: m.variants.find((v) => v.width === 640)?.path ? `/media/${m.variants.find((v) => v.width === 640)!.path}` : m.url,
        }))}
      />
      <Pagination page={result.page} pageCount={Math.max(1, Math.ceil(result.total / result.pageSize))} pathname="/admin/content/media" searchParams={params} />
    </div>
  );
}
