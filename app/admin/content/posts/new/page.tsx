import type { Metadata } from "next";
import { EditorPage } from "@/components/content/admin/editor-page";
import { contentStrings } from "@/components/content/strings";

export const metadata: Metadata = { title: contentStrings.admin.newPost };

export default function NewPostPage() {
  return <EditorPage kind="post" id={null} />;
}
