import type { Metadata } from "next";
import { DocumentList } from "@/components/content/admin/document-list";
import { contentStrings } from "@/components/content/strings";
import { requireStaff } from "@/lib/auth/guards";

export const metadata: Metadata = { title: contentStrings.admin.pages };

export default async function AdminPagesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff("content.write");
  return <DocumentList kind="page" params={await searchParams} />;
}
