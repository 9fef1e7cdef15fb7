import type { Metadata } from "next";
import { EditorPage } from "@/components/content/admin/editor-page";
import { contentStrings } from "@/components/content/strings";

export const metadata: Metadata = { title: contentStrings.admin.editPost };

export default async function EditPostPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EditorPage kind="post" id={id} />;
}
