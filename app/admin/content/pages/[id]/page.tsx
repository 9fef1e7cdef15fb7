import type { Metadata } from "next";
import { EditorPage } from "@/components/content/admin/editor-page";
import { contentStrings } from "@/components/content/strings";

export const metadata: Metadata = { title: contentStrings.admin.editPage };

export default async function EditPagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EditorPage kind="page" id={id} />;
}
