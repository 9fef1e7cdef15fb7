import type { Metadata } from "next";
import { DocumentList } from "@/components/content/admin/document-list";
import { contentStrings } from "@/components/content/strings";
import { requireStaff } from "@/lib/auth/guards";

export const metadata: Metadata = { title: contentStrings.admin.posts };

export default async function AdminPostsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff("content.write");
  return <DocumentList kind="post" params={await searchParams} />;
}
