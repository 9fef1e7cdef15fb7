import type { Metadata } from "next";
import { EditorPage } from "@/components/content/admin/editor-page";
import { contentStrings } from "@/components/content/strings";

export const metadata: Metadata = { title: contentStrings.admin.newPage };

export default function NewPagePage() {
  return <EditorPage kind="page" id={null} />;
}
