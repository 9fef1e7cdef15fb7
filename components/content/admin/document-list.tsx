/** Server-rendered list of pages or posts (hand-written table; the query returns rows + total for a data table later). */
import Link from "next/link";
import { ListFilters } from "@/components/billing/admin/list-filters";
import { ButtonLink } from "@/components/ui/button";
import { StatusBadge, statusLabel } from "@/components/ui/badge";
import { Card, CardContent } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { PUBLISH_STATUSES } from "@/db/content/schema";
import { listDocumentsAdmin } from "@/lib/content/queries";
import { formatDateTime } from "@/lib/format/dates";
import { contentStrings } from "../strings";

const t = contentStrings.admin;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

export async function DocumentList({ kind, params }: { kind: "page" | "post"; params: Record<string, string | string[] | undefined> }) {
  const q = one(params.q);
  const status = one(params.status);
  const base = kind === "page" ? "/admin/content/pages" : "/admin/content/posts";
  const result = await listDocumentsAdmin(kind, { search: q, status, page: Number(one(params.page)) || 1, pageSize: 25 });
  const pageCount = Math.max(1, Math.ceil(result.total / result.pageSize));
  const filtered = Boolean(q || status);
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title={kind === "page" ? t.pages : t.posts}
        description={kind === "page" ? t.pagesDescription(result.total) : t.postsDescription(result.total)}
        actions={<ButtonLink href={`${base}/new`}>{kind === "page" ? t.newPage : t.newPost}</ButtonLink>}
      />
      <ListFilters
        action={base}
        query={q}
        placeholder={t.searchPosts}
        filter={{ name: "status", label: t.statuses, value: status, options: PUBLISH_STATUSES.map((s) => ({ value: s, label: statusLabel(s) })) }}
      />
      {result.rows.length === 0 ? (
        <EmptyState
          title={filtered ? t.noMatches : kind === "page" ? t.noPages : t.noPosts}
          description={filtered ? t.noMatchesHint : kind === "page" ? t.noPagesHint : t.noPostsHint}
          action={filtered ? undefined : <ButtonLink href={`${base}/new`}>{kind === "page" ? t.newPage : t.newPost}</ButtonLink>}
        />
      ) : (
        <Card>
          <CardContent className="relative overflow-x-auto p-0 sm:p-0">
            <table className="w-full min-w-[44rem] text-left text-sm">
              <thead className="text-xs text-muted uppercase">
                <tr className="border-b border-border">
                  <th scope="col" className="px-4 py-2.5 font-medium">{t.columns.title}</th>
                  <th scope="col" className="px-3 py-2.5 font-medium">{t.columns.status}</th>
                  {kind === "post" && <th scope="col" className="px-3 py-2.5 font-medium">{t.columns.category}</th>}
                  {kind === "post" && <th scope="col" className="px-3 py-2.5 font-medium">{t.columns.author}</th>}
                  <th scope="col" className="px-3 py-2.5 font-medium">{t.columns.live}</th>
                  <th scope="col" className="px-4 py-2.5 font-medium">{t.columns.updated}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {result.rows.map((r) => (
                  <tr key={r.id} data-testid={`admin-${kind}-row`}>
                    <td className="px-4 py-2.5">
                      <Link href={`${base}/${r.id}`} className="font-medium text-brand hover:underline">
                        {r.title}
                      </Link>
                      <div className="text-xs text-muted">{kind === "page" ? `/${r.slug}` : `/blog/${r.slug}`}</div>
                    </td>
                    <td className="px-3 py-2.5">
                      <StatusBadge status={r.status} />
                    </td>
                    {kind === "post" && <td className="px-3 py-2.5 text-muted">{r.category ?? "—"}</td>}
                    {kind === "post" && <td className="px-3 py-2.5 text-muted">{r.author ?? "—"}</td>}
                    <td className="px-3 py-2.5 whitespace-nowrap text-muted">{formatDateTime(r.status === "scheduled" ? r.publishAt : r.publishedAt)}</td>
                    <td className="px-4 py-2.5 whitespace-nowrap text-muted">{formatDateTime(r.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </CardContent>
        </Card>
      )}
      <Pagination page={result.page} pageCount={pageCount} pathname={base} searchParams={params} />
    </div>
  );
}
