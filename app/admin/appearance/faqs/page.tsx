import type { Metadata } from "next";
import { AppearanceNav } from "@/components/site-admin/appearance-nav";
import { DeleteButton, FaqForm, MoveButtons } from "@/components/site-admin/list-editors";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { listFaqsForAdmin } from "@/lib/site/admin";

export const metadata: Metadata = { title: "FAQs" };

export default async function FaqsAdminPage() {
  await requireStaff("content.write");
  const rows = await listFaqsForAdmin();
  const categories = [...new Set(rows.map((r) => r.category))];
  return (
    <div className="grid gap-6">
      <PageHeader title="Appearance" description="Questions on the FAQ page (grouped) and the first few on the home page, in this order." />
      <AppearanceNav />
      <Card as="section" aria-labelledby="faq-add-title">
        <CardHeader>
          <CardTitle id="faq-add-title">Add a question</CardTitle>
        </CardHeader>
        <CardContent>
          <FaqForm initial={{ category: categories[0] ?? "", question: "", answerMarkdown: "", published: true }} categories={categories} />
        </CardContent>
      </Card>
      <Card as="section" aria-labelledby="faq-list-title">
        <CardHeader>
          <CardTitle id="faq-list-title">Questions ({rows.length})</CardTitle>
        </CardHeader>
        <CardContent>
          {rows.length === 0 ? (
            <p className="text-sm text-muted">No questions yet. Add the first one above.</p>
          ) : (
            <ol className="divide-y divide-border">
              {rows.map((row, i) => (
                <li key={row.id} className="py-3" data-testid="faq-row">
                  <div className="flex flex-wrap items-center gap-2">
                    <MoveButtons id={row.id} name={row.question} kind="faq" first={i === 0} last={i === rows.length - 1} />
                    <Badge tone="neutral">{row.category}</Badge>
                    {!row.published && <Badge tone="warning">Hidden</Badge>}
                    <details className="min-w-0 flex-1">
                      <summary className="font-medium text-fg">{row.question}</summary>
                      <div className="mt-4">
                        <FaqForm initial={{ id: row.id, category: row.category, question: row.question, answerMarkdown: row.answerMarkdown, published: row.published }} categories={categories} />
                      </div>
                    </details>
                    <DeleteButton id={row.id} name={row.question} kind="faq" />
                  </div>
                </li>
              ))}
            </ol>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
