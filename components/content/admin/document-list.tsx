/** Server-rendered list of CMS pages or blog posts: the shared admin data table (URL state, sort, filters, keyset pages). */
import { DateCell, LinkCell } from "@/components/data-table/cells";
import { ServerDataTable } from "@/components/data-table/server-table";
import { ButtonLink } from "@/components/ui/button-link";
import { StatusBadge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { blogPostsTable, cmsPagesTable, listBlogAuthorOptions, type ContentDocumentRow } from "@/lib/admin/tables/definitions/content";
import { contentStrings } from "../strings";

const t = contentStrings.admin;

export async function DocumentList({ kind, params }: { kind: "page" | "post"; params: Record<string, string | string[] | undefined> }) {
  const base = kind === "page" ? "/admin/content/pages" : "/admin/content/posts";
  const definition = kind === "page" ? cmsPagesTable : blogPostsTable(await listBlogAuthorOptions());
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title={kind === "page" ? t.pages : t.posts}
        description={kind === "page" ? t.pagesListDescription : t.postsListDescription}
        actions={<ButtonLink href={`${base}/new`}>{kind === "page" ? t.newPage : t.newPost}</ButtonLink>}
      />
      <ServerDataTable<ContentDocumentRow>
        id={kind === "page" ? "cms-pages" : "blog-posts"}
        caption={kind === "page" ? t.pages : t.posts}
        noun={kind === "page" ? "pages" : "posts"}
        definition={definition}
        searchParams={params}
        searchPlaceholder={t.searchPosts}
        rowLabel={(r) => r.title}
        columns={[
          {
            id: "title",
            header: t.columns.title,
            hideable: false,
            cell: (r) => (
              <span className="grid">
                <LinkCell href={`${base}/${r.id}`}>{r.title}</LinkCell>
                <span className="text-xs text-muted">{kind === "page" ? `/${r.slug}` : `/blog/${r.slug}`}</span>
              </span>
            ),
          },
          { id: "status", header: t.columns.status, cell: (r) => <StatusBadge status={r.status} /> },
          ...(kind === "post"
            ? [
                { id: "category", header: t.columns.category, cell: (r: ContentDocumentRow) => r.category ?? "—" },
                { id: "author", header: t.columns.author, cell: (r: ContentDocumentRow) => r.author ?? "—" },
              ]
            : []),
          { id: "publishedAt", header: t.columns.live, cell: (r) => <DateCell value={r.status === "scheduled" ? r.publishAt : r.publishedAt} time /> },
          { id: "updatedAt", header: t.columns.updated, cell: (r) => <DateCell value={r.updatedAt} time /> },
        ]}
        empty={{ title: kind === "page" ? t.noPages : t.noPosts, description: kind === "page" ? t.noPagesHint : t.noPostsHint }}
      />
    </div>
  );
}
