/** The edit/new screen shared by pages and posts: loads what the editor needs and checks permissions. */
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { roleHasPermission } from "@/lib/auth/permissions";
import { listMedia } from "@/lib/content/media";
import { siteOrigin } from "@/lib/content/site-url";
import { renderMarkdown } from "@/lib/markdown/content";
import { getDocumentForEdit, listAuthorsAndCategories, listRevisions } from "@/lib/content/queries";
import { contentStrings } from "../strings";
import { DocumentEditor } from "./document-editor";
import { RevisionList } from "./revision-list";

const t = contentStrings.admin;

export async function EditorPage({ kind, id }: { kind: "page" | "post"; id: string | null }) {
  const actor = await requireStaff("content.write");
  const base = kind === "page" ? "/admin/content/pages" : "/admin/content/posts";
  const [doc, taxonomy, media, canPublish, revisions] = await Promise.all([
    id ? getDocumentForEdit(kind, id) : null,
    kind === "post" ? listAuthorsAndCategories() : { authors: [], categories: [] },
    listMedia({ pageSize: 100 }),
    roleHasPermission(actor.role, "content.publish"),
    id ? listRevisions(kind, id) : [],
  ]);
  if (id && !doc) notFound();
  const label = kind === "page" ? t.pages : t.posts;
  return (
    <div className="grid grid-cols-1 gap-6">
      <Link href={base} className="flex w-fit items-center gap-1.5 text-sm font-medium text-muted hover:text-fg">
        <ArrowLeft aria-hidden="true" className="size-4" />
        {label}
      </Link>
      <PageHeader title={doc ? doc.title : kind === "page" ? t.newPage : t.newPost} />
      <DocumentEditor
        key={doc ? `${doc.id}:${doc.revision}` : "new"}
        kind={kind}
        doc={doc}
        authors={taxonomy.authors}
        categories={taxonomy.categories}
        media={media.rows.map((m) => ({ id: m.id, filename: m.filename }))}
        canPublish={canPublish}
        publicPrefix={kind === "page" ? "/" : "/blog/"}
        initialPreviewHtml={doc ? renderMarkdown(doc.bodyMarkdown, { siteOrigin: siteOrigin() }).html : ""}
      />
      {doc && revisions.length > 0 && <RevisionList kind={kind} id={doc.id} current={doc.revision} revisions={revisions} />}
    </div>
  );
}
