import type { Metadata } from "next";
import { TaxonomyEditor } from "@/components/content/admin/taxonomy-editor";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { listTaxonomyAdmin } from "@/lib/content/taxonomy";

export const metadata: Metadata = { title: "Categories and authors" };

export default async function BlogSettingsPage() {
  await requireStaff("content.publish");
  const { categories, authors } = await listTaxonomyAdmin();
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title="Categories and authors" description="Shown on posts and on their own blog pages. Changing a slug redirects the old address." />
      <div className="grid grid-cols-1 gap-8 xl:grid-cols-2">
        <TaxonomyEditor kind="category" items={categories} />
        <TaxonomyEditor kind="author" items={authors} />
      </div>
    </div>
  );
}
